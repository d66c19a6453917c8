package io.github.beamshared.runtime.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.github.beamshared.runtime.Lease;
import io.github.beamshared.runtime.Sharing;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class LocalLeaseTest {

  private static final String TAG = "model";

  private final LocalRegistry registry = new LocalRegistry(Duration.ofSeconds(5));

  @Test
  void leasesOfOneTagShareTheResourceAndTheLock() {
    Lease<Object> a = registry.acquire(TAG, Object.class, Sharing.JVM, Object::new);
    Lease<Object> b = registry.acquire(TAG, Object.class, Sharing.JVM, Object::new);

    assertEquals(TAG, a.tag());
    assertSame(a.get(), b.get());
    assertSame(a.lock(), b.lock());
  }

  @Test
  void releasingTwiceIsHarmless() {
    Lease<Object> a = registry.acquire(TAG, Object.class, Sharing.JVM, Object::new);
    Lease<Object> b = registry.acquire(TAG, Object.class, Sharing.JVM, Object::new);

    a.release();
    a.release();
    assertEquals(1, liveLeases(), "a second release must not give back b's lease");
    b.release();
    b.release();
    assertEquals(0, liveLeases());
  }

  private int liveLeases() {
    return registry.stats(TAG).orElseThrow().liveLeases();
  }
}
