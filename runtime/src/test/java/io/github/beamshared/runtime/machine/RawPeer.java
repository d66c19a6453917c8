package io.github.beamshared.runtime.machine;

import io.github.beamshared.runtime.protocol.Hello;
import io.github.beamshared.runtime.protocol.Message;
import io.github.beamshared.runtime.protocol.MessageType;
import io.github.beamshared.runtime.protocol.Protocol;
import io.github.beamshared.runtime.transport.FrameChannel;
import io.github.beamshared.runtime.transport.WireOutput;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A peer that speaks the host's protocol by hand, as a hostile or broken process of the same user
 * could: it sends what a test composes, frame by frame or byte by byte. Every wait for an answer is
 * bounded; a wait that times out closes the connection.
 */
final class RawPeer implements AutoCloseable {

  private final SocketChannel channel;
  private final FrameChannel frames;
  private final WireOutput out = new WireOutput();
  // The session the host's WELCOME named; and a call connection's control connection, or null.
  private long session;
  private RawPeer control;

  private RawPeer(SocketChannel channel) {
    this.channel = channel;
    this.frames = new FrameChannel(channel, Integer.MAX_VALUE);
  }

  /** Connects to {@code socket}. */
  static RawPeer connect(Path socket) throws IOException {
    SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
    channel.connect(UnixDomainSocketAddress.of(socket));
    return new RawPeer(channel);
  }

  /** Connects and shakes hands as a client's control connection for {@link Model} would. */
  static RawPeer handshake(Path socket) throws Exception {
    return handshake(socket, 0);
  }

  /**
   * Opens a control connection and a call connection of its session, as a client does before its
   * first call; returns the call connection, whose {@link #close} closes both.
   */
  static RawPeer caller(Path socket) throws Exception {
    RawPeer control = handshake(socket);
    try {
      RawPeer calls = handshake(socket, control.session);
      calls.control = control;
      return calls;
    } catch (Exception | Error e) {
      control.close();
      throw e;
    }
  }

  /**
   * Shakes hands as a control connection ({@code joined} 0) or a call connection of session {@code
   * joined} would.
   */
  static RawPeer handshake(Path socket, long joined) throws Exception {
    RawPeer peer = connect(socket);
    try {
      peer.frames.write(
          Protocol.writeHello(
              peer.out,
              1,
              new Hello(
                  Protocol.VERSION,
                  "model",
                  Model.class.getName(),
                  "model-v1",
                  ProcessHandle.current().pid(),
                  false,
                  joined)));
    } catch (IOException hungUp) {
      // A host refusing the connection answers and hangs up without reading the HELLO, maybe
      // before it is written: its answer, still to be read, says why.
    }
    Message answer = peer.awaitMessage(Duration.ofSeconds(ChildJvms.WAIT_SECONDS));
    if (answer.type() == MessageType.REFUSED) {
      throw new IllegalStateException("Not welcomed: " + Protocol.readRefusal(answer));
    }
    peer.session = Protocol.readWelcome(answer).session();
    return peer;
  }

  /** The session the host named in its WELCOME: this control connection's, or the one joined. */
  long session() {
    return session;
  }

  /**
   * Sends a CALL of method number {@code method} with one argument, {@code argument}: its value
   * type byte and what follows, composed by hand.
   */
  void sendCall(long id, int method, byte[] argument) throws IOException {
    out.clear().writeByte(MessageType.CALL.code());
    out.writeLong(id);
    out.writeInt(method);
    out.writeInt(1);
    out.write(argument);
    frames.write(out);
  }

  /** Sends raw bytes, framing nothing. */
  void sendBytes(byte[] bytes) throws IOException {
    ByteBuffer buffer = ByteBuffer.wrap(bytes);
    while (buffer.hasRemaining()) {
      channel.write(buffer);
    }
  }

  /** The next message, waiting at most {@code timeout}. */
  Message awaitMessage(Duration timeout) throws Exception {
    FutureTask<Message> read = new FutureTask<>(() -> Message.read(frames.read()));
    Thread reader = new Thread(read, "raw-peer-reader");
    reader.setDaemon(true);
    reader.start();
    try {
      return read.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      close();
      throw new AssertionError("No answer within " + timeout);
    } catch (ExecutionException e) {
      throw (Exception) e.getCause();
    }
  }

  /**
   * Whether the host closes this connection within {@code timeout}: a read then ends. Reads and
   * drops whatever the host sends first.
   */
  boolean closedByHostWithin(Duration timeout) throws Exception {
    FutureTask<Boolean> read =
        new FutureTask<>(
            () -> {
              ByteBuffer sink = ByteBuffer.allocate(4096);
              while (channel.read(sink) >= 0) {
                sink.clear();
              }
              return true;
            });
    Thread reader = new Thread(read, "raw-peer-drain");
    reader.setDaemon(true);
    reader.start();
    try {
      return read.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      return false;
    } catch (ExecutionException e) {
      return true; // reset by the host
    } finally {
      close();
    }
  }

  @Override
  public void close() throws IOException {
    channel.close();
    if (control != null) {
      control.close();
    }
  }
}
