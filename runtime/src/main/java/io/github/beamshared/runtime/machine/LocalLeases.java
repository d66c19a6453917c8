package io.github.beamshared.runtime.machine;

import io.github.beamshared.runtime.BatchMethod;
import io.github.beamshared.runtime.BatchQueue;
import io.github.beamshared.runtime.Lease;
import io.github.beamshared.runtime.ResourceFactory;
import io.github.beamshared.runtime.ResourceLock;
import io.github.beamshared.runtime.ResourceStats;
import io.github.beamshared.runtime.Sharing;
import io.github.beamshared.runtime.batch.CallQueue;
import io.github.beamshared.runtime.local.LocalRegistry;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;

/**
 * Leases of one machine-wide tag from this JVM's own registry, loading with this JVM's factory:
 * what the host's threads and its clients' calls use, and a client's after it took over.
 *
 * <p>They are handed out only while this JVM hosts the tag ({@link #open()} to {@link
 * #closeIfUnused()} or {@link #close()}), and counted with the acquires under way, so that the host
 * can tell when the last of every JVM's leases is released and stop hosting without another lease
 * or load slipping in: once closed, {@link #get()} throws {@link NotHostingException} instead of
 * loading a copy that another JVM, elected next, would load too.
 */
final class LocalLeases<T> {

  private final LocalRegistry registry;
  private final String tag;
  private final Class<? super T> type;
  private final ResourceFactory<? extends T> factory;
  // Told when the count drops to 0 while open; null to keep the resource while hosting.
  private volatile @Nullable Runnable whenUnused;

  // Guarded by this: whether this JVM hosts, the leases held and being acquired, and since when
  // none has been (System.nanoTime()).
  private boolean open;
  private int held;
  private long unusedSince = System.nanoTime();

  LocalLeases(
      LocalRegistry registry,
      String tag,
      Class<? super T> type,
      ResourceFactory<? extends T> factory) {
    this.registry = registry;
    this.tag = tag;
    this.type = type;
    this.factory = factory;
    registry.hostedElsewhere(tag);
  }

  /** The factory this JVM loads with when it hosts. */
  ResourceFactory<? extends T> factory() {
    return factory;
  }

  /** How long no lease of any JVM has been held or acquired; zero while one is. */
  synchronized Duration unusedFor() {
    return held > 0 ? Duration.ZERO : Duration.ofNanos(System.nanoTime() - unusedSince);
  }

  /** Runs {@code action}, outside this object's monitor, each time the last lease is released. */
  void whenUnused(Runnable action) {
    whenUnused = action;
  }

  /** The queue of {@code method}'s calls; see {@link LocalRegistry#queue}. */
  CallQueue<T> queue(BatchMethod<T> method, boolean threadSafe) {
    return registry.queue(tag, method, threadSafe);
  }

  /**
   * A lease, loading the resource first if it is not loaded, which may take long.
   *
   * @throws NotHostingException if this JVM does not host the tag (any more)
   */
  Lease<T> get() {
    synchronized (this) {
      if (!open) {
        throw new NotHostingException(tag);
      }
      held++;
    }
    try {
      return new HostedLease<>(registry.acquire(tag, type, Sharing.MACHINE, factory), this);
    } catch (RuntimeException | Error e) {
      released();
      throw e;
    }
  }

  /** This JVM hosts the tag from now on. */
  synchronized void open() {
    open = true;
  }

  /** This JVM gave up hosting before it served anyone. */
  synchronized void close() {
    open = false;
  }

  /** Stops handing out leases if none is held or being acquired; returns whether it did. */
  synchronized boolean closeIfUnused() {
    if (held > 0) {
      return false;
    }
    open = false;
    return true;
  }

  /**
   * Unloads the resource, after {@link #closeIfUnused()} or while hosting, when the status command
   * asks: the next lease loads it again. Returns whether a loaded resource was dropped; see {@code
   * SharedResources.unload}.
   *
   * @throws IllegalStateException if a lease of any JVM is held, or a load is under way
   */
  boolean unload() {
    return registry.unload(tag);
  }

  /** The statistics of this JVM's registry for the tag, empty before its first lease. */
  Optional<ResourceStats> stats() {
    return registry.stats(tag);
  }

  private void released() {
    boolean unused;
    synchronized (this) {
      unused = --held == 0 && open;
      if (held == 0) {
        unusedSince = System.nanoTime();
      }
    }
    Runnable action = whenUnused;
    if (unused && action != null) {
      action.run();
    }
  }

  /** A lease of the registry that is counted here until released. */
  private static final class HostedLease<T> implements Lease<T> {

    private final Lease<T> lease;
    private final LocalLeases<T> leases;
    private final AtomicBoolean released = new AtomicBoolean();

    HostedLease(Lease<T> lease, LocalLeases<T> leases) {
      this.lease = lease;
      this.leases = leases;
    }

    @Override
    public String tag() {
      return lease.tag();
    }

    @Override
    public T get() {
      return lease.get();
    }

    @Override
    public ResourceLock lock() {
      return lease.lock();
    }

    @Override
    public BatchQueue batchQueue(BatchMethod<T> method, boolean threadSafe) {
      return lease.batchQueue(method, threadSafe);
    }

    @Override
    public void release() {
      if (released.compareAndSet(false, true)) {
        lease.release();
        leases.released();
      }
    }

    @Override
    public String toString() {
      return lease.toString();
    }
  }
}
