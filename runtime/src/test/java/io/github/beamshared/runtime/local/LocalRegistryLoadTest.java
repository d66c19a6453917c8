package io.github.beamshared.runtime.local;

import static io.github.beamshared.runtime.TestThreads.TIMEOUT_SECONDS;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.github.beamshared.runtime.Lease;
import io.github.beamshared.runtime.ResourceFactory;
import io.github.beamshared.runtime.ResourceStats;
import io.github.beamshared.runtime.Sharing;
import io.github.beamshared.runtime.TestThreads;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class LocalRegistryLoadTest {

  private static final int THREADS = 16;
  // Races show up rarely; many fresh registries give them many chances.
  private static final int ROUNDS = 200;

  private final TestThreads threads = new TestThreads();

  @AfterEach
  void stopThreads() throws InterruptedException {
    threads.close();
  }

  @Test
  void concurrentAcquirersShareOneLoad() throws Exception {
    for (int round = 0; round < ROUNDS; round++) {
      LocalRegistry registry = new LocalRegistry(Duration.ofSeconds(TIMEOUT_SECONDS));
      AtomicInteger calls = new AtomicInteger();
      ResourceFactory<Object> factory =
          () -> {
            calls.incrementAndGet();
            Thread.sleep(2); // long enough that the other threads arrive while it loads
            return new Object();
          };
      CyclicBarrier start = new CyclicBarrier(THREADS);
      List<TestThreads.Started<Lease<Object>>> acquirers = new ArrayList<>();
      for (int i = 0; i < THREADS; i++) {
        acquirers.add(
            threads.start(
                () -> {
                  start.await(TIMEOUT_SECONDS, SECONDS);
                  return registry.acquire("model", Object.class, Sharing.JVM, factory);
                }));
      }

      Object first = acquirers.get(0).get().get();
      for (TestThreads.Started<Lease<Object>> acquirer : acquirers) {
        assertSame(first, acquirer.get().get(), "round " + round);
      }
      assertEquals(1, calls.get(), "factory calls in round " + round);
      ResourceStats stats = registry.stats("model").orElseThrow();
      assertEquals(1, stats.loads(), "round " + round);
      assertEquals(THREADS, stats.liveLeases(), "round " + round);
      assertEquals(THREADS, stats.acquires(), "round " + round);
    }
  }

  @Test
  void resourceStaysLoadedAfterLastRelease() {
    LocalRegistry registry = new LocalRegistry(Duration.ofSeconds(TIMEOUT_SECONDS));
    AtomicInteger calls = new AtomicInteger();
    ResourceFactory<Object> factory =
        () -> {
          calls.incrementAndGet();
          return new Object();
        };

    Lease<Object> first = registry.acquire("model", Object.class, Sharing.JVM, factory);
    Object resource = first.get();
    first.release();
    Lease<Object> second = registry.acquire("model", Object.class, Sharing.JVM, factory);

    assertSame(resource, second.get());
    assertEquals(1, calls.get());
    ResourceStats stats = registry.stats("model").orElseThrow();
    assertEquals(1, stats.loads());
    assertEquals(1, stats.liveLeases());
  }

  @Test
  void tagsAreLoadedIndependently() {
    LocalRegistry registry = new LocalRegistry(Duration.ofSeconds(TIMEOUT_SECONDS));

    Lease<String> a = registry.acquire("a", String.class, Sharing.JVM, () -> "A");
    Lease<String> b = registry.acquire("b", String.class, Sharing.JVM, () -> "B");

    assertEquals("A", a.get());
    assertEquals("B", b.get());
    assertEquals("a", a.tag());
  }
}
