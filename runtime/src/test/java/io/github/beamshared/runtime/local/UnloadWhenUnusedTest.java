package io.github.beamshared.runtime.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.beamshared.runtime.Lease;
import io.github.beamshared.runtime.ResourceFactory;
import io.github.beamshared.runtime.Sharing;
import io.github.beamshared.runtime.local.UnloadTest.Model;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code beamshared.unloadWhenUnused}: a JVM-wide tag's last release unloads it. */
@Timeout(30)
class UnloadWhenUnusedTest {

  private static final String TAG = "model";

  private final Map<String, String> settings =
      new ConcurrentHashMap<>(Map.of(LocalRegistry.UNLOAD_WHEN_UNUSED_PROPERTY, "true"));
  private final LocalRegistry registry = LocalRegistry.fromSettings(settings::get);
  private final AtomicInteger loads = new AtomicInteger();
  private final List<Model> loaded = new CopyOnWriteArrayList<>();
  private final ResourceFactory<Model> factory =
      () -> {
        loads.incrementAndGet();
        Model model = new Model();
        loaded.add(model);
        return model;
      };

  @Test
  void theLastReleaseUnloadsAndClosesAndTheNextAcquireLoadsAgain() {
    Lease<Model> first = registry.acquire(TAG, Model.class, Sharing.JVM, factory);
    Lease<Model> second = registry.acquire(TAG, Model.class, Sharing.JVM, factory);
    Model model = first.get();

    first.release();
    assertEquals(0, model.closes.get(), "a lease is still held");
    assertTrue(registry.stats(TAG).orElseThrow().loaded());
    second.release();

    assertEquals(1, model.closes.get());
    assertFalse(registry.stats(TAG).orElseThrow().loaded());
    Lease<Model> again = registry.acquire(TAG, Model.class, Sharing.JVM, factory);
    assertNotSame(model, again.get());
    assertEquals(2, registry.stats(TAG).orElseThrow().loads());
  }

  @Test
  void theSettingIsReadAtEachLastRelease() {
    settings.put(LocalRegistry.UNLOAD_WHEN_UNUSED_PROPERTY, "false");
    Lease<Model> kept = registry.acquire(TAG, Model.class, Sharing.JVM, factory);
    kept.release();
    assertTrue(registry.stats(TAG).orElseThrow().loaded(), "false keeps it loaded");

    settings.put(LocalRegistry.UNLOAD_WHEN_UNUSED_PROPERTY, " True ");
    Lease<Model> lease = registry.acquire(TAG, Model.class, Sharing.JVM, factory);
    assertSame(kept.get(), lease.get());
    lease.release();
    assertFalse(registry.stats(TAG).orElseThrow().loaded());
  }

  @Test
  void aTagLeftToItsMachineWideHostStaysLoaded() {
    registry.hostedElsewhere(TAG);
    registry.acquire(TAG, Model.class, Sharing.MACHINE, factory).release();

    assertTrue(registry.stats(TAG).orElseThrow().loaded());
  }

  /**
   * Threads acquire and release at once, again and again: an acquire racing the last release either
   * keeps the resource or loads it anew, never gets a closed one, and never fails.
   */
  @Test
  void acquiresRacingTheLastReleaseAlwaysGetALoadedResource() throws Exception {
    int threads = 4;
    int cycles = 2_000;
    CyclicBarrier start = new CyclicBarrier(threads);
    List<Thread> workers = new ArrayList<>();
    List<Throwable> failures = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      Thread worker =
          new Thread(
              () -> {
                try {
                  start.await(10, TimeUnit.SECONDS);
                  for (int i = 0; i < cycles; i++) {
                    Lease<Model> lease = registry.acquire(TAG, Model.class, Sharing.JVM, factory);
                    if (lease.get().closes.get() != 0) {
                      throw new IllegalStateException("leased a closed resource");
                    }
                    lease.release();
                  }
                } catch (Throwable e) {
                  synchronized (failures) {
                    failures.add(e);
                  }
                }
              });
      workers.add(worker);
      worker.start();
    }
    for (Thread worker : workers) {
      worker.join(TimeUnit.SECONDS.toMillis(20));
    }

    assertEquals(List.of(), failures);
    assertFalse(registry.stats(TAG).orElseThrow().loaded());
    assertTrue(loads.get() > 1, "the threads' releases unloaded it in between: " + loads);
    for (Model model : loaded) {
      assertEquals(1, model.closes.get(), "every copy loaded was closed once");
    }
  }

  @Test
  void withoutTheSettingResourcesStayLoaded() {
    LocalRegistry keeping = new LocalRegistry(Duration.ofSeconds(5));
    keeping.acquire(TAG, Model.class, Sharing.JVM, factory).release();

    assertTrue(keeping.stats(TAG).orElseThrow().loaded());
  }
}
