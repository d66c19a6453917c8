package io.github.beamshared.runtime.machine;

import io.github.beamshared.runtime.Lease;
import io.github.beamshared.runtime.SharedResourceException;
import io.github.beamshared.runtime.batch.CallQueue;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One machine-wide tag in this JVM: whether this JVM hosts it or is a client of the JVM that does.
 *
 * <p>Who hosts: the JVM that wins the tag's file lock, elected on its first acquire. It hosts for
 * as long as it lives (the OS drops the lock when it dies), or with {@value
 * MachineConfig#UNLOAD_WHEN_UNUSED} until the last lease of every JVM is released: it then stops
 * hosting, all under this object's monitor, in this order: it hands out no more leases (see {@link
 * LocalLeases}), closes its server, socket file and connections, unloads the resource, and only
 * then releases its file lock, so that a JVM elected next loads only once this copy is gone. Its
 * own threads get leases of its local registry and use the resource directly. Who loads: the host, with its own factory, when
 * the first lease anywhere is acquired; a failed load is not cached, so the next acquire loads
 * again. Who waits: a client's acquire waits for the host's load, bounded by the load timeout;
 * all threads of a client share one {@link ClientChannel}, which gives each calling thread a
 * connection of its own.
 *
 * <p>On failure: when the host dies, this JVM, if it holds leases, elects again at once: it wins
 * the lock and hosts, loading with its own factory and backing its leases with local ones, or it
 * reconnects to the winner and acquires its leases there anew. A call that was in flight is
 * retried once. An acquire whose connection is lost (the host died, or stopped hosting while the
 * acquire was on its way) elects again, until the connect timeout has passed since the first
 * loss. Who may close: nobody; leases are released, the resource stays. A client
 * holding no lease holds no connection either: its last release hangs up.
 */
final class MachineTag<T> {

  private static final long RETRY_PAUSE_MILLIS = 20;
  private static final Logger LOG = LoggerFactory.getLogger(MachineTag.class);

  private final TagContext<T> context;
  private final Rendezvous rendezvous;
  private final T stub;
  private final AtomicLong leaseIds = new AtomicLong();

  // Written holding this; read without it on the call path.
  private volatile HostServer<T> server;
  private volatile ClientChannel client;
  // Guarded by this: the file lock that elects the host.
  private final TagLock election;
  // The leases handed out while a client, by id; once this JVM hosts, each is backed by a local
  // one.
  private final Map<Long, Lease<T>> clientLeases = new HashMap<>();
  // Guarded by this: the acquires under way, which the connection must outlive.
  private int acquiring;

