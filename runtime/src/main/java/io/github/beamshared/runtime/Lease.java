package io.github.beamshared.runtime;

/**
 * One DoFn instance's claim on a shared resource, from its {@code @Setup} to its {@code @Teardown}.
 * Releasing a lease never closes the resource: it stays loaded for the next DoFn instance until
 * {@link SharedResources#unload(String)} is called for its tag, or, with {@code
 * beamshared.unloadWhenUnused=true}, until the tag's last lease is released.
 *
 * @param <T> the type of the resource
 */
public interface Lease<T> {

  /** The tag the resource is registered under. */
  String tag();

  /** The shared resource itself; the same object for every lease of the tag. */
  T get();

  /** The lock every call of a resource that is not thread-safe must hold. */
  ResourceLock lock();

  /**
   * Where calls of the {@code @BatchedBy} method {@code method} go: the tag's queue for it where
   * the resource lives, running batches one at a time under {@link #lock()} unless {@code
   * threadSafe}; elsewhere straight to the JVM where it lives.
   */
  BatchQueue batchQueue(BatchMethod<T> method, boolean threadSafe);

  /** Gives the lease back. Calling it again does nothing. */
  void release();
}
