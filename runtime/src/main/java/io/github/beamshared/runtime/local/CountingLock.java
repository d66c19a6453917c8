package io.github.beamshared.runtime.local;

import io.github.beamshared.runtime.ResourceLock;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A {@link ResourceLock} that counts what it does. The counters are written only by the thread
 * holding the lock, so plain volatile fields suffice, and the clock is read only when the lock is
 * contended: the uncontended path costs one {@code tryLock} and one volatile write.
 */
final class CountingLock implements ResourceLock {

  private final ReentrantLock lock = new ReentrantLock();
  private volatile long acquisitions;
  private volatile long waitNanos;

  @Override
  public void lock() {
    if (lock.tryLock()) {
      acquisitions++;
      return;
    }
    long start = System.nanoTime();
    lock.lock();
    waitNanos += System.nanoTime() - start;
    acquisitions++;
  }

  @Override
  public void unlock() {
    lock.unlock();
  }

  long acquisitions() {
    return acquisitions;
  }

  long waitNanos() {
    return waitNanos;
  }
}
