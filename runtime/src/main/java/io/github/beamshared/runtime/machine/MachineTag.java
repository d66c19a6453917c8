package io.github.beamshared.runtime.machine;

import io.github.beamshared.runtime.ClientStats;
import io.github.beamshared.runtime.Lease;
import io.github.beamshared.runtime.SharedResourceException;
import io.github.beamshared.runtime.batch.CallQueue;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One machine-wide tag in this JVM: whether this JVM hosts it or is a client of the JVM that does.
 *
 * <p>Who hosts: the JVM that {@link HostElection} chooses on its first acquire. It hosts for as
 * long as it lives (the OS drops the lock when it dies), or with {@value
 * MachineConfig#UNLOAD_WHEN_UNUSED} until the last lease of every JVM is released: it then hands
 * out no more leases (see {@link LocalLeases}) and stands down, all under this object's monitor.
 * Its own threads get leases of its local registry and use the resource directly. Who loads: the
 * host, with its own factory, when the first lease anywhere is acquired; a failed load is not
 * cached, so the next acquire loads again. Who waits: a client's acquire waits for the host's load,
 * bounded by the load timeout; all threads of a client share one {@link ClientChannel}, which gives
 * each calling thread a connection of its own.
 *
 * <p>On failure: when the host dies, this JVM, if it holds leases, elects again at once: it wins
 * the lock and hosts, loading with its own factory and backing its leases with local ones, or it
 * reconnects to the winner and acquires its leases there anew. A call that was in flight is retried
 * once. An acquire whose connection is lost (the host died, or stopped hosting while the acquire
 * was on its way) elects again, until the connect timeout has passed since the first loss. Who may
 * close: nobody; leases are released, the resource stays. A client holding no lease holds no
 * connection either: its last release hangs up.
 */
final class MachineTag<T> {

  private static final Logger LOG = LoggerFactory.getLogger(MachineTag.class);

  private final TagContext<T> context;
  private final Rendezvous rendezvous;
  private final T stub;
  private final AtomicLong leaseIds = new AtomicLong();
  private final ClientCounters counters = new ClientCounters();

  // Written holding this; read without it on the call path.
  private volatile @Nullable HostServer<T> server;
  private volatile @Nullable ClientChannel client;
  // Used holding this: one election per copy of the tag, and the copy this JVM uses now.
  private final List<HostElection<T>> elections = new ArrayList<>();
  private int copy;
  // The copy this JVM must use (a dedicated host's), or -1 to join the least leased one.
  private final int pinnedCopy;
  // The leases handed out while a client, by id; once this JVM hosts, each is backed by a local
  // one.
  private final Map<Long, Lease<T>> clientLeases = new HashMap<>();
  // Guarded by this: the acquires under way, which the connection must outlive.
  private int acquiring;
  // Given to this JVM's server, for the status command's stop.
  final Runnable stopNow = new StopHosting();

  MachineTag(TagContext<T> context, Rendezvous rendezvous, int pinnedCopy) {
    this.context = context;
    this.rendezvous = rendezvous;
    this.stub = context.remote().stub(new TagCalls(this));
    for (int i = 0; i < context.copies(); i++) {
      elections.add(new HostElection<>(context, rendezvous, i));
    }
    this.pinnedCopy = pinnedCopy;
    this.copy = Math.max(0, pinnedCopy);
    if (context.config().unloadWhenUnused()) {
      context.localLeases().whenUnused(new StopWhenUnused());
    }
  }

  /** Stops hosting when the last lease of every JVM is released. */
  private final class StopWhenUnused implements Runnable {
    @Override
    public void run() {
      stopHostingIfUnused();
    }
  }

  /** Stops hosting at once, leases held or not: the status command's stop of a dedicated host. */
  private final class StopHosting implements Runnable {
    @Override
    public void run() {
      stopHosting();
    }
  }

  TagContext<T> context() {
    return context;
  }

  /** What this JVM's stub did; counted by its calls and by {@link #recover}. */
  ClientCounters counters() {
    return counters;
  }

  /**
   * Which JVM hosts the tag as this JVM knows it (this one, the one it is connected to, or none),
   * and what this JVM's stub did.
   */
  ClientStats clientStats() {
    HostServer<T> hosting = server;
    ClientChannel connected = client;
    long hostPid = hosting != null ? ThisProcess.PID : connected != null ? connected.hostPid() : 0;
    return counters.snapshot(hostPid);
  }

  Lease<T> acquire() {
    synchronized (this) {
      acquiring++; // no hang-up under this acquire
    }
    try {
      long retryDeadline = 0;
      while (true) {
        long id = leaseIds.incrementAndGet();
        ClientChannel channel = route(id);
        if (channel == null) {
          try {
            return context.localLeases().get();
          } catch (NotHostingException stopped) {
            retryDeadline = retryUntil(retryDeadline, stopped);
            continue; // route() waits for the stop to end, then elects
          }
        }
        try {
          channel.acquire(id);
        } catch (ConnectionLostException lost) {
          retryDeadline = retryUntil(retryDeadline, lost);
          recover(channel);
          continue;
        }
        synchronized (this) {
          if (client == channel) {
            clientLeases.put(id, null);
            return new ClientLease<>(this, id, stub);
          }
        }
        // Failed over between the host's answer and now, so the new host was not told of this
        // lease: acquire it there.
      }
    } finally {
      acquired();
    }
  }

  /**
   * The deadline of an acquire's or a call's retries after {@code failure}: the connect timeout
   * after the first failure ({@code deadline} 0). Throws {@code failure} once that has passed.
   */
  long retryUntil(long deadline, SharedResourceException failure) {
    long now = System.nanoTime();
    if (deadline == 0) {
      return now + context.config().connectTimeout().toNanos();
    }
    if (now - deadline > 0) {
      throw failure;
    }
    return deadline;
  }

  /** Whether a client could hang up now: no lease held, none being acquired. */
  private boolean isIdle() {
    assert Thread.holdsLock(this);
    return clientLeases.isEmpty() && acquiring == 0;
  }

  /**
   * The client connection, taken away, if no lease is held or being acquired, so that the caller
   * hangs up outside the lock; null otherwise.
   */
  private @Nullable ClientChannel detachIfIdle() {
    ClientChannel idle = isIdle() ? client : null;
    if (idle != null) {
      client = null;
    }
    return idle;
  }

  /** After an acquire, won or failed: a client left with no lease and no acquire hangs up. */
  private void acquired() {
    ClientChannel idle;
    synchronized (this) {
      acquiring--;
      idle = detachIfIdle();
    }
    if (idle != null) {
      idle.close();
    }
  }

  /**
   * The connection to the host, or null if this JVM hosts; elects first if there is neither. The
   * connection may just have broken: its caller then fails over and retries.
   */
  @Nullable ClientChannel route() {
    return route(0);
  }

  /**
   * As {@link #route()}; a new connection also acquires lease {@code leaseId} unless it is 0, in
   * the handshake's round trip, and its {@link ClientChannel#acquire} of that lease then returns
   * the answer at once.
   */
  private @Nullable ClientChannel route(long leaseId) {
    ClientChannel current = client;
    if (current != null || server != null) {
      return current;
    }
    synchronized (this) {
      if (server == null && client == null) {
        elect(leaseId);
      }
      return client;
    }
  }

  /**
   * Fails over after {@code dead} broke, unless that happened already. Only a JVM holding leases
   * elects at once; another elects on its next acquire.
   */
  void recover(ClientChannel dead) {
    synchronized (this) {
      if (client != dead) {
        return;
      }
      client = null;
      counters.failedOver();
      dead.close(); // a broken call connection may have brought us here: hang up the rest too
      if (clientLeases.isEmpty()) {
        return;
      }
      elect(0);
      if (client != null) {
        return;
      }
    }
    backClientLeases();
  }

  /** Runs a call of this JVM's stub here, where the resource now lives. */
  @Nullable Object callHere(int method, Object[] arguments) throws Exception {
    backClientLeases();
    Lease<T> backing;
    synchronized (this) {
      backing = clientLeases.values().stream().filter(Objects::nonNull).findFirst().orElse(null);
    }
    Lease<T> lease = backing != null ? backing : context.localLeases().get();
    try {
      return context.invoke(lease, method, arguments, CallQueue.THIS_JVM, () -> false);
    } finally {
      if (backing == null) {
        lease.release();
      }
    }
  }

  /**
   * Releases lease {@code id}. The last lease of a client hangs up on the host, which releases the
   * session's leases as the connections close and ends their threads; the next acquire connects
   * again.
   */
  void released(long id) {
    Lease<T> backing;
    ClientChannel channel;
    ClientChannel idle;
    synchronized (this) {
      backing = clientLeases.remove(id);
      channel = client;
      idle = detachIfIdle();
    }
    if (backing != null) {
      backing.release();
    } else if (idle != null) {
      idle.close();
    } else if (channel != null) {
      channel.release(id);
    }
  }

  /** Called by the reader thread of {@code channel} when it broke. */
  void connectionLost(ClientChannel channel) {
    try {
      recover(channel);
    } catch (RuntimeException e) {
      LOG.warn(
          "Shared resource '{}': failing over failed; the next call or acquire tries again",
          context.tag(),
          e);
    }
  }

  /**
   * Elects the host of this JVM's copy of the tag; see {@link HostElection#elect}. Of a tag with
   * several copies, a JVM with no lease to carry over joins the least leased one ({@link
   * CopyChooser}); one failing over with leases stays with its copy.
   */
  private void elect(long leaseId) {
    assert Thread.holdsLock(this);
    if (pinnedCopy < 0 && clientLeases.isEmpty() && elections.size() > 1) {
      copy = CopyChooser.leastLeased(context, rendezvous); // leases to carry stay with their copy
    }
    HostElection.Chosen<T> chosen = elections.get(copy).elect(this, leaseId, clientLeases.keySet());
    server = chosen.server();
    client = chosen.client();
  }

  /**
   * Stops hosting unless a lease was acquired since the last one was released; see the class
   * comment for the order. Acquires of this JVM wait on this monitor meanwhile and then elect
   * again; a client's acquire arriving meanwhile finds its connection closed and elects again.
   *
   * @return whether this JVM stopped hosting
   */
  boolean stopHostingIfUnused() {
    synchronized (this) {
      HostServer<T> serving = server;
      if (serving == null || !context.localLeases().closeIfUnused()) {
        return false;
      }
      elections.get(copy).standDown(serving, "every lease of it was released");
      server = null;
      return true;
    }
  }

  /**
   * Stops hosting now, leases held or not, as the status command asks of a dedicated host: its
   * clients find the connection closed and fail over, as when a host dies. Same order as {@link
   * #stopHostingIfUnused()}.
   */
  private void stopHosting() {
    synchronized (this) {
      HostServer<T> hosting = server;
      if (hosting == null) {
        return;
      }
      context.localLeases().close();
      elections.get(copy).standDown(hosting, "the status command stopped it");
      server = null;
    }
  }

  /** Whether this JVM hosts the tag now. */
  boolean hosts() {
    return server != null;
  }

  // Loads with this JVM's factory; a failure leaves the leases unbacked, and calls load again.
  private void backClientLeases() {
    List<Long> unbacked = new ArrayList<>();
    synchronized (this) {
      clientLeases.forEach(
          (id, backing) -> {
            if (backing == null) {
              unbacked.add(id);
            }
          });
    }
    try {
      for (Long id : unbacked) {
        Lease<T> lease = context.localLeases().get();
        synchronized (this) {
          if (clientLeases.containsKey(id) && clientLeases.get(id) == null) {
            clientLeases.put(id, lease);
            continue;
          }
        }
        lease.release();
      }
    } catch (RuntimeException e) {
      LOG.warn("Shared resource '{}': loading it after the host died failed", context.tag(), e);
    }
  }
}