  MachineTag(TagContext<T> context, Rendezvous rendezvous) {
    this.context = context;
    this.rendezvous = rendezvous;
    this.stub = context.remote().stub(new TagCalls(this));
    this.election = new TagLock(rendezvous.lockFile(context.tag()));
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

  TagContext<T> context() {
    return context;
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
   * The deadline of an acquire's retries after {@code failure}: the connect timeout after the
   * first failure ({@code deadline} 0). Throws {@code failure} once that has passed.
   */
  private long retryUntil(long deadline, SharedResourceException failure) {
    long now = System.nanoTime();
    if (deadline == 0) {
      return now + context.config().connectTimeout().toNanos();
    }
    if (now - deadline > 0) {
      throw failure;
    }
    return deadline;
  }

  /** Whether a client could hang up now: no lease held, none being acquired. Holding this. */
  private boolean isIdle() {
    return clientLeases.isEmpty() && acquiring == 0;
  }

  /**
   * Holding this: the client connection, taken away, if no lease is held or being acquired, so
   * that the caller hangs up outside the lock; null otherwise.
   */
  private ClientChannel detachIfIdle() {
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
  ClientChannel route() {
    return route(0);
  }

  /**
   * As {@link #route()}; a new connection also acquires lease {@code leaseId} unless it is 0, in
   * the handshake's round trip, and its {@link ClientChannel#acquire} of that lease then returns
   * the answer at once.
   */
  private ClientChannel route(long leaseId) {
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
  Object callHere(int method, Object[] arguments) throws Exception {
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
      LOG.warn("Shared resource '{}': failing over failed; the next call or acquire tries again",
          context.tag(), e);
    }
  }

  // Holding this: bounded by the connect timeout, and the load timeout if it acquires leaseId.
  private void elect(long leaseId) {
    long deadline = System.nanoTime() + context.config().connectTimeout().toNanos();
    IOException lastFailure = null;
    while (true) {
      if (winLock()) {
        host();
        return;
      }
      try {
        client = ClientChannel.connect(rendezvous.socketFile(context.tag()), this, leaseId,
            deadline);
        for (long id : clientLeases.keySet()) {
          client.reacquire(id); // leases held here from before
        }
        LOG.info("Shared resource '{}' is hosted by the JVM with pid {}", context.tag(),
            client.hostPid());
        return;
      } catch (IOException notListeningYet) {
        lastFailure = notListeningYet;
      }
      if (System.nanoTime() - deadline > 0) {
        throw connectTimeout(lastFailure);
      }
      try {
        TimeUnit.MILLISECONDS.sleep(RETRY_PAUSE_MILLIS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new SharedResourceException(
            "Interrupted while connecting to shared resource '" + context.tag() + "'", e);
      }
    }
  }

  /**
   * Whether this JVM takes the tag's file lock. A lock held within this JVM, by another copy of
   * this runtime in another class loader, is a host like any other: this copy connects to it.
   */
  private boolean winLock() {
    try {
      return election.tryTake();
    } catch (IOException e) {
      throw new SharedResourceException("Cannot lock " + election.file()
          + " to elect the host of shared resource '" + context.tag() + "': " + e, e);
    }
  }

  /**
   * Holding the lock, which then stays held for the life of this JVM, or until {@link
   * #stopHostingIfUnused()}. All or nothing: a JVM that cannot serve gives the lock back before it
   * reports why, so that another JVM can host.
   */
  private void host() {
    context.localLeases().open(); // before the server, so that its first client finds it open
    try {
      server = HostServer.start(rendezvous.socketFile(context.tag()), context);
    } catch (IOException | RuntimeException | Error e) {
      giveUpHosting(e);
      throw new SharedResourceException("This JVM won the lock of shared resource '"
          + context.tag() + "' but cannot serve it on " + rendezvous.socketFile(context.tag())
          + ", so it gave the lock back for another JVM to host: " + e, e);
    }
    LOG.info("Shared resource '{}' is hosted by this JVM (pid {}) for the machine",
        context.tag(), ThisProcess.PID);
  }

  /** Gives the lock back after {@code cause} kept this JVM from serving. */
  private void giveUpHosting(Throwable cause) {
    try {
      releaseLock();
    } catch (IOException e) {
      cause.addSuppressed(e);
    }
  }

  /** Hands out no more local leases, and releases the lock for the next election. */
  private void releaseLock() throws IOException {
    context.localLeases().close();
    election.release();
  }

  /**
   * Stops hosting unless a lease was acquired since the last one was released; see the class
   * comment for the order. Acquires of this JVM wait on this monitor meanwhile and then elect
   * again; a client's acquire arriving meanwhile finds its connection closed and elects again.
   */
  private void stopHostingIfUnused() {
    synchronized (this) {
      if (server == null || !context.localLeases().closeIfUnused()) {
        return;
      }
      server.close();
      server = null;
      try {
        context.localLeases().unload();
      } catch (RuntimeException e) {
        LOG.warn("Shared resource '{}': unloading it failed", context.tag(), e);
      }
      try {
        releaseLock();
      } catch (IOException e) {
        LOG.warn("Shared resource '{}': releasing its lock failed: {}", context.tag(), e.toString());
      }
    }
    LOG.info("Shared resource '{}' is no longer hosted by this JVM (pid {}): every lease of it was"
        + " released", context.tag(), ThisProcess.PID);
  }

  // Loads with this JVM's factory; a failure leaves the leases unbacked, and calls load again.
  private void backClientLeases() {
    List<Long> unbacked = new ArrayList<>();
    synchronized (this) {
      clientLeases.forEach((id, backing) -> {
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

  private SharedResourceException connectTimeout(IOException lastFailure) {
    String holder = election.holder();
    holder = holder.isEmpty() ? "another JVM" : "the JVM with pid " + holder;
    return new SharedResourceException("No JVM answered for shared resource '" + context.tag()
        + "' on " + rendezvous.socketFile(context.tag()) + " within "
        + context.config().connectTimeout().toSeconds() + " s, although " + holder
        + " holds its lock " + rendezvous.lockFile(context.tag()) + ". If that JVM is busy"
        + " starting, raise -D" + MachineConfig.CONNECT_TIMEOUT + " (seconds); if it is stuck,"
        + " stop it. Last failure: " + lastFailure, lastFailure);
  }
}
