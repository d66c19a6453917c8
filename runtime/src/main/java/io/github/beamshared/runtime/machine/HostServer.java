package io.github.beamshared.runtime.machine;

import io.github.beamshared.runtime.protocol.Protocol;
import io.github.beamshared.runtime.transport.FrameChannel;
import io.github.beamshared.runtime.transport.WireOutput;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves one tag's resource to the other JVMs of the machine on a Unix domain socket, from the JVM
 * holding the tag's file lock, until that JVM exits or {@link #close()}s it when it stops hosting.
 *
 * <p>Each connection has a thread of its own, which runs its {@link HostConnection}: the thread
 * that accepted it, so that the client's handshake wakes no other thread, while a thread started
 * ahead takes over accepting. A client calls over one connection per calling thread, so a slow call
 * delays no other; those connections name the session of the client's control connection, whose
 * leases their calls run under. A peer running as another OS user is hung up on at once.
 */
final class HostServer<T> {

  private static final Logger LOG = LoggerFactory.getLogger(HostServer.class);

  private final ServerSocketChannel server;
  private final Path socket;
  private final TagContext<T> context;
  private final ReadyThreads threads;
  private final String connectionThreadName;
  // Stands this JVM down as the tag's host, leases held or not: the status command's stop.
  private final Runnable stopHosting;
  // Which of the tag's copies this server serves, from 0.
  private final int copy;
  private final long startedNanos = System.nanoTime();
  // Each client's control connection, by the session id its call connections name.
  private final Map<Long, HostConnection<T>> sessions = new ConcurrentHashMap<>();
  private final AtomicLong sessionIds = new AtomicLong();
  // Connections being served, handshake or not; and those of each peer, by the pid it gave.
  private final AtomicInteger connections = new AtomicInteger();
  private final Map<Long, Integer> connectionsByPeer = new HashMap<>();
  // Every connection being served, for close() to close.
  private final Set<HostConnection<T>> served = ConcurrentHashMap.newKeySet();
  private volatile boolean closed;

  private HostServer(
      ServerSocketChannel server,
      Path socket,
      TagContext<T> context,
      int copy,
      Runnable stopHosting) {
    this.server = server;
    this.socket = socket;
    this.context = context;
    this.copy = copy;
    this.stopHosting = stopHosting;
    this.threads = new ReadyThreads("beamshared-host-" + context.tag());
    this.connectionThreadName = "beamshared-host-" + context.tag() + "-connection";
  }

  /**
   * Binds {@code socket} and starts serving. The caller must hold the tag's file lock: a socket
   * file already there was left by a host that died, since a live one would hold the lock. {@code
   * stopHosting} stands this JVM down as the host when the status command stops it.
   */
  static <T> HostServer<T> start(Path socket, TagContext<T> context, int copy, Runnable stopHosting)
      throws IOException {
    Files.deleteIfExists(socket);
    ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
    try {
      server.bind(UnixDomainSocketAddress.of(socket));
      HostServer<T> host = new HostServer<>(server, socket, context, copy, stopHosting);
      host.threads.execute(host.new Acceptor());
      return host;
    } catch (IOException | RuntimeException | Error e) {
      // Nothing half-started stays behind: no socket that no thread accepts on.
      try {
        server.close();
        Files.deleteIfExists(socket);
      } catch (IOException cleanup) {
        e.addSuppressed(cleanup);
      }
      throw e;
    }
  }

  /**
   * Accepts the next connection and serves it until it closes, after handing accepting over to the
   * thread started ahead (leader/followers). Past the connection limit it refuses instead and goes
   * on accepting; so it does when no thread can be started to take over (the OS or the JVM is out
   * of threads), so that accepting never stops.
   */
  private final class Acceptor implements Runnable {
    @Override
    public void run() {
      while (true) {
        try {
          threads.prestart(); // the next acceptor, started while this one waits
        } catch (OutOfMemoryError | RuntimeException noThread) {
          // Tried again at the next connection.
        }
        SocketChannel channel = acceptNext();
        if (channel == null) {
          return;
        }
        if (connections.incrementAndGet() > context.config().maxConnections()) {
          connections.decrementAndGet();
          refuse(
              channel,
              "The JVM with pid "
                  + ThisProcess.PID
                  + " hosting shared resource '"
                  + context.tag()
                  + "' serves "
                  + context.config().maxConnections()
                  + " connections already, its limit (-D"
                  + MachineConfig.MAX_CONNECTIONS
                  + ").");
          continue;
        }
        try {
          threads.execute(new Acceptor());
        } catch (OutOfMemoryError | RuntimeException noThread) {
          connections.decrementAndGet();
          LOG.warn(
              "Shared resource '{}': cannot start a thread to serve a connection, so it is"
                  + " refused: {}",
              context.tag(),
              noThread.toString());
          refuse(
              channel,
              "The JVM with pid "
                  + ThisProcess.PID
                  + " hosting shared resource '"
                  + context.tag()
                  + "' cannot start a thread to serve this connection: "
                  + noThread);
          pause();
          continue;
        }
        Thread.currentThread().setName(connectionThreadName);
        HostConnection<T> connection = new HostConnection<>(channel, HostServer.this);
        served.add(connection);
        if (closed) {
          connection.disconnect(); // close() may have missed it
        }
        try {
          connection.run();
        } finally {
          served.remove(connection);
        }
        return;
      }
    }
  }

