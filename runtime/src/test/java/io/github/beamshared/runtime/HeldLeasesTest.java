package io.github.beamshared.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.beamshared.runtime.local.LocalRegistry;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class HeldLeasesTest {

  private final HeldLeases held = new HeldLeases();

  @Test
  void releaseAllReleasesEachLeaseOnce() {
    CountingLease a = new CountingLease();
    CountingLease b = new CountingLease();
    assertSame(a, held.add(a));
    held.add(b);

    held.releaseAll();
    held.releaseAll();

    assertEquals(1, a.releases);
    assertEquals(1, b.releases);
  }

  @Test
  void leaseAddedAfterReleaseAllIsReleasedByTheNextCall() {
    CountingLease first = new CountingLease();
    CountingLease later = new CountingLease();
    held.add(first);
    held.releaseAll();

    held.add(later);
    held.releaseAll();

    assertEquals(1, first.releases);
    assertEquals(1, later.releases);
  }

  @Test
  void releaseAllKeepsTheResourceLoaded() {
    LocalRegistry registry = new LocalRegistry(Duration.ofSeconds(5));
    Closeable resource =
        held.add(registry.acquire("model", Closeable.class, Sharing.JVM, Closeable::new)).get();

    held.releaseAll();

    ResourceStats stats = registry.stats("model").orElseThrow();
    assertEquals(0, stats.liveLeases());
    assertTrue(stats.loaded());
    assertFalse(resource.closed);
  }

  /** A lease that only counts its releases, so double releases show. */
  private static final class CountingLease implements Lease<Object> {
    int releases;

    @Override
    public String tag() {
      return "counting";
    }

    @Override
    public Object get() {
      return this;
    }

    @Override
    public ResourceLock lock() {
      throw new UnsupportedOperationException();
    }

    @Override
    public BatchQueue batchQueue(BatchMethod<Object> method, boolean threadSafe) {
      throw new UnsupportedOperationException();
    }

    @Override
    public void release() {
      releases++;
    }
  }

  private static final class Closeable implements AutoCloseable {
    boolean closed;

    @Override
    public void close() {
      closed = true;
    }
  }
}
