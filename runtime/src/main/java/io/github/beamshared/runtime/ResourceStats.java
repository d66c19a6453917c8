package io.github.beamshared.runtime;

import java.time.Duration;

/**
 * A snapshot of what happened to one tag in this JVM since it was first acquired.
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
    BatchStats batching) {

  @Override
  public String toString() {
    return "'"
        + tag
        + "': "
        + (loaded ? "loaded" : "not loaded")
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
