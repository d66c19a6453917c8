package io.github.beamshared.runtime.machine;

import io.github.beamshared.runtime.protocol.Message;
import io.github.beamshared.runtime.protocol.Protocol;
import io.github.beamshared.runtime.transport.FrameChannel;
import io.github.beamshared.runtime.transport.WireOutput;
import java.io.EOFException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One request to the host on one socket, of the status command or of a JVM choosing the copy of a
 * tag with the fewest leases, on a thread of its own: connects, checks that the host runs as this
 * user, sends the request and reads the answer. A connect or read on a Unix domain socket cannot
 * time out by itself, so {@link #await} closes the connection once the deadline has passed, which
 * wakes the thread; the thread is a daemon, so it never keeps the command alive.
 */
public final class HostProbe {

  private final Path socket;
  private final SocketChannel channel;
  private final FutureTask<Reply> exchange;

  private HostProbe(Path socket, WireOutput request, UserPrincipal user) throws IOException {
    this.socket = socket;
    this.channel = SocketChannel.open(StandardProtocolFamily.UNIX);
    this.exchange = new FutureTask<>(() -> exchange(request, user));
  }

  /** Sends {@code request} to the host on {@code socket}, which must run as {@code user}. */
  public static HostProbe start(Path socket, WireOutput request, UserPrincipal user)
      throws IOException {
    HostProbe probe = new HostProbe(socket, request, user);
    Thread thread = new Thread(probe.exchange, "beamshared-status-" + socket.getFileName());
    thread.setDaemon(true);
    thread.start();
    return probe;
  }

  /** Asks and waits for the answer, at most {@code bound}. */
  public static Reply ask(Path socket, WireOutput request, UserPrincipal user, Duration bound)
      throws IOException {
    return start(socket, request, user).await(System.nanoTime() + bound.toNanos(), bound);
  }

  /**
   * The answer, or {@link HostState#NOT_ANSWERING} once {@code deadline} (a {@link
   * System#nanoTime()} value) has passed; {@code bound} is what the message names.
   */
  public Reply await(long deadline, Duration bound) {
    try {
      return exchange.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
    } catch (TimeoutException late) {
      return Reply.failed(
          HostState.NOT_ANSWERING,
          "accepted the connection but did not answer within "
              + bound.toMillis()
              + " ms: busy, stuck or not a beam-shared host");
    } catch (ExecutionException e) {
      return Reply.failed(HostState.FAILED, String.valueOf(e.getCause()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Reply.failed(HostState.NOT_ANSWERING, "interrupted while waiting");
    } finally {
      close();
    }
  }

  private Reply exchange(WireOutput request, UserPrincipal user) {
    try {
      channel.connect(UnixDomainSocketAddress.of(socket));
    } catch (ConnectException refused) {
      return Files.exists(socket)
          ? Reply.failed(HostState.STALE, "nobody listens on the socket")
          : Reply.failed(HostState.GONE, "the socket was removed");
    } catch (IOException e) {
      return Files.exists(socket)
          ? Reply.failed(HostState.FAILED, "cannot connect: " + e)
          : Reply.failed(HostState.GONE, "the socket was removed");
    }
    try {
      PeerUser.check(channel, user);
      FrameChannel frames = new FrameChannel(channel, Protocol.PRE_HANDSHAKE_MAX_FRAME_BYTES);
      frames.write(request);
      return read(Message.read(frames.read()));
    } catch (EOFException hungUp) {
      return Reply.failed(
          HostState.FAILED,
          "hung up without answering: a host of an earlier beam-shared, which has no status"
              + " requests, or one standing down");
    } catch (IOException e) {
      return Reply.failed(HostState.FAILED, e.toString());
    }
  }

  private static Reply read(Message answer) throws IOException {
    return switch (answer.type()) {
      case STATUS_REPORT -> new Reply(HostState.LIVE, Protocol.readStatusReport(answer), "");
      case DONE -> new Reply(HostState.LIVE, null, Protocol.readDone(answer));
      case REFUSED -> Reply.failed(HostState.REFUSED, Protocol.readRefusal(answer));
      default -> Reply.failed(HostState.FAILED, "answered " + answer.type());
    };
  }

  private void close() {
    try {
      channel.close();
    } catch (IOException ignored) {
      // Closing is all that is left to do.
    }
  }
}
