package io.github.beamshared.runtime;

import java.time.Duration;

/**
 * A snapshot of what happened to one tag in this JVM since it was first acquired.
 *
 * <p>The resource's own figures (from {@code loaded} to {@code batching}) are kept by the JVM
 * holding it: for a machine-wide tag, by its host, where they count the leases and calls of every
 * JVM. In a JVM that never held it, a client of the host, they are 0 and {@code client} tells what
 * it did.
 *
 * @param tag the resource's tag
 * @param loaded whether the resource is loaded now
 * @param loads how many times the factory completed successfully (more than one only after an
 *     explicit unload)
 * @param loadTime the total time the successful loads took
 * @param liveLeases how many leases are held now, one per DoFn instance between setup and teardown
 * @param acquires how many leases were handed out in total
 * @param lockAcquisitions how many calls (or batches) went through the tag's lock
 * @param lockWaitTime the total time callers spent waiting for the lock while another held it
 * @param batching what the tag's {@code @BatchedBy} methods did; {@link BatchStats#NONE} if none
 * @param client for a machine-wide tag, which JVM hosts it and what this JVM's calls through its
 *     stub did; {@link ClientStats#NONE} for a JVM-wide tag
 */
public record ResourceStats(
    String tag,
    boolean loaded,
    long loads,
    Duration loadTime,
    int liveLeases,
    long acquires,
    long lockAcquisitions,
    Duration lockWaitTime,
    BatchStats batching,
    ClientStats client) {

  /** The statistics of {@code tag} in a JVM that does not hold it: only what it did as a client. */
  static ResourceStats notHeld(String tag, ClientStats client) {
    return new ResourceStats(
        tag, false, 0, Duration.ZERO, 0, 0, 0, Duration.ZERO, BatchStats.NONE, client);
  }

  /** These statistics, with {@code client} as this JVM's view of the tag's host. */
  ResourceStats withClient(ClientStats client) {
    return new ResourceStats(
        tag,
        loaded,
        loads,
        loadTime,
        liveLeases,
        acquires,
        lockAcquisitions,
        lockWaitTime,
        batching,
        client);
  }

  @Override
  public String toString() {
    if (client.isNone()) {
      return "'" + tag + "': " + held();
    }
    // A client that never held the resource itself has only its client figures to show.
    return "'" + tag + "': " + (acquires == 0 ? "" : held() + "; ") + client;
  }

  private String held() {
    return (loaded ? "loaded" : "not loaded")
        + ", "
        + loads
        + " load(s) in "
        + loadTime.toMillis()
        + " ms, "
        + liveLeases
        + " live lease(s) of "
        + acquires
        + ", "
        + lockAcquisitions
        + " locked call(s) that waited "
        + lockWaitTime.toMillis()
        + " ms"
        + (batching.batches() == 0 ? "" : ", " + batching);
  }
}
