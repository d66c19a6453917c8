package io.github.beamshared.runtime.machine;

import static io.github.beamshared.runtime.machine.Protocol.ACQUIRE;
import static io.github.beamshared.runtime.machine.Protocol.CALL;
import static io.github.beamshared.runtime.machine.Protocol.HELLO;
import static io.github.beamshared.runtime.machine.Protocol.LEASED;
import static io.github.beamshared.runtime.machine.Protocol.REFUSED;
import static io.github.beamshared.runtime.machine.Protocol.RELEASE;
import static io.github.beamshared.runtime.machine.Protocol.RESULT;
import static io.github.beamshared.runtime.machine.Protocol.WELCOME;

import io.github.beamshared.runtime.SharedResourceException;
import io.github.beamshared.runtime.local.LocalRegistry;
import io.github.beamshared.runtime.machine.Protocol.Message;
import io.github.beamshared.runtime.transport.FrameChannel;
import io.github.beamshared.runtime.transport.FrameTooLargeException;
import io.github.beamshared.runtime.transport.ThrowableCodec;
import io.github.beamshared.runtime.transport.WireCodec;
import java.io.IOException;
import java.net.ProtocolException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A client JVM's one connection to the host of a tag, shared by all its threads: every request
 * gets an id, and one reader thread hands each reply to the thread waiting for it.
 *
 * <p>Who waits: a caller, for its own reply only, at most the call timeout (the load timeout for an
 * acquire, the connect timeout for the handshake). On failure: a timeout fails that caller alone,
 * naming the tag, the host's pid and the setting to raise. A broken connection fails every waiting
 * caller with a {@link ConnectionLostException} and is reported once to the owner, which fails
 * over.
 */
final class ClientChannel {

  private static final Logger LOG = LoggerFactory.getLogger(ClientChannel.class);

  private final TagContext<?> context;
  private final FrameChannel frames;
  private final Consumer<ClientChannel> onLost;
  private final AtomicLong requestIds = new AtomicLong();
  private final ConcurrentHashMap<Long, CompletableFuture<Message>> pending =
      new ConcurrentHashMap<>();
  private final AtomicBoolean lost = new AtomicBoolean();
  private volatile long hostPid = -1;

  private ClientChannel(TagContext<?> context, SocketChannel channel,
      Consumer<ClientChannel> onLost) {
    this.context = context;
    this.frames = new FrameChannel(channel, context.config().maxFrameBytes());
    this.onLost = onLost;
  }

  /**
   * Connects to {@code socket} and shakes hands.
   *
   * @throws IOException if nobody listens there (yet), or the connection broke
   * @throws SharedResourceException if the host refused this JVM, e.g. for another fingerprint
   */
  static ClientChannel connect(
      Path socket, TagContext<?> context, Consumer<ClientChannel> onLost) throws IOException {
    SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
    try {
      channel.connect(UnixDomainSocketAddress.of(socket));
      PeerUser.check(channel, context.user());
    } catch (IOException e) {
      channel.close();
      throw e;
    }
    ClientChannel client = new ClientChannel(context, channel, onLost);
    Thread reader = new Thread(client::read, "beamshared-client-" + context.tag());
    reader.setDaemon(true);
    reader.start();
    Message welcome;
    try {
      welcome = client.request(HELLO, out -> {
        out.writeInt(Protocol.VERSION);
        WireCodec.writeString(out, context.tag());
        WireCodec.writeString(out, context.remote().type().getName());
        WireCodec.writeString(out, context.remote().fingerprint());
        out.writeLong(Protocol.PID);
      }, context.config().connectTimeout(), MachineConfig.CONNECT_TIMEOUT, "answer the handshake");
    } catch (ConnectionLostException hostGone) {
      throw new IOException(hostGone.getMessage(), hostGone); // worth another election
    } catch (RuntimeException e) {
      client.close();
      throw e;
    }
    if (welcome.kind() == REFUSED) {
      client.close();
      throw new SharedResourceException(WireCodec.readString(welcome.body()));
    }
    if (welcome.kind() != WELCOME) {
      client.close();
      throw new ProtocolException("Expected WELCOME, got " + welcome.kind());
    }
    client.hostPid = welcome.body().readLong();
    return client;
  }

  long hostPid() {
    return hostPid;
  }

  /** Acquires lease {@code leaseId} at the host, waiting for its load if need be. */
  void acquire(long leaseId) {
    Message reply = request(ACQUIRE, out -> out.writeLong(leaseId),
        context.config().loadTimeout(), LocalRegistry.LOAD_TIMEOUT_PROPERTY, "load it");
    if (reply.kind() != LEASED) {
      Throwable failure = throwable(reply);
      Throwable cause = failure instanceof SharedResourceException && failure.getCause() != null
          ? failure.getCause() : failure;
      throw new SharedResourceException("Loading shared resource '" + context.tag()
          + "' failed in the JVM hosting it (pid " + hostPid + "): " + cause, cause);
    }
  }

