package io.github.beamshared.runtime.machine;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves one tag's resource to the other JVMs of the machine on a Unix domain socket, from the JVM
 * holding the tag's file lock, until that JVM exits; nothing closes it.
 *
 * <p>One thread accepts connections and hands each to a {@link HostConnection} with a reader
 * thread of its own; acquires and calls run on a shared pool, so a slow call delays no other. A
 * peer running as another OS user is hung up on at once.
 */
final class HostServer {

  private static final Logger LOG = LoggerFactory.getLogger(HostServer.class);

  private final ServerSocketChannel server;
  private final TagContext<?> context;
  private final ExecutorService pool;

  private HostServer(ServerSocketChannel server, TagContext<?> context) {
    this.server = server;
    this.context = context;
    this.pool = Executors.newCachedThreadPool(daemonThreads("beamshared-call-" + context.tag()));
  }

  /**
   * Binds {@code socket} and starts serving. The caller must hold the tag's file lock: a socket
   * file already there was left by a host that died, since a live one would hold the lock.
   */
  static HostServer start(Path socket, TagContext<?> context) throws IOException {
    Files.deleteIfExists(socket);
    ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
    try {
      server.bind(UnixDomainSocketAddress.of(socket));
    } catch (IOException e) {
      server.close();
      throw e;
    }
    HostServer host = new HostServer(server, context);
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
      Thread reader = new Thread(new HostConnection<>(channel, context, pool),
          "beamshared-host-" + context.tag() + "-reader");
      reader.setDaemon(true);
      reader.start();
    }
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
