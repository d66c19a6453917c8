package io.github.beamshared.runtime.local;

import static io.github.beamshared.runtime.TestThreads.TIMEOUT_SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.github.beamshared.runtime.Lease;
import io.github.beamshared.runtime.ResourceFactory;
import io.github.beamshared.runtime.SharedResourceException;
import io.github.beamshared.runtime.Sharing;
import io.github.beamshared.runtime.TestThreads;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class TagBindingTest {

  private static final String TAG = "model";

  private final LocalRegistry registry = new LocalRegistry(Duration.ofSeconds(TIMEOUT_SECONDS));
  private final TestThreads threads = new TestThreads();

  @AfterEach
  void stopThreads() throws InterruptedException {
    threads.close();
  }

  @Test
  void anotherTypeIsRejected() {
    registry.acquire(TAG, String.class, Sharing.JVM, () -> "model");

    SharedResourceException e =
        assertThrows(
            SharedResourceException.class,
            () -> registry.acquire(TAG, Integer.class, Sharing.JVM, mustNotLoad()));

    assertTrue(e.getMessage().contains("'" + TAG + "'"), e.getMessage());
    assertTrue(e.getMessage().contains("@Shared java.lang.String"), e.getMessage());
    assertTrue(e.getMessage().contains("@Shared java.lang.Integer"), e.getMessage());
  }

  @Test
  void anotherSharingIsRejected() {
    registry.acquire(TAG, String.class, Sharing.JVM, () -> "model");

    SharedResourceException e =
        assertThrows(
            SharedResourceException.class,
            () -> registry.acquire(TAG, String.class, Sharing.MACHINE, mustNotLoad()));

    assertTrue(e.getMessage().contains("@Shared java.lang.String"), e.getMessage());
    assertTrue(e.getMessage().contains("@MultiProcessShared java.lang.String"), e.getMessage());
  }

  @Test
  void tagIsBoundAsSoonAsItsLoadStarts() throws Exception {
    BlockingFactory slow = new BlockingFactory(() -> "model");
    TestThreads.Started<Lease<Object>> loader =
        threads.start(() -> registry.acquire(TAG, Object.class, Sharing.JVM, slow));
    slow.awaitStarted();

    // Fails at once rather than waiting for a load it could not use.
    assertThrows(
        SharedResourceException.class,
        () -> registry.acquire(TAG, String.class, Sharing.JVM, mustNotLoad()));

    slow.release();
    assertEquals("model", loader.get().get());
  }

  @Test
  void tagCanBeReboundAfterUnload() {
    registry.acquire(TAG, String.class, Sharing.JVM, () -> "model").release();
    assertTrue(registry.unload(TAG));

    Lease<Integer> rebound = registry.acquire(TAG, Integer.class, Sharing.MACHINE, () -> 42);

    assertEquals(42, rebound.get());
  }

  @Test
  void failedLoadLeavesTagUnbound() {
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

    assertEquals(42, registry.acquire(TAG, Integer.class, Sharing.MACHINE, () -> 42).get());
  }

  private static <T> ResourceFactory<T> mustNotLoad() {
    return () -> fail("a rejected acquire must not run its factory");
  }
}
