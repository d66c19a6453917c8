package io.github.beamshared.runtime.local;

import io.github.beamshared.runtime.BatchMethod;
import io.github.beamshared.runtime.BatchQueue;
import io.github.beamshared.runtime.BatchStats;
import io.github.beamshared.runtime.ClientStats;
import io.github.beamshared.runtime.Lease;
import io.github.beamshared.runtime.ResourceFactory;
import io.github.beamshared.runtime.ResourceLock;
import io.github.beamshared.runtime.ResourceStats;
import io.github.beamshared.runtime.SharedResourceException;
import io.github.beamshared.runtime.Sharing;
import io.github.beamshared.runtime.batch.CallQueue;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything the registry knows of one tag: the resource once loaded, the load in progress, the
 * type and sharing the tag is bound to, the tag's lock and its statistics.
 *
 * <p>Who loads: the first acquirer finding neither a resource nor a load in progress runs the
 * factory on its own thread, outside this entry's monitor. Who waits: every other acquirer, on the
 * same future, for at most the registry's load timeout. On failure: every waiter gets the factory's
 * exception as cause, and the entry returns to empty so the next acquire loads again.
 *
 * <p>It also holds the queues of the resource's {@code @BatchedBy} methods, created at their first
 * call and dropped with the resource at unload.
 */
final class TagEntry {

  private static final Logger LOG = LoggerFactory.getLogger(LocalRegistry.class);

  private final String tag;
  private final Duration callTimeout;
  private final LocalRegistry registry;
  private final CountingLock lock = new CountingLock();
  private final LongAdder acquires = new LongAdder();
  private final AtomicInteger liveLeases = new AtomicInteger();
  // The queue of each batched method, by its name and whether it runs under the lock.
  private final Map<QueueKey, CallQueue<?>> queues = new ConcurrentHashMap<>();

  // Guarded by this.
  private @Nullable Class<?> boundType;
  private @Nullable Sharing boundSharing;
  private @Nullable Object resource;
  private BatchStats unloadedBatching = BatchStats.NONE;
  private @Nullable CompletableFuture<Object> pendingLoad;
  private @Nullable Thread loadingThread;
  private long loads;
  private long loadNanos;

  TagEntry(String tag, Duration callTimeout, LocalRegistry registry) {
    this.tag = tag;
    this.callTimeout = callTimeout;
    this.registry = registry;
  }

  String tag() {
    return tag;
  }

  ResourceLock lock() {
    return lock;
  }

  /**
   * The queue of {@code method}'s calls on the loaded resource: one batch at a time under the tag's
   * lock unless {@code threadSafe}. Called while a lease is held, so the resource is loaded.
   */
  @SuppressWarnings("unchecked") // the resource was checked to be an instance of the bound type
  <T> CallQueue<T> queue(BatchMethod<T> method, boolean threadSafe) {
    QueueKey key = new QueueKey(method.name(), threadSafe);
    CallQueue<?> queue = queues.get(key);
    if (queue != null) {
      return (CallQueue<T>) queue;
    }
    synchronized (this) {
      if (resource == null) {
        throw new IllegalStateException(
            "Shared resource '"
                + tag
                + "' is not loaded: its calls"
                + " need a lease that is held");
      }
      return (CallQueue<T>)
          queues.computeIfAbsent(
              key,
              unused ->
                  new CallQueue<>(
                      tag,
                      method,
                      (T) Objects.requireNonNull(resource, "loaded"),
                      threadSafe ? null : lock,
                      LocalRegistry.CALL_TIMEOUT_PROPERTY));
    }
  }

  /** {@link #queue} as this JVM's own threads call it, each waiting at most the call timeout. */
  <T> BatchQueue localQueue(BatchMethod<T> method, boolean threadSafe) {
    return queue(method, threadSafe).fromThisJvm(callTimeout);
  }

  private record QueueKey(String method, boolean threadSafe) {}

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
          throw new SharedResourceException(
              "The factory of shared resource '"
                  + tag
                  + "' acquires '"
                  + tag
                  + "' itself, which would wait for its own load forever.");
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

