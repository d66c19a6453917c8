package io.github.beamshared.runtime;

import java.time.Duration;
import java.util.Locale;

/**
 * What the batched methods of one tag did in the JVM holding the resource.
 *
 * @param batches how many batches ran, a batch of one included
 * @param calls how many calls they answered
 * @param largestBatch the most calls one batch answered
 * @param queueWait the total time calls waited in the queue until their batch started
 * @param batchesFromSeveralJvms batches that answered calls of more than one JVM
 */
public record BatchStats(
    long batches, long calls, int largestBatch, Duration queueWait, long batchesFromSeveralJvms) {

  /** No batch has run. */
  public static final BatchStats NONE = new BatchStats(0, 0, 0, Duration.ZERO, 0);

  /** Calls per batch, 0 before the first batch. */
  public double meanBatchSize() {
    return batches == 0 ? 0 : (double) calls / batches;
  }

  /** How long a call waited on average until its batch started. */
  public Duration meanQueueWait() {
    return calls == 0 ? Duration.ZERO : queueWait.dividedBy(calls);
  }

  /** Both together, as for the several batched methods of one tag. */
  public BatchStats plus(BatchStats other) {
    return new BatchStats(
        batches + other.batches,
        calls + other.calls,
        Math.max(largestBatch, other.largestBatch),
        queueWait.plus(other.queueWait),
        batchesFromSeveralJvms + other.batchesFromSeveralJvms);
  }

  @Override
  public String toString() {
    return batches
        + " batches of "
        + String.format(Locale.ROOT, "%.1f", meanBatchSize())
        + " calls on average"
        + " (at most "
        + largestBatch
        + ", "
        + batchesFromSeveralJvms
        + " from several JVMs),"
        + " queue wait "
        + meanQueueWait().toNanos() / 1000
        + " µs per call";
  }
}