  /** Re-acquires a lease at a new host after failover, without waiting for the answer. */
  void reacquire(long leaseId) {
    sendQuietly(ACQUIRE, requestIds.incrementAndGet(), out -> out.writeLong(leaseId));
  }

  void release(long leaseId) {
    sendQuietly(RELEASE, 0, out -> out.writeLong(leaseId));
  }

  /** Calls method {@code method} at the host; throws what the resource threw. */
  Object call(int method, Object[] arguments) throws Exception {
    Message reply = request(CALL, out -> {
      out.writeInt(method);
      out.writeInt(arguments.length);
      for (Object argument : arguments) {
        context.codec().write(out, argument);
      }
    }, context.config().callTimeout(), MachineConfig.CALL_TIMEOUT, "answer method #" + method);
    if (reply.kind() != RESULT) {
      Throwable thrown = throwable(reply);
      if (thrown instanceof Exception exception) {
        throw exception;
      }
      throw (Error) thrown;
    }
    try {
      return context.codec().read(reply.body());
    } catch (IOException e) {
      throw new SharedResourceException("Cannot decode the result of method #" + method
          + " of shared resource '" + context.tag() + "': " + e, e);
    }
  }

  /** Closes the connection without failing over. */
  void close() {
    lost.set(true);
    hangUp();
  }

  private Message request(
      byte kind, Protocol.Body body, Duration timeout, String setting, String what) {
    long id = requestIds.incrementAndGet();
    byte[] message;
    try {
      message = Protocol.message(kind, id, body);
    } catch (IOException unsendable) {
      throw new SharedResourceException("Cannot send to shared resource '" + context.tag() + "': "
          + unsendable, unsendable);
    }
    CompletableFuture<Message> reply = new CompletableFuture<>();
    pending.put(id, reply);
    try {
      frames.write(message);
      return reply.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
    } catch (FrameTooLargeException e) {
      throw new SharedResourceException("Cannot send to shared resource '" + context.tag() + "': "
          + e.getMessage() + "; raise -D" + MachineConfig.MAX_FRAME_BYTES + " in every JVM.", e);
    } catch (IOException e) {
      hangUp(); // the reader thread sees it and fails over
      throw new ConnectionLostException(context.tag(), hostPid, e);
    } catch (ExecutionException e) {
      throw (ConnectionLostException) e.getCause();
    } catch (TimeoutException e) {
      throw new SharedResourceException("The JVM with pid " + hostPid + " hosting shared resource '"
          + context.tag() + "' did not " + what + " within " + timeout.toSeconds() + " s. If it is"
          + " slow but progressing, raise -D" + setting + " (seconds).");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SharedResourceException(
          "Interrupted while waiting for shared resource '" + context.tag() + "'", e);
    } finally {
      pending.remove(id);
    }
  }

  private Throwable throwable(Message reply) {
    try {
      return ThrowableCodec.read(reply.body(), context.codec().admitted());
    } catch (IOException e) {
      return new SharedResourceException("Cannot decode what shared resource '" + context.tag()
          + "' threw in the JVM hosting it (pid " + hostPid + "): " + e, e);
    }
  }

  private void sendQuietly(byte kind, long id, Protocol.Body body) {
    try {
      frames.write(Protocol.message(kind, id, body));
    } catch (IOException e) {
      hangUp(); // the caller need not know: the reader thread fails over and replays leases
    }
  }

  private void read() {
    try {
      while (true) {
        Message reply = Message.parse(frames.read());
        CompletableFuture<Message> waiting = pending.remove(reply.id());
        if (waiting != null) {
          waiting.complete(reply);
        }
      }
    } catch (IOException | RuntimeException e) {
      lost(e);
    }
  }

  private void hangUp() {
    try {
      frames.close();
    } catch (IOException ignored) {
      // Closing is all that is left to do.
    }
  }

  // Only the reader thread gets here, so failover never runs on a caller holding the tag's monitor.
  private void lost(Exception cause) {
    boolean first = lost.compareAndSet(false, true);
    hangUp();
    ConnectionLostException failure = new ConnectionLostException(context.tag(), hostPid, cause);
    pending.values().forEach(waiting -> waiting.completeExceptionally(failure));
    if (first) {
      LOG.info("{}", failure.getMessage());
      onLost.accept(this);
    }
  }
}
