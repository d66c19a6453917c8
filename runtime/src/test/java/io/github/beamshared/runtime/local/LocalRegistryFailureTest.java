package io.github.beamshared.runtime.local;

import static io.github.beamshared.runtime.TestThreads.TIMEOUT_SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.beamshared.runtime.Lease;
import io.github.beamshared.runtime.ResourceFactory;
import io.github.beamshared.runtime.SharedResourceException;
import io.github.beamshared.runtime.Sharing;
import io.github.beamshared.runtime.TestThreads;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class LocalRegistryFailureTest {

  private static final String TAG = "model";
  private static final int WAITERS = 4;

  private final LocalRegistry registry = new LocalRegistry(Duration.ofSeconds(TIMEOUT_SECONDS));
  private final TestThreads threads = new TestThreads();

  @AfterEach
  void stopThreads() throws InterruptedException {
    threads.close();
  }

  @Test
  void factoryFailureReachesEveryWaiterAndIsNotCached() throws Exception {
    IOException failure = new IOException("model file missing");
    BlockingFactory failing =
        new BlockingFactory(
            () -> {
              throw failure;
            });
    List<TestThreads.Started<Lease<Object>>> acquirers = new ArrayList<>();
    acquirers.add(threads.start(() -> registry.acquire(TAG, Object.class, Sharing.JVM, failing)));
    failing.awaitStarted();
    for (int i = 0; i < WAITERS; i++) {
      TestThreads.Started<Lease<Object>> waiter =
          threads.start(() -> registry.acquire(TAG, Object.class, Sharing.JVM, failing));
      waiter.awaitParked();
      acquirers.add(waiter);
    }
    failing.release();

    for (TestThreads.Started<Lease<Object>> acquirer : acquirers) {
      SharedResourceException e =
          assertInstanceOf(SharedResourceException.class, acquirer.failure());
      assertSame(failure, e.getCause());
    }
    assertEquals(1, failing.calls(), "the waiters must wait for the one load, not run their own");
    assertFalse(registry.stats(TAG).orElseThrow().loaded());
    assertEquals(
        "recovered", registry.acquire(TAG, Object.class, Sharing.JVM, () -> "recovered").get());
  }

  @Test
  void factoryReturningNullFails() {
    SharedResourceException e =
        assertThrows(
            SharedResourceException.class,
            () -> registry.acquire(TAG, String.class, Sharing.JVM, () -> null));

    assertTrue(
        e.getMessage().startsWith("The factory of shared resource '" + TAG + "' returned null"),
        e.getMessage());
    assertFalse(registry.stats(TAG).orElseThrow().loaded());
  }

  @Test
  void factoryAcquiringItsOwnTagFailsAtOnceInsteadOfWaitingForItself() {
    SharedResourceException e =
        assertThrows(
            SharedResourceException.class,
            () ->
                registry.acquire(
                    TAG,
                    Object.class,
                    Sharing.JVM,
                    () -> registry.acquire(TAG, Object.class, Sharing.JVM, () -> "inner").get()));

    assertTrue(e.getMessage().contains("acquires '" + TAG + "' itself"), e.getMessage());
    assertEquals(
        "recovered", registry.acquire(TAG, Object.class, Sharing.JVM, () -> "recovered").get());
  }

  @Test
  void factoryReturningAnotherTypeFails() {
    SharedResourceException e =
        assertThrows(
            SharedResourceException.class,
            () -> registry.acquire(TAG, String.class, Sharing.JVM, returning(42)));

    assertTrue(
        e.getMessage().contains("returned a java.lang.Integer, which is not a java.lang.String"),
        e.getMessage());
    assertFalse(registry.stats(TAG).orElseThrow().loaded());
  }

  @Test
  void waitingForAnotherThreadsLoadTimesOut() throws Exception {
    LocalRegistry impatient = new LocalRegistry(Duration.ofMillis(200));
    BlockingFactory slow = new BlockingFactory(() -> "model");
    TestThreads.Started<Lease<Object>> loader =
        threads.start(() -> impatient.acquire(TAG, Object.class, Sharing.JVM, slow));
    slow.awaitStarted();

    long start = System.nanoTime();
    SharedResourceException e =
        assertThrows(
            SharedResourceException.class,
            () -> impatient.acquire(TAG, Object.class, Sharing.JVM, slow));
    long waitedMillis = (System.nanoTime() - start) / 1_000_000;

    assertTrue(waitedMillis >= 200, "gave up after " + waitedMillis + " ms");
    assertTrue(e.getMessage().contains("'" + TAG + "'"), e.getMessage());
    assertTrue(e.getMessage().contains("beamshared.loadTimeoutSeconds"), e.getMessage());
    slow.release();
    assertEquals("model", loader.get().get(), "the load itself goes on");
    assertEquals(1, slow.calls());
  }

  @Test
  void interruptWhileWaitingForALoad() throws Exception {
    BlockingFactory slow = new BlockingFactory(() -> "model");
    TestThreads.Started<Lease<Object>> loader =
        threads.start(() -> registry.acquire(TAG, Object.class, Sharing.JVM, slow));
    slow.awaitStarted();
    TestThreads.Started<Boolean> waiter =
        threads.start(
            () -> {
              SharedResourceException e =
                  assertThrows(
                      SharedResourceException.class,
                      () -> registry.acquire(TAG, Object.class, Sharing.JVM, slow));
              assertInstanceOf(InterruptedException.class, e.getCause());
              return Thread.currentThread().isInterrupted();
            });
    waiter.awaitParked();

    waiter.thread().interrupt();

    assertTrue(waiter.get(), "the interrupt flag must be restored");
    slow.release();
    assertEquals("model", loader.get().get());
  }

  @SuppressWarnings("unchecked") // the lie under test: raw or reflective code can return anything
  private static ResourceFactory<String> returning(Object value) {
    ResourceFactory<?> factory = () -> value;
    return (ResourceFactory<String>) factory;
  }
}
