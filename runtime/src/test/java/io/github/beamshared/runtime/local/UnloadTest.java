package io.github.beamshared.runtime.local;

import static io.github.beamshared.runtime.TestThreads.TIMEOUT_SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.beamshared.runtime.Lease;
import io.github.beamshared.runtime.ResourceFactory;
import io.github.beamshared.runtime.SharedResourceException;
import io.github.beamshared.runtime.Sharing;
import io.github.beamshared.runtime.TestThreads;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class UnloadTest {

  private static final String TAG = "model";

  private final LocalRegistry registry = new LocalRegistry(Duration.ofSeconds(TIMEOUT_SECONDS));
  private final TestThreads threads = new TestThreads();
  private final AtomicInteger loads = new AtomicInteger();
  private final ResourceFactory<Model> factory =
      () -> {
        loads.incrementAndGet();
        return new Model();
      };

  @AfterEach
  void stopThreads() throws InterruptedException {
    threads.close();
  }

  @Test
  void unloadWhileLeasesAreHeldFails() {
    Lease<Model> first = registry.acquire(TAG, Model.class, Sharing.JVM, factory);
    registry.acquire(TAG, Model.class, Sharing.JVM, factory);

    IllegalStateException e = assertThrows(IllegalStateException.class, () -> registry.unload(TAG));
    assertTrue(e.getMessage().contains("'" + TAG + "': 2 lease(s)"), e.getMessage());
    first.release();
    e = assertThrows(IllegalStateException.class, () -> registry.unload(TAG));
    assertTrue(e.getMessage().contains("1 lease(s)"), e.getMessage());

    assertEquals(0, first.get().closes.get());
    assertTrue(registry.stats(TAG).orElseThrow().loaded());
  }

  @Test
  void unloadClosesTheResourceAndTheNextAcquireReloads() {
    Lease<Model> lease = registry.acquire(TAG, Model.class, Sharing.JVM, factory);
    Model first = lease.get();
    lease.release();

    assertTrue(registry.unload(TAG));

    assertEquals(1, first.closes.get());
    assertFalse(registry.stats(TAG).orElseThrow().loaded());
    Model second = registry.acquire(TAG, Model.class, Sharing.JVM, factory).get();
    assertNotSame(first, second);
    assertEquals(2, loads.get());
    assertEquals(2, registry.stats(TAG).orElseThrow().loads());
  }

  @Test
  void unloadOfWhatIsNotLoadedReturnsFalse() {
    assertFalse(registry.unload("never-acquired"));

    registry.acquire(TAG, Model.class, Sharing.JVM, factory).release();
    assertTrue(registry.unload(TAG));
    assertFalse(registry.unload(TAG), "already unloaded");

    assertThrows(
        SharedResourceException.class,
        () ->
            registry.acquire(
                "broken",
                Model.class,
                Sharing.JVM,
                () -> {
                  throw new IllegalStateException("no model");
                }));
    assertFalse(registry.unload("broken"), "its load failed");
  }

  @Test
  void unloadOfAResourceThatIsNotCloseableDropsIt() {
    registry.acquire(TAG, String.class, Sharing.JVM, () -> "model").release();

    assertTrue(registry.unload(TAG));
    assertFalse(registry.stats(TAG).orElseThrow().loaded());
  }

  @Test
  void failureToCloseIsNotThrown() {
    registry
        .acquire(
            TAG,
            AutoCloseable.class,
            Sharing.JVM,
            () ->
                () -> {
                  throw new IllegalStateException("close failed");
                })
        .release();

    assertTrue(registry.unload(TAG));
    assertFalse(registry.stats(TAG).orElseThrow().loaded());
  }

  @Test
  void unloadWhileLoadingFails() throws Exception {
    BlockingFactory slow = new BlockingFactory(() -> "model");
    TestThreads.Started<Lease<Object>> loader =
        threads.start(() -> registry.acquire(TAG, Object.class, Sharing.JVM, slow));
    slow.awaitStarted();

    IllegalStateException e = assertThrows(IllegalStateException.class, () -> registry.unload(TAG));

    assertTrue(e.getMessage().contains("while it is loading"), e.getMessage());
    slow.release();
    assertEquals("model", loader.get().get());
  }

  /** A resource that counts how often it is closed. */
  static final class Model implements AutoCloseable {
    final AtomicInteger closes = new AtomicInteger();

    @Override
    public void close() {
      closes.incrementAndGet();
    }
  }
}
