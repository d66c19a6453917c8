package io.github.beamshared.runtime;

import java.time.Duration;

/**
 * What this JVM did as a user of a machine-wide tag hosted by whichever JVM won its election: which
 * JVM hosts it, and the calls its DoFns made through the tag's stub. The host's own threads use the
 * resource directly and make no such calls; a JVM that took over as host after its host died keeps
 * calling through the stub, and those calls run here and count too.
 *
 * <p>Call times are measured around each call of the stub, by the thread making it, and include
 * waiting for a connection, the host's lock or batch, and a failover during the call. The
 * percentiles come from buckets each an eighth of a power of two wide, so each is at most 12.5%
 * above the true value; the total and the maximum are exact.
 *
 * @param hostPid the pid of the JVM hosting the tag as this JVM knows it: this JVM's own pid while
 *     it hosts (see {@link #hostedHere()}), 0 while it neither hosts nor is connected to a host (as
 *     after its last release, since a client holding no lease hangs up) and for a JVM-wide tag
 * @param calls how many calls this JVM made through the stub, answered or not
 * @param failedCalls how many of them threw a {@link SharedResourceException}: the host could not
 *     be reached, did not answer in time, or its answer could not be read; an exception the
 *     resource threw is its answer and does not count, unless it is itself a {@code
 *     SharedResourceException}
 * @param callTime the total time the calls took
 * @param p50CallTime the median time of a call
 * @param p99CallTime the time 99% of the calls took at most
 * @param maxCallTime the longest call
 * @param failovers how many times this JVM lost the host it was connected to (it died, or the
 *     connection broke) and so had to elect one again, whichever JVM won
 */
public record ClientStats(
    long hostPid,
    long calls,
    long failedCalls,
    Duration callTime,
    Duration p50CallTime,
    Duration p99CallTime,
    Duration maxCallTime,
    long failovers) {

  /** Not a machine-wide tag, or one this JVM neither hosts nor is connected to nor called. */
  public static final ClientStats NONE =
      new ClientStats(0, 0, 0, Duration.ZERO, Duration.ZERO, Duration.ZERO, Duration.ZERO, 0);

  /**
   * Whether these figures are {@link #NONE}'s. Compared field by field, not with the record's own
   * {@code equals}, which the JDK links through {@code ObjectMethods} method handles: calling it in
   * a job kept the job's class loader reachable long after the job ended ({@code
   * PerJobClassLoadersTest}, where a Flink-like per-job loader must be collected). Statistics are
   * logged at every unload, so this runs in every job.
   */
  public boolean isNone() {
    return hostPid == 0
        && calls == 0
        && failedCalls == 0
        && callTime.isZero()
        && maxCallTime.isZero()
        && failovers == 0;
  }

  /** Whether this JVM hosts the machine-wide tag now; false for a JVM-wide tag. */
  public boolean hostedHere() {
    return hostPid != 0 && hostPid == ProcessHandle.current().pid();
  }

  /** The mean time of a call, 0 before the first. */
  public Duration meanCallTime() {
    return calls == 0 ? Duration.ZERO : callTime.dividedBy(calls);
  }

  @Override
  public String toString() {
    String host =
        hostPid == 0
            ? "no host connected"
            : hostedHere() ? "hosted by this JVM" : "hosted by the JVM with pid " + hostPid;
    String made =
        calls == 0
            ? ""
            : ", "
                + calls
                + " call(s) through the stub ("
                + failedCalls
                + " failed), mean "
                + micros(meanCallTime())
                + ", p50 "
                + micros(p50CallTime)
                + ", p99 "
                + micros(p99CallTime)
                + ", max "
                + micros(maxCallTime);
    return host + made + (failovers == 0 ? "" : ", " + failovers + " failover(s)");
  }

  private static String micros(Duration time) {
    return time.toNanos() / 1000 + " µs";
  }
}
