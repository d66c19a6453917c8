package io.github.beamshared.processor.model;

import javax.lang.model.element.ExecutableElement;

/**
 * A {@code @BatchedBy} method of a shared interface, paired with its batch method, and the
 * annotation's settings.
 *
 * @param method the method whose concurrent calls are batched
 * @param batch the method that answers a batch of them in one call
 * @param maxBatchSize the most calls one batch takes
 * @param maxWaitMicros how long the first call of a batch waits for more
 * @param concurrentBatches how many batches of a thread-safe resource may run at once, 0 for one
 *     per processor
 */
public record BatchedMethod(
    ExecutableElement method,
    ExecutableElement batch,
    int maxBatchSize,
    long maxWaitMicros,
    int concurrentBatches) {}
