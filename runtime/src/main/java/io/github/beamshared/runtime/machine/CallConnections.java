package io.github.beamshared.runtime.machine;

import io.github.beamshared.runtime.SharedResourceException;
import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * The connections a client JVM calls a tag's host over, each used by one calling thread at a time:
 * a thread takes an idle one, or opens one while fewer than {@value #MAX_CONNECTIONS} are open, or
 * else waits for one to come back. The most recently returned connection is taken first, so a
 * steady thread keeps a warm connection.
 *
 * <p>Who waits: a thread finding all connections busy, at most the call timeout. On failure: a
 * connection that broke or timed out is closed and not returned; after {@link #close()} every
 * take throws {@link ConnectionLostException}.
 */
final class CallConnections {

  /** At most this many calls of one JVM to one tag are in flight at once; more wait. */
  static final int MAX_CONNECTIONS = 32;
  private static final long WAIT_SLICE_MILLIS = 100;

  private final Path socket;
  private final TagContext<?> context;
  private final long hostPid;
  private final long session;
  private final LinkedBlockingDeque<Connection> idle = new LinkedBlockingDeque<>();
  private final Set<Connection> open = ConcurrentHashMap.newKeySet();
  private final Semaphore openable = new Semaphore(MAX_CONNECTIONS);
  private volatile boolean closed;

  CallConnections(Path socket, TagContext<?> context, long hostPid, long session) {
    this.socket = socket;
    this.context = context;
    this.hostPid = hostPid;
    this.session = session;
  }

  Connection take() {
    long deadline = System.nanoTime() + context.config().callTimeout().toNanos();
    while (true) {
      checkOpen();
      Connection connection = idle.pollFirst();
      if (connection != null) {
        return connection;
      }
      if (openable.tryAcquire()) {
        return opened();
      }
      try {
        connection = idle.pollFirst(WAIT_SLICE_MILLIS, TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new SharedResourceException(
            "Interrupted while waiting for shared resource '" + context.tag() + "'", e);
      }
      if (connection != null) {
        return connection;
      }
      if (System.nanoTime() - deadline > 0) {
        throw new SharedResourceException("All " + MAX_CONNECTIONS + " connections of this JVM"
            + " to the JVM with pid " + hostPid + " hosting shared resource '" + context.tag()
            + "' stayed busy for " + context.config().callTimeout().toSeconds() + " s. If its"
            + " calls are slow but progressing, raise -D" + MachineConfig.CALL_TIMEOUT
            + " (seconds).");
      }
    }
  }

  /** Returns a connection after a call; one that broke or timed out is dropped instead. */
  void giveBack(Connection connection) {
    if (connection.isUsable() && !closed) {
      idle.offerFirst(connection);
      if (!closed) {
        return;
      }
    }
    discard(connection);
  }

  /** Closes every connection, also those in use; their callers get a lost connection. */
  void close() {
    closed = true;
    open.forEach(this::discard);
  }

  private Connection opened() {
    Connection connection;
    try {
      connection = Connection.open(socket, context, session);
    } catch (IOException | RuntimeException e) {
      openable.release();
      throw e instanceof SharedResourceException shared ? shared
          : new ConnectionLostException(context.tag(), hostPid, e);
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
      openable.release();
    }
  }

  private void checkOpen() {
    if (closed) {
      throw new ConnectionLostException(context.tag(), hostPid, new ClosedChannelException());
    }
  }
}
