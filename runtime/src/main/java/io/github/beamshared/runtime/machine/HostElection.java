package io.github.beamshared.runtime.machine;

import io.github.beamshared.runtime.ResourceFactory;
import io.github.beamshared.runtime.SharedResourceException;
import java.io.IOException;
import java.util.Collection;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Chooses the host of one copy of a machine-wide tag, and stands it down (a tag has one copy unless
 * declared with more; each has its own lock and socket, named after {@link TagContext#slot}). The
 * JVM that takes the tag's file lock ({@link TagLock}) hosts: it serves the tag on its socket
 * ({@link HostServer}), all or nothing, as a JVM that wins the lock but cannot serve gives it back
 * before it reports why, so that another JVM can host. Every other JVM connects to that socket. An
 * election tries one and then the other until one works (the winner may not listen yet, or may just
 * have died), bounded by the connect timeout.
 *
 * <p>With {@value MachineConfig#HOST_MODE}{@code =dedicated}, the JVM that takes the lock does not
 * host: it starts a dedicated host JVM ({@link HostProcess}), gives the lock back for that JVM to
 * take, and connects to it like every other JVM, bounded by the host start timeout. If that host
 * cannot start or does not answer in time, this JVM says why in a warning and hosts the tag itself
 * from then on.
 *
 * <p>Called holding the monitor of the tag's {@link MachineTag}, which holds one election at a time
 * and keeps what it chose.
 */
final class HostElection<T> {

  private static final long RETRY_PAUSE_MILLIS = 20;
  private static final Logger LOG = LoggerFactory.getLogger(HostElection.class);

  private final TagContext<T> context;
  private final Rendezvous rendezvous;
  private final TagLock lock;
  // Which of the tag's copies this election hosts, and what its files are named after.
  private final int copy;
  private final String slot;
  // The tag, and the copy where it has several, as messages name it.
  private final String name;
  // Whether a dedicated host could not be started here, so that this JVM hosts the tag itself.
  private boolean inWorkerOnly;

  HostElection(TagContext<T> context, Rendezvous rendezvous, int copy) {
    this.context = context;
    this.rendezvous = rendezvous;
    this.copy = copy;
    this.slot = context.slot(copy);
    this.name = Rendezvous.describe(context.tag(), copy, context.copies());
    this.lock = new TagLock(rendezvous.lockFile(slot));
  }

  /**
   * What an election chose: this JVM's server if it won the lock, else its connection to the host.
   */
  record Chosen<T>(@Nullable HostServer<T> server, @Nullable ClientChannel client) {}

  /**
   * Elects the host of {@code tag}. A connection to another host acquires lease {@code leaseId} in
   * its handshake unless it is 0, and then the leases {@code held} from before. Bounded by the
   * connect timeout, and the load timeout if it acquires a lease.
   *
   * @throws SharedResourceException if no host answers in time, or this JVM won but cannot serve
   */
  Chosen<T> elect(MachineTag<T> tag, long leaseId, Collection<Long> held) {
    long deadline = System.nanoTime() + context.config().connectTimeout().toNanos();
    IOException lastFailure = null;
    HostProcess starting = null; // the dedicated host this election started, until it answers
    while (true) {
      if (starting == null && takeLock()) {
        starting = startDedicatedHost();
        if (starting == null) {
          return new Chosen<>(host(tag), null);
        }
        deadline =
            Math.max(deadline, System.nanoTime() + context.config().hostStartTimeout().toNanos());
      }
      ClientChannel client = null;
      try {
        client = ClientChannel.connect(rendezvous.socketFile(slot), tag, leaseId, deadline);
        for (long id : held) {
          client.reacquire(id);
        }
        LOG.info("Shared resource {} is hosted by the JVM with pid {}", name, client.hostPid());
        return new Chosen<>(null, client);
      } catch (IOException notListeningYet) {
        if (client != null) {
          client.close();
        }
        lastFailure = notListeningYet;
      }
      if (starting != null && (!starting.isAlive() || starting.timedOut())) {
        hostInstead(starting);
        starting = null;
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
   * Holding the lock, in {@value MachineConfig#HOST_MODE}{@code =dedicated}: starts a dedicated
   * host JVM and gives the lock back for it to take; null (keeping the lock) where this JVM hosts
   * instead: in-worker mode, or a dedicated host cannot be started here, which was said once.
   */
  private @Nullable HostProcess startDedicatedHost() {
    if (!context.config().dedicatedHost() || inWorkerOnly) {
      return null;
    }
    ResourceFactory<? extends T> factory = context.localLeases().factory();
    if (!HostRecipe.canShip(factory)) {
      hostHereFromNowOn(
          "its factory is not Serializable (generated code's factory is, where the factory"
              + " method takes no options or beam-shared-options is on the class path)");
      return null;
    }
    HostProcess started;
    try {
      started =
          HostProcess.start(
              new HostRecipe(
                  context.tag(),
                  context.remote(),
                  context.threadSafe(),
                  context.copies(),
                  copy,
                  factory,
                  context.config().toSettings()),
              rendezvous.recipeFile(slot),
              rendezvous.hostLog(slot),
              context.config());
    } catch (IOException | RuntimeException e) {
      hostHereFromNowOn("starting it failed: " + e);
      return null;
    }
    try {
      releaseLock();
    } catch (IOException e) {
      started.stop();
      hostHereFromNowOn("giving it the lock failed: " + e);
      return null;
    }
    LOG.info(
        "Shared resource {}: started a dedicated host JVM (pid {}); its log is {}",
        name,
        started.pid(),
        rendezvous.hostLog(slot));
    return started;
  }

  /**
   * After the dedicated host {@code starting} exited or did not answer in time: unless it found
   * another host, this JVM hosts from now on.
   */
  private void hostInstead(HostProcess starting) {
    if (starting.foundAnotherHost()) {
      return;
    }
    String failure = starting.failure();
    starting.stop();
    hostHereFromNowOn(failure);
  }

  private void hostHereFromNowOn(String why) {
    inWorkerOnly = true;
    LOG.warn(
        "Shared resource {}: no dedicated host ({}={}), so this JVM hosts it itself, as in"
            + " {} mode: {}",
        name,
        MachineConfig.HOST_MODE,
        MachineConfig.DEDICATED,
        MachineConfig.IN_WORKER,
        why);
  }

  /**
   * Stands down the host this JVM is, once no JVM holds a lease of the tag or the status command
   * stops it ({@code why}): closes {@code server} (socket file, connections, threads), unloads the
   * resource, and only then releases the lock, so that a JVM elected next loads only once this copy
   * is gone.
   */
  void standDown(HostServer<T> server, String why) {
    server.close();
    try {
      context.localLeases().unload();
    } catch (RuntimeException e) {
      LOG.warn("Shared resource {}: unloading it failed", name, e);
    }
    try {
      releaseLock();
    } catch (IOException e) {
      LOG.warn("Shared resource {}: releasing its lock failed: {}", name, e.toString());
    }
    LOG.info(
        "Shared resource {} is no longer hosted by this JVM (pid {}): {}",
        name,
        ThisProcess.PID,
        why);
  }

  /**
   * Whether this JVM takes the tag's file lock. A lock held within this JVM, by another copy of
   * this runtime in another class loader, is a host like any other: this copy connects to it.
   */
  private boolean takeLock() {
    try {
      return lock.tryTake();
    } catch (IOException e) {
      throw new SharedResourceException(
          "Cannot lock "
              + lock.file()
              + " to elect the host of shared resource '"
              + context.tag()
              + "': "
              + e,
          e);
    }
  }

  /**
   * Holding the lock, which then stays held for the life of this JVM, or until {@link #standDown};
   * returns the server, which {@code tag} stands down when the status command stops it. All or
   * nothing: a JVM that cannot serve gives the lock back before it reports why.
   */
  private HostServer<T> host(MachineTag<T> tag) {
    context.localLeases().open(); // before the server, so that its first client finds it open
    HostServer<T> server;
    try {
      server = HostServer.start(rendezvous.socketFile(slot), context, copy, tag.stopNow);
    } catch (IOException | RuntimeException | Error e) {
      try {
        releaseLock();
      } catch (IOException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw new SharedResourceException(
          "This JVM won the lock of shared resource '"
              + context.tag()
              + "' but cannot serve it on "
              + rendezvous.socketFile(slot)
              + ", so it gave the lock back for another JVM to host: "
              + e,
          e);
    }
    LOG.info(
        "Shared resource {} is hosted by this JVM (pid {}) for the machine", name, ThisProcess.PID);
    return server;
  }

  /** Hands out no more local leases, and releases the lock for the next election. */
  private void releaseLock() throws IOException {
    context.localLeases().close();
    lock.release();
  }

  private SharedResourceException connectTimeout(IOException lastFailure) {
    String holder = lock.holder();
    holder = holder.isEmpty() ? "another JVM" : "the JVM with pid " + holder;
    return new SharedResourceException(
        "No JVM answered for shared resource '"
            + context.tag()
            + "' on "
            + rendezvous.socketFile(slot)
            + " within "
            + context.config().connectTimeout().toSeconds()
            + " s, although "
            + holder
            + " holds its lock "
            + rendezvous.lockFile(slot)
            + ". If that JVM is busy"
            + " starting, raise -D"
            + MachineConfig.CONNECT_TIMEOUT
            + " (seconds); if it is stuck,"
            + " stop it. Last failure: "
            + lastFailure,
        lastFailure);
  }
}
