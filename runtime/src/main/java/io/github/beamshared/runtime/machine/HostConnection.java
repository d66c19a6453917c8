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
import io.github.beamshared.runtime.transport.WireInput;
import io.github.beamshared.runtime.transport.WireOutput;
import java.io.EOFException;
import java.io.IOException;
import java.io.ObjectStreamException;
import java.net.ProtocolException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SocketChannel;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One connection of a client JVM at the host. Its own thread reads each message and runs each call
 * itself, then writes the reply: the client sends one call at a time per connection. An acquire
 * that must wait for the load runs on the host's pool and replies from there; one of a loaded
 * resource is answered at once.
 *
 * <p>A client's control connection holds the leases the client acquired, by the client's lease
 * ids, so the host's statistics count them, and opens a session. The client's call connections
 * name that session, and their calls run under one of its leases, or under a lease taken for the
 * call if it holds none (see {@link ClientChannel}). On failure: EOF, a garbage or oversized
 * frame or a protocol violation closes the connection and releases its leases, and nothing else;
 * a call or load that throws is answered with the throwable.
 */
final class HostConnection<T> implements Runnable {

  private static final int MAX_ARGUMENTS = 255;
  private static final Logger LOG = LoggerFactory.getLogger(HostConnection.class);

  private final SocketChannel channel;
  private final FrameChannel frames;
  private final TagContext<T> context;
  private final HostServer<T> server;
  private final Map<Long, CompletableFuture<Lease<T>>> leases = new ConcurrentHashMap<>();
  // Replies written by this connection's thread; the pool's replies bring their own.
  private final WireOutput out = new WireOutput();
  private volatile boolean closed;
  // Written by the reader thread only.
  private long clientPid = -1;
  // A control connection's own session, or 0.
  private volatile long session;
  // A call connection's control connection, whose leases its calls run under; null if gone.
  private HostConnection<T> control;

  HostConnection(SocketChannel channel, HostServer<T> server) {
    this.channel = channel;
    this.server = server;
    this.context = server.context();
    this.frames = new FrameChannel(channel, context.config().maxFrameBytes());
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
    WireInput in = message.body();
    int version = in.readInt();
    String tag = WireCodec.readString(in);
    String type = WireCodec.readString(in);
    String fingerprint = WireCodec.readString(in);
    clientPid = in.readLong();
    // The fields so far are the same in every version; the rest may not be.
    String refusal = version != Protocol.VERSION ? versionRefusal(version)
        : refusal(tag, type, fingerprint, in.readBoolean());
    if (refusal != null) {
      reply(out, message.id(), REFUSED, body -> WireCodec.writeString(body, refusal));
      throw new ProtocolException(refusal);
    }
    long joined = in.readLong();
    if (joined == 0) {
      session = server.openSession(this);
    } else {
      control = server.session(joined);
    }
    long id = joined == 0 ? session : joined;
    reply(out, message.id(), WELCOME, body -> {
      body.writeLong(Protocol.PID);
      body.writeLong(id);
    });
  }

  private String versionRefusal(int version) {
    return "The JVM with pid " + clientPid + " speaks protocol version " + version
        + " of beam-shared, the host (pid " + Protocol.PID + ") version " + Protocol.VERSION
        + "; run the same beam-shared version in every JVM.";
  }

  private String refusal(String tag, String type, String fingerprint, boolean threadSafe) {
    if (!context.tag().equals(tag)) {
      return "The JVM with pid " + clientPid + " asked for shared resource '" + tag
          + "' on the socket of '" + context.tag() + "'; two tags have the same short name in"
          + " the sharing directory.";
    }
    String expected = context.remote().fingerprint();
    if (!expected.equals(fingerprint) || !context.remote().type().getName().equals(type)) {
      return "Shared resource '" + tag + "': the JVM with pid " + clientPid + " has " + type
          + " with fingerprint " + fingerprint + ", but the host (pid " + Protocol.PID + ") has "
          + context.remote().type().getName() + " with fingerprint " + expected
          + ". Every JVM sharing a tag must run the same version of its interface: deploy them"
          + " together, or give the new version another tag.";
    }
    if (threadSafe != context.threadSafe()) {
      return "Shared resource '" + tag + "': the JVM with pid " + clientPid + " declares it"
          + " @MultiProcessShared(threadSafe = " + threadSafe + "), but the host (pid "
          + Protocol.PID + ") threadSafe = " + context.threadSafe() + ", and the host's setting"
          + " decides whether calls are serialized. Declare the same threadSafe in every JVM"
          + " sharing the tag, or give them different tags.";
    }
    return null;
  }

