package io.github.beamshared.runtime.machine;

import io.github.beamshared.runtime.SharedResourceException;
import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * The connections a client JVM calls a tag's host over, each used by one calling thread at a time.
 * At most {@value #MAX_CONNECTIONS} calls are in flight at once: a caller takes an idle connection,
 * or opens one if none is idle, and further callers wait. A caller takes the connection it used
 * last if that is idle, else the most recently returned one: a thread that keeps its connection
 * keeps waking the same host thread, a pair the OS scheduler places well (with 4 threads on 2
 * cores, taking any idle connection instead cost up to twice the latency). Taking and returning are
 * lock-free unless callers must wait. A connection unused for the idle connection timeout (after a
 * burst of callers, say) is closed by the next call that returns, which ends its thread at the
 * host; with no calls at all, connections stay open.
 *
 * <p>Who waits: a caller finding {@value #MAX_CONNECTIONS} calls in flight, at most until its
 * call's deadline; one opening a connection, at most the connect timeout and that deadline. On
 * failure: a connection that broke or timed out is closed and not returned; after {@link #close()}
 * every take throws {@link ConnectionLostException}.
 */
final class CallConnections {

  /** At most this many calls of one JVM to one tag are in flight at once; more wait. */
  static final int MAX_CONNECTIONS = 32;

  private final Path socket;
  private final TagContext<?> context;
  private final long hostPid;
  private final long session;
  private final long idleTimeoutNanos;
  private final Semaphore inFlight = new Semaphore(MAX_CONNECTIONS);
  private final ConcurrentLinkedDeque<Connection> idle = new ConcurrentLinkedDeque<>();

  // The connection each thread used last; it may have been closed since. One per tag's pool, as a
  // thread calls several tags; the pool lives as long as its session.
  @SuppressWarnings("ThreadLocalUsage")
  private final ThreadLocal<Connection> lastUsed = new ThreadLocal<>();

  private final Set<Connection> open = ConcurrentHashMap.newKeySet();
  private volatile boolean closed;

  CallConnections(Path socket, TagContext<?> context, long hostPid, long session) {
    this.socket = socket;
    this.context = context;
    this.hostPid = hostPid;
    this.session = session;
    this.idleTimeoutNanos = context.config().idleConnectionTimeout().toNanos();
  }

  /**
   * A connection for one call whose time ends at {@code deadlineNanos}: waiting for a turn and
   * opening a connection end there too. Give it back with {@link #giveBack}.
   */
  Connection take(long deadlineNanos) {
    checkOpen();
    if (!inFlight.tryAcquire()) {
      awaitTurn(deadlineNanos);
    }
    try {
      checkOpen();
      Connection own = lastUsed.get();
      Connection connection =
          own != null && idle.removeFirstOccurrence(own) ? own : idle.pollFirst();
      if (connection == null) {
        connection = opened(deadlineNanos);
      }
      lastUsed.set(connection);
      return connection;
    } catch (RuntimeException e) {
      inFlight.release();
      throw e;
    }
  }

  /** Returns a connection after a call; one that broke or timed out is dropped instead. */
  void giveBack(Connection connection) {
    if (connection.isUsable() && !closed) {
      long now = System.nanoTime();
      connection.idleSince(now);
      idle.offerFirst(connection);
      if (closed) {
        discard(connection); // close() may have missed it
      }
      closeUnused(now);
    } else {
      discard(connection);
    }
    inFlight.release();
  }

  /** Closes every connection, also those in use; their callers get a lost connection. */
  void close() {
    closed = true;
    open.forEach(this::discard);
  }

  // The least recently returned connections are at the tail.
  private void closeUnused(long now) {
    for (Connection oldest = idle.peekLast();
        oldest != null && now - oldest.idleSince() > idleTimeoutNanos;
        oldest = idle.peekLast()) {
      if (idle.removeLastOccurrence(oldest)) { // else another caller took it meanwhile
        discard(oldest);
      }
    }
  }

  private void awaitTurn(long deadlineNanos) {
    Duration timeout = context.config().callTimeout();
    try {
      if (inFlight.tryAcquire(deadlineNanos - System.nanoTime(), TimeUnit.NANOSECONDS)) {
        return;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw context.interrupted(e);
    }
    throw new SharedResourceException(
        "This JVM's "
            + MAX_CONNECTIONS
            + " calls in flight to the"
            + " JVM with pid "
            + hostPid
            + " hosting shared resource '"
            + context.tag()
            + "' went on"
            + " for "
            + timeout.toSeconds()
            + " s without one finishing. If its calls are slow but"
            + " progressing, raise -D"
            + MachineConfig.CALL_TIMEOUT
            + " (seconds).");
  }

  /** A new connection, opened within the connect timeout and by the call's deadline. */
  private Connection opened(long deadlineNanos) {
    long connectDeadline = System.nanoTime() + context.config().connectTimeout().toNanos();
    Connection connection;
    try {
      connection =
          Connection.open(
              socket,
              context,
              session,
              deadlineNanos - connectDeadline < 0 ? deadlineNanos : connectDeadline);
    } catch (IOException e) {
      throw new ConnectionLostException(context.tag(), hostPid, e);
    }
    open.add(connection);
    if (closed) {
      discard(connection);
      checkOpen();
    }
    return connection;
  }

  private void discard(Connection connection) {
    if (open.remove(connection)) {
      idle.remove(connection);
      connection.close();
    }
  }

  private void checkOpen() {
    if (closed) {
      throw new ConnectionLostException(context.tag(), hostPid, new ClosedChannelException());
    }
  }
}
