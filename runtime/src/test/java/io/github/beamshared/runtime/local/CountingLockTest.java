package io.github.beamshared.runtime.local;

import static io.github.beamshared.runtime.TestThreads.TIMEOUT_SECONDS;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.beamshared.runtime.Lease;
import io.github.beamshared.runtime.Sharing;
import io.github.beamshared.runtime.TestThreads;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class CountingLockTest {

  private static final int THREADS = 8;
  private static final int INCREMENTS = 20_000;

  private final CountingLock lock = new CountingLock();
  private final TestThreads threads = new TestThreads();
  // Deliberately neither volatile nor atomic: only the lock keeps increments from being lost.
  private int counter;

  @AfterEach
  void stopThreads() throws InterruptedException {
    threads.close();
  }

  @Test
  void uncontendedLockDoesNotCountWaitTime() {
    for (int i = 0; i < 3; i++) {
      lock.lock();
      lock.unlock();
    }

    assertEquals(3, lock.acquisitions());
    assertEquals(0, lock.waitNanos());
  }

  @Test
  void isReentrant() {
    lock.lock();
    lock.lock();
    lock.unlock();
    lock.unlock();

    assertEquals(2, lock.acquisitions());
  }

  @Test
  void contendedLockCountsWaitTime() throws Exception {
    lock.lock();
    TestThreads.Started<Void> waiter =
        threads.start(
            () -> {
              lock.lock();
              lock.unlock();
              return null;
            });
    waiter.awaitParked();
    Thread.sleep(50);
    lock.unlock();
    waiter.get();

    assertEquals(2, lock.acquisitions());
    assertTrue(lock.waitNanos() >= 40_000_000, lock.waitNanos() + " ns");
  }

  @Test
  void leasesOfOneTagSerializeThroughItsLock() throws Exception {
    LocalRegistry registry = new LocalRegistry(Duration.ofSeconds(TIMEOUT_SECONDS));
    CyclicBarrier start = new CyclicBarrier(THREADS);
    List<TestThreads.Started<Void>> workers = new ArrayList<>();
    for (int i = 0; i < THREADS; i++) {
      workers.add(
          threads.start(
              () -> {
                // One lease per thread, like one per DoFn instance.
                Lease<Object> lease =
                    registry.acquire("model", Object.class, Sharing.JVM, Object::new);
                start.await(TIMEOUT_SECONDS, SECONDS);
                for (int n = 0; n < INCREMENTS; n++) {
                  lease.lock().lock();
                  try {
                    int read = counter;
                    Thread.onSpinWait();
                    counter = read + 1;
                  } finally {
                    lease.lock().unlock();
                  }
                }
                return null;
              }));
    }
    for (TestThreads.Started<Void> worker : workers) {
      worker.get();
    }

    assertEquals(THREADS * INCREMENTS, counter);
    assertEquals(THREADS * INCREMENTS, registry.stats("model").orElseThrow().lockAcquisitions());
  }
}
