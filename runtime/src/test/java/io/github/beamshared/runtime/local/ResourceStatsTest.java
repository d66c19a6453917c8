package io.github.beamshared.runtime.local;

import static io.github.beamshared.runtime.TestThreads.TIMEOUT_SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.beamshared.runtime.Lease;
import io.github.beamshared.runtime.ResourceLock;
import io.github.beamshared.runtime.ResourceStats;
import io.github.beamshared.runtime.SharedResourceException;
import io.github.beamshared.runtime.Sharing;
import io.github.beamshared.runtime.TestThreads;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class ResourceStatsTest {

  private static final String TAG = "model";

  private final LocalRegistry registry = new LocalRegistry(Duration.ofSeconds(TIMEOUT_SECONDS));
  private final TestThreads threads = new TestThreads();

  @AfterEach
  void stopThreads() throws InterruptedException {
    threads.close();
  }

  @Test
  void countsLoadsAndLeases() {
    Lease<String> first =
        registry.acquire(
            TAG,
            String.class,
            Sharing.JVM,
            () -> {
              Thread.sleep(5);
              return "model";
            });
    registry.acquire(TAG, String.class, Sharing.JVM, () -> "unused");
    registry.acquire(TAG, String.class, Sharing.JVM, () -> "unused");
    first.release();

    ResourceStats stats = registry.stats(TAG).orElseThrow();

    assertEquals(TAG, stats.tag());
    assertTrue(stats.loaded());
    assertEquals(1, stats.loads());
    assertTrue(stats.loadTime().toMillis() >= 5, stats.loadTime().toString());
    assertEquals(2, stats.liveLeases());
    assertEquals(3, stats.acquires(), "released leases still count as acquired");
  }

  @Test
  void failedLoadIsNotCounted() {
    assertThrows(
        SharedResourceException.class,
        () ->
            registry.acquire(
                TAG,
                String.class,
                Sharing.JVM,
                () -> {
                  throw new IllegalStateException("no model");
                }));

    ResourceStats stats = registry.stats(TAG).orElseThrow();

    assertFalse(stats.loaded());
    assertEquals(0, stats.loads());
    assertEquals(Duration.ZERO, stats.loadTime());
    assertEquals(0, stats.acquires());
    assertEquals(0, stats.liveLeases());
  }

  @Test
  void uncontendedLockCountsCallsWithoutWaitTime() {
    Lease<String> a = registry.acquire(TAG, String.class, Sharing.JVM, () -> "model");
    Lease<String> b = registry.acquire(TAG, String.class, Sharing.JVM, () -> "model");
    for (Lease<String> lease : List.of(a, b, a)) {
      lease.lock().lock();
      lease.lock().unlock();
    }

    ResourceStats stats = registry.stats(TAG).orElseThrow();

    assertEquals(3, stats.lockAcquisitions());
    assertEquals(Duration.ZERO, stats.lockWaitTime());
  }

  @Test
  void contendedLockCountsWaitTime() throws Exception {
    ResourceLock lock = registry.acquire(TAG, String.class, Sharing.JVM, () -> "model").lock();
    ResourceLock sameLock = registry.acquire(TAG, String.class, Sharing.JVM, () -> "model").lock();
    lock.lock();
    TestThreads.Started<Void> waiter =
        threads.start(
            () -> {
              sameLock.lock();
              sameLock.unlock();
              return null;
            });
    waiter.awaitParked();
    Thread.sleep(50);
    lock.unlock();
    waiter.get();

    ResourceStats stats = registry.stats(TAG).orElseThrow();

    assertEquals(2, stats.lockAcquisitions());
    assertTrue(stats.lockWaitTime().toMillis() >= 40, stats.lockWaitTime().toString());
  }

  @Test
  void allStatsAreSortedByTag() {
    // Enough tags that the map's own iteration order is not sorted by chance.
    List<String> expected = new ArrayList<>();
    for (int i = 30; i > 0; i--) {
      String tag = "tag-" + i;
      registry.acquire(tag, String.class, Sharing.JVM, () -> tag);
      expected.add(tag);
    }
    Collections.sort(expected);

    List<String> tags = registry.allStats().stream().map(ResourceStats::tag).toList();

    assertEquals(expected, tags);
  }

  @Test
  void unknownTagHasNoStats() {
    assertTrue(registry.stats("never-acquired").isEmpty());
    assertTrue(registry.allStats().isEmpty());
  }
}