  private void acquire(long requestId, long leaseId) throws IOException {
    CompletableFuture<Lease<T>> lease = new CompletableFuture<>();
    if (leases.putIfAbsent(leaseId, lease) != null) {
      throw new ProtocolException("Lease id " + leaseId + " acquired twice");
    }
    if (context.localLeases().isLoaded()) {
      lease(requestId, leaseId, lease, out); // nothing to wait for: no hand-off to the pool
    } else {
      server.pool().execute(() -> lease(requestId, leaseId, lease, new WireOutput()));
    }
  }

  // On this connection's thread with its buffer, or on the pool's with a buffer of its own.
  private void lease(long requestId, long leaseId, CompletableFuture<Lease<T>> lease,
      WireOutput buffer) {
    try {
      lease.complete(context.localLeases().get());
    } catch (Throwable failure) {
      leases.remove(leaseId, lease);
      lease.completeExceptionally(failure);
      reply(buffer, requestId, FAILED, body -> ThrowableCodec.write(body, failure));
      return;
    }
    if (closed) {
      releaseAll();
    } else {
      reply(buffer, requestId, LEASED, body -> { });
    }
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
      reply(out, message.id(), THROWN, body -> ThrowableCodec.write(body,
          new SharedResourceException("The host of shared resource '" + context.tag()
              + "' cannot decode the arguments of method #" + method + ": " + undecodable)));
      return;
    }
    Object result;
    try {
      result = dispatch(method, arguments);
    } catch (Throwable thrown) {
      reply(out, message.id(), THROWN, body -> ThrowableCodec.write(body, thrown));
      return;
    }
    reply(out, message.id(), RESULT, body -> context.codec().write(body, result));
  }

  private Object dispatch(int method, Object[] arguments) throws Exception {
    HostConnection<T> holder = control != null ? control : this;
    CompletableFuture<Lease<T>> held = holder.anyLease();
    Lease<T> lease = held == null ? context.localLeases().get() : await(held);
    try {
      return context.invoke(lease, method, arguments);
    } finally {
      if (held == null) {
        lease.release();
      }
    }
  }

  // Racing with a release, it may find none.
  private CompletableFuture<Lease<T>> anyLease() {
    Iterator<CompletableFuture<Lease<T>>> held = leases.values().iterator();
    return held.hasNext() ? held.next() : null;
  }

  private Lease<T> await(CompletableFuture<Lease<T>> lease) throws Exception {
    try {
      return lease.get(context.config().loadTimeout().toNanos(), TimeUnit.NANOSECONDS);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof Exception cause ? cause : e;
    } catch (TimeoutException e) {
      throw new SharedResourceException("Shared resource '" + context.tag() + "' did not load"
          + " within " + context.config().loadTimeout().toSeconds() + " s in its host (pid "
          + Protocol.PID + "); raise -D" + LocalRegistry.LOAD_TIMEOUT_PROPERTY
          + " if the load is slow but progressing.");
    }
  }

  /**
   * Answers a request, writing the reply into {@code buffer}; a reply that cannot be encoded or is
   * too large becomes an exception.
   */
  private void reply(WireOutput buffer, long requestId, byte kind, Protocol.Body body) {
    try {
      try {
        frames.write(Protocol.message(buffer, kind, requestId, body));
      } catch (FrameTooLargeException | ObjectStreamException unsendable) {
        frames.write(Protocol.message(buffer, THROWN, requestId, error -> ThrowableCodec.write(
            error, new SharedResourceException("The host of shared resource '" + context.tag()
                + "' cannot send its answer: " + unsendable.getMessage()
                + (unsendable instanceof FrameTooLargeException
                    ? "; raise -D" + MachineConfig.MAX_FRAME_BYTES + " in every JVM" : "")))));
      }
    } catch (IOException e) {
      LOG.debug("Shared resource '{}': cannot answer pid {}: {}", context.tag(), clientPid, e);
      close();
    }
  }

  private void close() {
    closed = true;
    if (session != 0) {
      server.closeSession(session);
    }
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
