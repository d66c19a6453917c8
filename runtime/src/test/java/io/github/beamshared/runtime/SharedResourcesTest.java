package io.github.beamshared.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The facade over the JVM's one registry; each test uses its own tag and unloads it. */
class SharedResourcesTest {

  @Test
  void jvmWideLoadsOnceAndUnloads() {
    String tag = "SharedResourcesTest.jvmWide";
    AtomicInteger calls = new AtomicInteger();
    ResourceFactory<Object> factory =
        () -> {
          calls.incrementAndGet();
          return new Object();
        };
    Lease<Object> a = SharedResources.jvmWide(tag, Object.class, factory);
    Lease<Object> b = SharedResources.jvmWide(tag, Object.class, factory);

    assertSame(a.get(), b.get());
    assertEquals(1, calls.get());
    assertEquals(2, SharedResources.stats(tag).orElseThrow().liveLeases());
    assertTrue(SharedResources.allStats().stream().anyMatch(s -> s.tag().equals(tag)));

    a.release();
    b.release();
    assertTrue(SharedResources.unload(tag));
    assertFalse(SharedResources.stats(tag).orElseThrow().loaded());
  }
}
