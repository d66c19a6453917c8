package io.github.beamshared.runtime.local;

import io.github.beamshared.runtime.Lease;
import io.github.beamshared.runtime.ResourceFactory;
import io.github.beamshared.runtime.ResourceLock;
import io.github.beamshared.runtime.ResourceStats;
import io.github.beamshared.runtime.SharedResourceException;
import io.github.beamshared.runtime.Sharing;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything the registry knows of one tag: the resource once loaded, the load in progress, the
 * type and sharing the tag is bound to, the tag's lock and its statistics.
 *
 * <p>Who loads: the first acquirer finding neither a resource nor a load in progress runs the
 * factory on its own thread, outside this entry's monitor. Who waits: every other acquirer, on the
 * same future, for at most the registry's load timeout. On failure: every waiter gets the
 * factory's exception as cause, and the entry returns to empty so the next acquire loads again.
 */
final class TagEntry {

  private static final Logger LOG = LoggerFactory.getLogger(LocalRegistry.class);

  private final String tag;
  private final CountingLock lock = new CountingLock();
  private final LongAdder acquires = new LongAdder();
  private final AtomicInteger liveLeases = new AtomicInteger();

  // Guarded by this.
  private Class<?> boundType;
  private Sharing boundSharing;
  private Object resource;
  private CompletableFuture<Object> pendingLoad;
  private Thread loadingThread;
  private long loads;
  private long loadNanos;

  TagEntry(String tag) {
    this.tag = tag;
  }

  String tag() {
    return tag;
  }

  ResourceLock lock() {
    return lock;
  }

  <T> Lease<T> acquire(
      Class<? super T> type,
      Sharing sharing,
      ResourceFactory<? extends T> factory,
      Duration loadTimeout) {
    while (true) {
      CompletableFuture<Object> load;
      boolean loadHere = false;
      synchronized (this) {
        checkBinding(type, sharing);
        if (resource != null) {
          return newLease();
        }
        if (loadingThread == Thread.currentThread()) {
          throw new SharedResourceException("The factory of shared resource '" + tag
              + "' acquires '" + tag + "' itself, which would wait for its own load forever.");
        }
        if (pendingLoad == null) {
          pendingLoad = new CompletableFuture<>();
          loadingThread = Thread.currentThread();
          boundType = type;
          boundSharing = sharing;
          loadHere = true;
        }
        load = pendingLoad;
      }
      if (loadHere) {
        load(factory, type, load);
      }
      Object loaded = await(load, loadTimeout);
      synchronized (this) {
        if (resource == loaded) {
          return newLease();
        }
      }
      // Unloaded between the load and this lease: acquire again.
    }
  }

  void released() {
    liveLeases.decrementAndGet();
  }

  boolean unload() {
    Object dropped;
    synchronized (this) {
      if (pendingLoad != null) {
        throw new IllegalStateException(
            "Cannot unload shared resource '" + tag + "' while it is loading.");
      }
      int live = liveLeases.get();
      if (live > 0) {
        throw new IllegalStateException(
            "Cannot unload shared resource '" + tag + "': " + live + " lease(s) are still held."
                + " Unload it after every DoFn using it has been torn down.");
      }
      dropped = resource;
      resource = null;
      boundType = null;
      boundSharing = null;
    }
    if (dropped == null) {
      return false;
    }
    LOG.info("Unloaded shared resource '{}' ({})", tag, dropped.getClass().getName());
    if (dropped instanceof AutoCloseable closeable) {
      try {
        closeable.close();
      } catch (Exception e) {
        LOG.warn("Closing unloaded shared resource '{}' failed", tag, e);
      }
    }
    return true;
  }

  synchronized ResourceStats stats() {
    return new ResourceStats(
        tag,
        resource != null,
        loads,
        Duration.ofNanos(loadNanos),
        liveLeases.get(),
        acquires.sum(),
        lock.acquisitions(),
        Duration.ofNanos(lock.waitNanos()));
  }

  private void checkBinding(Class<?> type, Sharing sharing) {
    if (boundType != null && (boundType != type || boundSharing != sharing)) {
      throw new SharedResourceException(
          "Shared resource tag '" + tag + "' is bound to " + describe(boundType, boundSharing)
              + " and cannot also be acquired as " + describe(type, sharing)
              + ". Give different resources different tags.");
    }
  }

  private static String describe(Class<?> type, Sharing sharing) {
    return sharing.annotation() + " " + type.getName();
  }

  @SuppressWarnings("unchecked") // the resource was checked to be an instance of the bound type
  private <T> Lease<T> newLease() {
    acquires.increment();
    liveLeases.incrementAndGet();
    return new LocalLease<>(this, (T) resource);
  }

  private void load(ResourceFactory<?> factory, Class<?> type, CompletableFuture<Object> load) {
    long start = System.nanoTime();
    Object value;
    try {
      value = factory.create();
      if (value == null) {
        throw new SharedResourceException("The factory of shared resource '" + tag
            + "' returned null; it must return the resource or throw.");
      }
      if (!type.isInstance(value)) {
        throw new SharedResourceException("The factory of shared resource '" + tag + "' returned a "
            + value.getClass().getName() + ", which is not a " + type.getName() + ".");
      }
    } catch (Throwable failure) {
      synchronized (this) {
        pendingLoad = null;
        loadingThread = null;
        boundType = null;
        boundSharing = null;
      }
      load.completeExceptionally(failure);
      return;
    }
    long nanos = System.nanoTime() - start;
    synchronized (this) {
      resource = value;
      pendingLoad = null;
      loadingThread = null;
      loads++;
      loadNanos += nanos;
    }
    load.complete(value);
    LOG.info("Loaded shared resource '{}' ({}) in {} ms; {}",
        tag, value.getClass().getName(), TimeUnit.NANOSECONDS.toMillis(nanos), stats());
  }

  private Object await(CompletableFuture<Object> load, Duration timeout) {
    try {
      return load.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      throw new SharedResourceException(cause instanceof SharedResourceException
          ? cause.getMessage()
          : "Loading shared resource '" + tag + "' failed: " + cause, cause);
    } catch (TimeoutException e) {
      throw new SharedResourceException("Timed out after " + timeout.toMillis()
          + " ms waiting for another thread to load shared resource '" + tag + "'. If the load is"
          + " slow but progressing, raise -D" + LocalRegistry.LOAD_TIMEOUT_PROPERTY
          + " (seconds).");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SharedResourceException(
          "Interrupted while waiting for shared resource '" + tag + "' to load.", e);
    }
  }
}
