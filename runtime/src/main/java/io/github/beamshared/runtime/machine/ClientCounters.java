package io.github.beamshared.runtime.machine;

import io.github.beamshared.runtime.ClientStats;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * What one tag's stub did in this JVM, for {@link ClientStats}: its calls, their times and
 * failures, and the failovers. Counted on the call path without a lock or an allocation: a call
 * through the stub costs tens of microseconds, two clock reads and a few atomic adds a fraction of
 * one.
 */
final class ClientCounters {

  private final LatencyHistogram callTimes = new LatencyHistogram();
  private final LongAdder failedCalls = new LongAdder();
  private final AtomicLong failovers = new AtomicLong();

  /** One call of the stub ended after {@code nanos}; {@code failed} if it reached no answer. */
  void called(long nanos, boolean failed) {
    callTimes.record(nanos);
    if (failed) {
      failedCalls.increment(); // after the call itself, so that no snapshot has more failures
    }
  }

  /** This JVM lost the host it was connected to. */
  void failedOver() {
    failovers.incrementAndGet();
  }

  /** The counts so far, with {@code hostPid} as the host this JVM uses now (0 for none). */
  ClientStats snapshot(long hostPid) {
    long failed = failedCalls.sum();
    LatencyHistogram.Summary calls = callTimes.summary();
    return new ClientStats(
        hostPid,
        calls.count(),
        failed,
        Duration.ofNanos(calls.totalNanos()),
        Duration.ofNanos(calls.p50Nanos()),
        Duration.ofNanos(calls.p99Nanos()),
        Duration.ofNanos(calls.maxNanos()),
        failovers.get());
  }
}