  /**
   * Logs the statistics when the last lease goes (a pipeline's DoFns were all torn down), and lets
   * the registry unload the resource if it is set to.
   */
  void released() {
    if (liveLeases.decrementAndGet() == 0) {
      LOG.info("Shared resource '{}' has no lease left; {}", tag, stats());
      registry.unused(this);
    }
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
            "Cannot unload shared resource '"
                + tag
                + "': "
                + live
                + " lease(s) are still held."
                + " Unload it after every DoFn using it has been torn down.");
      }
      dropped = detach();
    }
    return close(dropped);
  }

  /**
   * Unloads the resource unless a lease is held or a load is under way, as when an acquire came in
   * since the last release: that acquire keeps it. Returns whether a resource was dropped.
   */
  boolean unloadIfUnused() {
    Object dropped;
    synchronized (this) {
      if (pendingLoad != null || liveLeases.get() > 0) {
        return false;
      }
      dropped = detach();
    }
    return close(dropped);
  }

  /** Takes the resource away, so that the next acquire loads it again. */
  private @Nullable Object detach() {
    assert Thread.holdsLock(this);
    Object dropped = resource;
    resource = null;
    for (CallQueue<?> queue : queues.values()) {
      unloadedBatching = unloadedBatching.plus(queue.stats());
    }
    queues.clear();
    boundType = null;
    boundSharing = null;
    return dropped;
  }

  private boolean close(@Nullable Object dropped) {
    if (dropped == null) {
      return false;
    }
    LOG.info("Unloaded shared resource '{}' ({}); {}", tag, dropped.getClass().getName(), stats());
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
    BatchStats batching = unloadedBatching;
    for (CallQueue<?> queue : queues.values()) {
      batching = batching.plus(queue.stats());
    }
    return new ResourceStats(
        tag,
        resource != null,
        loads,
        Duration.ofNanos(loadNanos),
        liveLeases.get(),
        acquires.sum(),
        lock.acquisitions(),
        Duration.ofNanos(lock.waitNanos()),
        batching,
        ClientStats.NONE);
  }

  private void checkBinding(Class<?> type, Sharing sharing) {
    Class<?> boundType = this.boundType;
    Sharing boundSharing = this.boundSharing;
    if (boundType != null
        && boundSharing != null
        && (boundType != type || boundSharing != sharing)) {
      throw new SharedResourceException(
          "Shared resource tag '"
              + tag
              + "' is bound to "
              + describe(boundType, boundSharing)
              + " and cannot also be acquired as "
              + describe(type, sharing)
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
    return new LocalLease<>(this, (T) Objects.requireNonNull(resource, "loaded"));
  }

  private void load(ResourceFactory<?> factory, Class<?> type, CompletableFuture<Object> load) {
    long start = System.nanoTime();
    Object value;
    try {
      value = factory.create();
      if (value == null) {
        throw new SharedResourceException(
            "The factory of shared resource '"
                + tag
                + "' returned null; it must return the resource or throw.");
      }
      if (!type.isInstance(value)) {
        throw new SharedResourceException(
            "The factory of shared resource '"
                + tag
                + "' returned a "
                + value.getClass().getName()
                + ", which is not a "
                + type.getName()
                + ".");
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
    LOG.info(
        "Loaded shared resource '{}' ({}) in {} ms; {}",
        tag,
        value.getClass().getName(),
        TimeUnit.NANOSECONDS.toMillis(nanos),
        stats());
  }

  private Object await(CompletableFuture<Object> load, Duration timeout) {
    try {
      return load.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      throw new SharedResourceException(
          cause instanceof SharedResourceException
              ? cause.getMessage()
              : "Loading shared resource '" + tag + "' failed: " + cause,
          cause);
    } catch (TimeoutException e) {
      throw new SharedResourceException(
          "Timed out after "
              + timeout.toMillis()
              + " ms waiting for another thread to load shared resource '"
              + tag
              + "'. If the load is"
              + " slow but progressing, raise -D"
              + LocalRegistry.LOAD_TIMEOUT_PROPERTY
              + " (seconds).");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SharedResourceException(
          "Interrupted while waiting for shared resource '" + tag + "' to load.", e);
    }
  }
}
