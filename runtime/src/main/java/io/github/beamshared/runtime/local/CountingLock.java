package io.github.beamshared.runtime.local;

import io.github.beamshared.runtime.ResourceLock;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A {@link ResourceLock} that counts what it does and serves waiting threads in arrival order: an
 * unfair lock lets a thread that keeps calling take it again and again while others wait (8 threads
 * calling a 1 ms model got between 78 and 1055 calls each). The counters are written only by the
 * thread holding the lock, so plain volatile fields suffice, and the clock is read only when the
 * lock is contended: the uncontended path costs one queue check, one {@code tryLock} and one
 * volatile write.
 */
final class CountingLock implements ResourceLock {

  private final ReentrantLock lock = new ReentrantLock(true);
  // Volatile for the threads that read the statistics; written only while holding the lock.
  private volatile long acquisitions;
  private volatile long waitNanos;

  @Override
  @SuppressWarnings("NonAtomicVolatileUpdate") // only the holder of the lock writes the counters
  public void lock() {
    // tryLock() barges even on a fair lock: take that shortcut only when nobody waits.
    if (!lock.hasQueuedThreads() && lock.tryLock()) {
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
