package io.github.beamshared.runtime.machine;

import static io.github.beamshared.runtime.machine.Protocol.ACQUIRE;
import static io.github.beamshared.runtime.machine.Protocol.CALL;
import static io.github.beamshared.runtime.machine.Protocol.FAILED;
import static io.github.beamshared.runtime.machine.Protocol.HELLO;
import static io.github.beamshared.runtime.machine.Protocol.LEASED;
import static io.github.beamshared.runtime.machine.Protocol.REFUSED;
import static io.github.beamshared.runtime.machine.Protocol.RELEASE;
import static io.github.beamshared.runtime.machine.Protocol.RESULT;
import static io.github.beamshared.runtime.machine.Protocol.THROWN;
import static io.github.beamshared.runtime.machine.Protocol.WELCOME;

import io.github.beamshared.runtime.Lease;
import io.github.beamshared.runtime.SharedResourceException;
import io.github.beamshared.runtime.local.LocalRegistry;
import io.github.beamshared.runtime.machine.Protocol.Message;
import io.github.beamshared.runtime.transport.FrameChannel;
import io.github.beamshared.runtime.transport.FrameTooLargeException;
import io.github.beamshared.runtime.transport.ThrowableCodec;
import io.github.beamshared.runtime.transport.WireCodec;
import java.io.EOFException;
import java.io.IOException;
import java.io.ObjectStreamException;
import java.net.ProtocolException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SocketChannel;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client JVM's connection at the host. Its reader thread decodes messages; acquires and calls
 * run on the host's pool, and their replies are written by whichever thread finishes.
 *
 * <p>It holds the leases the client acquired, by the client's lease ids, so the host's statistics
 * count them. A call runs under one of them, or a lease taken for the call if the client holds
 * none yet. On failure: EOF, a garbage or oversized frame or a protocol violation closes the
 * connection and releases its leases, and nothing else; a call or load that throws is answered
 * with the throwable.
 */
final class HostConnection<T> implements Runnable {

  private static final int MAX_ARGUMENTS = 255;
  private static final Logger LOG = LoggerFactory.getLogger(HostConnection.class);

  private final SocketChannel channel;
  private final FrameChannel frames;
  private final TagContext<T> context;
  private final Executor pool;
  private final Map<Long, CompletableFuture<Lease<T>>> leases = new ConcurrentHashMap<>();
  private volatile boolean closed;
  // Written by the reader thread only.
  private long clientPid = -1;

  HostConnection(SocketChannel channel, TagContext<T> context, Executor pool) {
    this.channel = channel;
    this.frames = new FrameChannel(channel, context.config().maxFrameBytes());
    this.context = context;
    this.pool = pool;
  }

  @Override
  public void run() {
    try {
      while (true) {
        handle(Message.parse(frames.read()));
      }
    } catch (EOFException | ClosedChannelException gone) {
      LOG.debug("Shared resource '{}': pid {} disconnected", context.tag(), clientPid);
    } catch (IOException | RuntimeException e) {
      LOG.warn("Shared resource '{}': disconnecting pid {}: {}", context.tag(), clientPid, e);
    } finally {
      close();
    }
  }

  private void handle(Message message) throws IOException {
    if (clientPid == -1 && message.kind() != HELLO) {
      throw new ProtocolException("Expected HELLO first, got message kind " + message.kind());
    }
    switch (message.kind()) {
      case HELLO -> hello(message);
      case ACQUIRE -> acquire(message.id(), message.body().readLong());
      case RELEASE -> release(message.body().readLong());
      case CALL -> call(message);
      default -> throw new ProtocolException("Unknown message kind " + message.kind());
    }
  }

  private void hello(Message message) throws IOException {
    if (clientPid != -1) {
      throw new ProtocolException("Second HELLO");
    }
    int version = message.body().readInt();
    String tag = WireCodec.readString(message.body());
    String type = WireCodec.readString(message.body());
    String fingerprint = WireCodec.readString(message.body());
    long pid = message.body().readLong();
    String refusal = refusal(version, tag, type, fingerprint, pid);
    clientPid = pid;
    if (refusal != null) {
      send(Protocol.message(REFUSED, message.id(), out -> WireCodec.writeString(out, refusal)));
      throw new ProtocolException(refusal);
    }
    send(Protocol.message(WELCOME, message.id(), out -> out.writeLong(Protocol.PID)));
  }

