package io.github.beamshared.runtime;

import org.jspecify.annotations.Nullable;

/**
 * Where the calls of one {@code @BatchedBy} method of a tag's resource go: generated wrappers call
 * {@link #call} in place of the method. In the JVM holding the resource the call waits in the tag's
 * queue for that method and runs in a batch (see {@code runtime.batch.CallQueue}); in a JVM calling
 * another JVM's resource it goes straight to that JVM, where the batch forms.
 */
public interface BatchQueue {

  /**
   * Makes one call of the method with {@code arguments} and returns its own result, {@code null}
   * for a method that returns nothing.
   *
   * @throws Exception what the method or its batch method threw; a {@link SharedResourceException}
   *     if the batch method returned the wrong number of results, or the call waited longer than
   *     the call timeout
   */
  @Nullable Object call(Object[] arguments) throws Exception;
}
