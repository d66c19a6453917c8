package io.github.beamshared.runtime;

/**
 * The one lock per tag under which every call of a resource declared {@code threadSafe = false}
 * runs, whichever DoFn instance or thread makes it. Generated wrappers use it as
 *
 * <pre>{@code
 * lock.lock();
 * try {
 *   return delegate.embed(text);
 * } finally {
 *   lock.unlock();
 * }
 * }</pre>
 *
 * <p>It counts acquisitions and the time spent waiting for it (see {@link ResourceStats}); an
 * uncontended acquisition does not read the clock.
 */
public interface ResourceLock {

  /** Blocks until this thread holds the lock. Reentrant. */
  void lock();

  /** Releases the lock held by this thread. */
  void unlock();
}