  /** The next connection from a peer of this OS user, or null once the server is closed. */
  private @Nullable SocketChannel acceptNext() {
    while (server.isOpen()) {
      SocketChannel channel;
      try {
        channel = server.accept();
      } catch (IOException e) {
        if (closed) {
          return null;
        }
        LOG.warn(
            "Shared resource '{}': accepting a connection failed: {}", context.tag(), e.toString());
        pause();
        continue;
      }
      try {
        PeerUser.check(channel, context.user());
      } catch (IOException e) {
        LOG.warn("Shared resource '{}': refused a connection: {}", context.tag(), e.getMessage());
        closeQuietly(channel);
        continue;
      }
      return channel;
    }
    return null;
  }

  TagContext<T> context() {
    return context;
  }

  /** How long this server has served. */
  int copy() {
    return copy;
  }

  Duration hostingFor() {
    return Duration.ofNanos(System.nanoTime() - startedNanos);
  }

  /** Stands this JVM down as the tag's host, at the status command's stop. */
  void stopHosting() {
    stopHosting.run();
  }

  /** The control connections of the clients served now. */
  Collection<HostConnection<T>> sessions() {
    return sessions.values();
  }

  /**
   * Stops serving: accepts no more connections, deletes the socket file and closes every
   * connection; their threads, and the one waiting to accept next, end as they notice. Waits for
   * none of them. The caller must still hold the tag's file lock, so that the socket file it
   * deletes is this server's.
   */
  void close() {
    closed = true;
    try {
      server.close();
    } catch (IOException e) {
      LOG.debug("Shared resource '{}': closing the server socket failed", context.tag(), e);
    }
    try {
      Files.deleteIfExists(socket);
    } catch (IOException e) {
      LOG.warn("Shared resource '{}': cannot delete {}: {}", context.tag(), socket, e.toString());
    }
    threads.close();
    for (HostConnection<T> connection : served) {
      connection.disconnect();
    }
  }

  /**
   * Counts a connection whose handshake names peer {@code pid}; returns why it is refused if that
   * peer holds its limit of connections already, else null.
   */
  synchronized @Nullable String admit(long pid) {
    int held = connectionsByPeer.getOrDefault(pid, 0);
    if (held >= context.config().maxConnectionsPerPeer()) {
      return "The JVM with pid "
          + pid
          + " holds "
          + held
          + " connections to the JVM with pid "
          + ThisProcess.PID
          + " hosting shared resource '"
          + context.tag()
          + "' already, the limit"
          + " per JVM (-D"
          + MachineConfig.MAX_CONNECTIONS_PER_PEER
          + ").";
    }
    connectionsByPeer.put(pid, held + 1);
    return null;
  }

  /** A connection closed: of peer {@code pid} if {@link #admit} counted it, else -1. */
  void closed(long pid) {
    connections.decrementAndGet();
    if (pid != -1) {
      synchronized (this) {
        connectionsByPeer.computeIfPresent(pid, (peer, held) -> held == 1 ? null : held - 1);
      }
    }
  }

  /**
   * Answers a connection's handshake, unread, with a refusal naming {@code reason}, and closes it:
   * the client reads it as the answer to its first request, the HELLO, which is request 1.
   */
  private void refuse(SocketChannel channel, String reason) {
    try {
      FrameChannel frames = new FrameChannel(channel, Protocol.PRE_HANDSHAKE_MAX_FRAME_BYTES);
      frames.write(Protocol.writeRefused(new WireOutput(), 1, reason));
    } catch (IOException | RuntimeException e) {
      LOG.debug("Shared resource '{}': refusing a connection failed", context.tag(), e);
    } finally {
      closeQuietly(channel);
    }
  }

  /** Starts a session for a client's control connection; returns its id. */
  long openSession(HostConnection<T> control) {
    long id = sessionIds.incrementAndGet();
    sessions.put(id, control);
    return id;
  }

  void closeSession(long id) {
    sessions.remove(id);
  }

  /** The control connection of session {@code id}, or null if it has closed. */
  @Nullable HostConnection<T> session(long id) {
    return sessions.get(id);
  }

  // Keeps a persistent accept failure (out of file descriptors) from spinning a core.
  private static void pause() {
    try {
      Thread.sleep(100);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void closeQuietly(SocketChannel channel) {
    try {
      channel.close();
    } catch (IOException ignored) {
      // Already gone.
    }
  }
}
