/**
 * Batching: the calls of a {@code @BatchedBy} method, queued in the JVM holding the resource and
 * answered together by one call of its batch method ({@link
 * io.github.beamshared.runtime.batch.CallQueue}).
 */
package io.github.beamshared.runtime.batch;