  private String refusal(int version, String tag, String type, String fingerprint, long pid) {
    if (version != Protocol.VERSION) {
      return "The JVM with pid " + pid + " speaks protocol version " + version + " of beam-shared,"
          + " the host (pid " + Protocol.PID + ") version " + Protocol.VERSION
          + "; run the same beam-shared version in every JVM.";
    }
    if (!context.tag().equals(tag)) {
      return "The JVM with pid " + pid + " asked for shared resource '" + tag + "' on the socket of '"
          + context.tag() + "'; two tags have the same short name in the sharing directory.";
    }
    String expected = context.remote().fingerprint();
    if (!expected.equals(fingerprint) || !context.remote().type().getName().equals(type)) {
      return "Shared resource '" + tag + "': the JVM with pid " + pid + " has " + type
          + " with fingerprint " + fingerprint + ", but the host (pid " + Protocol.PID + ") has "
          + context.remote().type().getName() + " with fingerprint " + expected
          + ". Every JVM sharing a tag must run the same version of its interface: deploy them"
          + " together, or give the new version another tag.";
    }
    return null;
  }

  private void acquire(long requestId, long leaseId) throws IOException {
    CompletableFuture<Lease<T>> lease = new CompletableFuture<>();
    if (leases.putIfAbsent(leaseId, lease) != null) {
      throw new ProtocolException("Lease id " + leaseId + " acquired twice");
    }
    pool.execute(() -> {
      try {
        lease.complete(context.localLeases().get());
      } catch (Throwable failure) {
        leases.remove(leaseId, lease);
        lease.completeExceptionally(failure);
        reply(requestId, FAILED, out -> ThrowableCodec.write(out, failure));
        return;
      }
      if (closed) {
        releaseAll();
      } else {
        reply(requestId, LEASED, out -> { });
      }
    });
  }

  private void release(long leaseId) {
    CompletableFuture<Lease<T>> lease = leases.remove(leaseId);
    if (lease != null) {
      lease.thenAccept(Lease::release);
    }
  }

  private void call(Message message) throws IOException {
    int method = message.body().readInt();
    int count = message.body().readInt();
    if (count < 0 || count > MAX_ARGUMENTS) {
      throw new ProtocolException("Call with " + count + " arguments");
    }
    Object[] arguments = new Object[count];
    try {
      for (int i = 0; i < count; i++) {
        arguments[i] = context.codec().read(message.body());
      }
    } catch (IOException undecodable) {
      // The frame was whole, so the stream is intact: only this call fails.
      reply(message.id(), THROWN, out -> ThrowableCodec.write(out, new SharedResourceException(
          "The host of shared resource '" + context.tag() + "' cannot decode the arguments of"
              + " method #" + method + ": " + undecodable)));
      return;
    }
    pool.execute(() -> {
      Object result;
      try {
        result = dispatch(method, arguments);
      } catch (Throwable thrown) {
        reply(message.id(), THROWN, out -> ThrowableCodec.write(out, thrown));
        return;
      }
      reply(message.id(), RESULT, out -> context.codec().write(out, result));
    });
  }

  private Object dispatch(int method, Object[] arguments) throws Exception {
    CompletableFuture<Lease<T>> held = leases.values().stream().findFirst().orElse(null);
    Lease<T> lease = held == null ? context.localLeases().get() : await(held);
    try {
      return context.invoke(lease, method, arguments);
    } finally {
      if (held == null) {
        lease.release();
      }
    }
  }

  private Lease<T> await(CompletableFuture<Lease<T>> lease) throws Exception {
    try {
      return lease.get(context.config().loadTimeout().toNanos(), TimeUnit.NANOSECONDS);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof Exception cause ? cause : e;
    } catch (TimeoutException e) {
      throw new SharedResourceException("Shared resource '" + context.tag() + "' did not load"
          + " within " + context.config().loadTimeout().toSeconds() + " s in its host (pid "
          + Protocol.PID + "); raise -D" + LocalRegistry.LOAD_TIMEOUT_PROPERTY + " if the load is slow but progressing.");
    }
  }

  /** Answers a request; a reply that cannot be encoded or is too large becomes an exception. */
  private void reply(long requestId, byte kind, Protocol.Body body) {
    try {
      try {
        send(Protocol.message(kind, requestId, body));
      } catch (FrameTooLargeException | ObjectStreamException unsendable) {
        send(Protocol.message(THROWN, requestId, out -> ThrowableCodec.write(out,
            new SharedResourceException("The host of shared resource '" + context.tag()
                + "' cannot send its answer: " + unsendable.getMessage()
                + (unsendable instanceof FrameTooLargeException
                    ? "; raise -D" + MachineConfig.MAX_FRAME_BYTES + " in every JVM" : "")))));
      }
    } catch (IOException e) {
      LOG.debug("Shared resource '{}': cannot answer pid {}: {}", context.tag(), clientPid, e);
      close();
    }
  }

  private void send(byte[] message) throws IOException {
    frames.write(message);
  }

  private void close() {
    closed = true;
    try {
      channel.close();
    } catch (IOException ignored) {
      // Closing is all that is left to do.
    }
    releaseAll();
  }

  // A lease still loading is released once it has loaded.
  private void releaseAll() {
    leases.values().removeIf(lease -> {
      lease.thenAccept(Lease::release);
      return true;
    });
  }
}
