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
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves one tag's resource to the other JVMs of the machine on a Unix domain socket, from the JVM
 * holding the tag's file lock, until that JVM exits; nothing closes it.
 *
 * <p>One thread accepts connections and hands each to a {@link HostConnection} with a thread of
 * its own, which runs that connection's calls; acquires, which may wait for the load, run on a
 * shared pool. A client calls over one connection per calling thread, so a slow call delays no
 * other; those connections name the session of the client's control connection, whose leases
 * their calls run under. A peer running as another OS user is hung up on at once.
 */
final class HostServer<T> {

  private static final Logger LOG = LoggerFactory.getLogger(HostServer.class);

  private final ServerSocketChannel server;
  private final TagContext<T> context;
  private final ExecutorService pool;
  // Each client's control connection, by the session id its call connections name.
  private final Map<Long, HostConnection<T>> sessions = new ConcurrentHashMap<>();
  private final AtomicLong sessionIds = new AtomicLong();

  private HostServer(ServerSocketChannel server, TagContext<T> context) {
    this.server = server;
    this.context = context;
    this.pool = Executors.newCachedThreadPool(daemonThreads("beamshared-call-" + context.tag()));
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
    } catch (IOException e) {
      server.close();
      throw e;
    }
    HostServer<T> host = new HostServer<>(server, context);
    Thread acceptor = new Thread(host::accept, "beamshared-host-" + context.tag());
    acceptor.setDaemon(true);
    acceptor.start();
    return host;
  }

  private void accept() {
    while (server.isOpen()) {
      SocketChannel channel;
      try {
        channel = server.accept();
      } catch (IOException e) {
        LOG.warn("Shared resource '{}': accepting a connection failed: {}", context.tag(), e);
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
      Thread reader = new Thread(new HostConnection<>(channel, this),
          "beamshared-host-" + context.tag() + "-connection");
      reader.setDaemon(true);
      reader.start();
    }
  }

  TagContext<T> context() {
    return context;
  }

  /** Runs acquires, which may wait for the load, off the connections' threads. */
  Executor pool() {
    return pool;
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

  private static ThreadFactory daemonThreads(String prefix) {
    AtomicInteger count = new AtomicInteger();
    return body -> {
      Thread thread = new Thread(body, prefix + "-" + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }
}
