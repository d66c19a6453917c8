package io.github.beamshared.runtime.machine;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves one tag's resource to the other JVMs of the machine on a Unix domain socket, from the JVM
 * holding the tag's file lock, until that JVM exits; nothing closes it.
 *
 * <p>Each connection has a thread of its own, which runs its {@link HostConnection}: the thread
 * that accepted it, so that the client's handshake wakes no other thread, while a thread started
 * ahead takes over accepting. A client calls over one connection per calling thread, so a slow
 * call delays no other; those connections name the session of the client's control connection,
 * whose leases their calls run under. A peer running as another OS user is hung up on at once.
 */
final class HostServer<T> {

  private static final Logger LOG = LoggerFactory.getLogger(HostServer.class);

  private final ServerSocketChannel server;
  private final TagContext<T> context;
  private final ReadyThreads threads;
  private final String connectionThreadName;
  // Each client's control connection, by the session id its call connections name.
  private final Map<Long, HostConnection<T>> sessions = new ConcurrentHashMap<>();
  private final AtomicLong sessionIds = new AtomicLong();

  private HostServer(ServerSocketChannel server, TagContext<T> context) {
    this.server = server;
    this.context = context;
    this.threads = new ReadyThreads("beamshared-host-" + context.tag());
    this.connectionThreadName = "beamshared-host-" + context.tag() + "-connection";
  }

  /**
   * Binds {@code socket} and starts serving. The caller must hold the tag's file lock: a socket
   * file already there was left by a host that died, since a live one would hold the lock.
   */
  static <T> HostServer<T> start(Path socket, TagContext<T> context) throws IOException {
    Files.deleteIfExists(socket);
    ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
    try {
      server.bind(UnixDomainSocketAddress.of(socket));
      HostServer<T> host = new HostServer<>(server, context);
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
   * thread started ahead (leader/followers).
   */
  private final class Acceptor implements Runnable {
    @Override
    public void run() {
      threads.prestart(); // the next acceptor, started while this one waits for a connection
      SocketChannel channel = acceptNext();
      if (channel == null) {
        return;
      }
      threads.execute(new Acceptor());
      Thread.currentThread().setName(connectionThreadName);
      new HostConnection<>(channel, HostServer.this).run();
    }
  }

  /** The next connection from a peer of this OS user, or null once the server is closed. */
  private SocketChannel acceptNext() {
    while (server.isOpen()) {
      SocketChannel channel;
      try {
        channel = server.accept();
      } catch (IOException e) {
        LOG.warn("Shared resource '{}': accepting a connection failed: {}", context.tag(),
            e.toString());
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
  HostConnection<T> session(long id) {
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
