package io.github.beamshared.runtime;

/**
 * The settings of one {@code @BatchedBy} method.
 *
 * @param maxBatchSize the most calls one batch takes, at least 1
 * @param maxWaitMicros how long the first call of a batch waits for more calls; 0 runs with the
 *     calls already waiting
 * @param concurrentBatches how many batches of a thread-safe resource may run at once; 0 means one
 *     per available processor. A resource that is not thread-safe runs one at a time.
 */
public record BatchSettings(int maxBatchSize, long maxWaitMicros, int concurrentBatches) {

  public BatchSettings {
    if (maxBatchSize < 1 || maxWaitMicros < 0 || concurrentBatches < 0) {
      throw new IllegalArgumentException(
          "Invalid batch settings: "
              + maxBatchSize
              + " calls at most, "
              + maxWaitMicros
              + " µs wait, "
              + concurrentBatches
              + " concurrent batches");
    }
  }

  /** How many batches may run at once for a resource that is, or is not, thread-safe. */
  public int concurrency(boolean threadSafe) {
    if (!threadSafe) {
      return 1;
    }
    return concurrentBatches > 0 ? concurrentBatches : Runtime.getRuntime().availableProcessors();
  }
}
