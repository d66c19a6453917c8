package io.github.beamshared.runtime.machine;

import static io.github.beamshared.runtime.machine.Protocol.ACQUIRE;
import static io.github.beamshared.runtime.machine.Protocol.CALL;
import static io.github.beamshared.runtime.machine.Protocol.FAILED;
import static io.github.beamshared.runtime.machine.Protocol.HELLO;
import static io.github.beamshared.runtime.machine.Protocol.LEASED;
import static io.github.beamshared.runtime.machine.Protocol.PING;
import static io.github.beamshared.runtime.machine.Protocol.PONG;
import static io.github.beamshared.runtime.machine.Protocol.REFUSED;
import static io.github.beamshared.runtime.machine.Protocol.RELEASE;
import static io.github.beamshared.runtime.machine.Protocol.RESULT;
import static io.github.beamshared.runtime.machine.Protocol.THROWN;
import static io.github.beamshared.runtime.machine.Protocol.WELCOME;

import io.github.beamshared.runtime.Lease;
import io.github.beamshared.runtime.SharedResourceException;
import io.github.beamshared.runtime.machine.Protocol.Message;
import io.github.beamshared.runtime.transport.FrameChannel;
import io.github.beamshared.runtime.transport.FrameTooLargeException;
import io.github.beamshared.runtime.transport.ThrowableCodec;
import io.github.beamshared.runtime.transport.WireCodec;
import io.github.beamshared.runtime.transport.WireInput;
import io.github.beamshared.runtime.transport.WireOutput;
import java.io.EOFException;
import java.io.IOException;
import java.net.ProtocolException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SocketChannel;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One connection of a client JVM at the host. Its own thread reads each message and runs each call
 * or acquire itself, then writes the reply: the client sends one call at a time per connection. An
 * acquire that must wait for the load blocks the control connection until the load ends, which
 * delays only what that client sent after it: its other acquires, which wait for the same load,
 * and its releases. No thread is started to wait.
 *
 * <p>A client's control connection holds the leases the client acquired, by the client's lease
 * ids, so the host's statistics count them, and opens a session. The client's call connections
 * name that session, and their calls run under one of its leases, or under a lease taken for the
 * call if it holds none (see {@link ClientChannel}). Calls travel on call connections only, so
 * that the control connection tells when the client has gone: from then on no call of its
 * sessions starts (see {@link TagContext#invoke}), and none is answered. On failure: EOF, a garbage
 * or oversized frame or a protocol violation closes the connection and releases its leases, and
 * nothing else; a call or load that throws is answered with the throwable.
 */
final class HostConnection<T> implements Runnable, Watchdog.Watched {

  private static final int MAX_ARGUMENTS = 255;
  /**
   * The largest frame a peer may send before its handshake is accepted: a handshake takes a few
   * hundred bytes, and a peer not known yet commits the host to no more memory than this.
   */
  static final int PRE_HANDSHAKE_MAX_FRAME_BYTES = 64 * 1024;
  private static final Logger LOG = LoggerFactory.getLogger(HostConnection.class);

  private final SocketChannel channel;
  private final FrameChannel frames;
  private final TagContext<T> context;
  private final HostServer<T> server;
  // Read by the call connections of this control connection's session.
  private final Map<Long, Lease<T>> leases = new ConcurrentHashMap<>();
  private final WireOutput out = new WireOutput();
  // Reading a message or writing an answer: a peer slower than its deadline is disconnected.
  private final Deadline deadline = new Deadline();
  private final AtomicBoolean closed = new AtomicBoolean();
  // Written by the reader thread only.
  private long clientPid = -1;
  // Whether the server counted this connection against its peer's limit.
  private boolean admitted;
  // A control connection's own session, or 0.
  private volatile long session;
  // A call connection's control connection, whose leases its calls run under.
  private HostConnection<T> control;

  HostConnection(SocketChannel channel, HostServer<T> server) {
    this.channel = channel;
    this.server = server;
    this.context = server.context();
    this.frames = new FrameChannel(channel, PRE_HANDSHAKE_MAX_FRAME_BYTES);
  }

  /**
   * Serves the connection until it closes. A peer has the connect timeout to send its handshake,
   * and each later message, once it has begun to arrive, the frame timeout to arrive whole (and
   * its arguments to be decoded); between messages it may stay idle, as a client holding leases
   * does.
   */
  @Override
  public void run() {
    Watchdog.watch(this);
    try {
      deadline.arm(System.nanoTime() + context.config().connectTimeout().toNanos());
      while (true) {
        if (clientPid != -1) {
          frames.awaitFrame();
          deadline.arm(System.nanoTime() + context.config().frameTimeout().toNanos());
        }
        handle(Message.parse(frames.read()));
      }
    } catch (EOFException | ClosedChannelException gone) {
      LOG.debug("Shared resource '{}': pid {} disconnected", context.tag(), clientPid);
    } catch (IOException | RuntimeException e) {
      LOG.warn("Shared resource '{}': disconnecting pid {}: {}", context.tag(), clientPid,
          deadline.disarm() ? "it sent too slowly (-D" + MachineConfig.FRAME_TIMEOUT + ", -D"
              + MachineConfig.CONNECT_TIMEOUT + " for the handshake)" : e.toString());
    } finally {
      close();
    }
  }

  /** Closes the connection of a peer too slow to send a message, or to take an answer. */
  @Override
  public void expireIfOverdue(long nowNanos) {
    if (deadline.expire(nowNanos)) {
      closeChannel();
    }
  }

  private void handle(Message message) throws IOException {
    if (clientPid == -1 && message.kind() != HELLO) {
      throw new ProtocolException("Expected HELLO first, got message kind " + message.kind());
    }
    if (message.kind() != CALL) {
      deadline.disarm(); // read whole; a call's arguments are decoded first
    }
    switch (message.kind()) {
      case HELLO -> hello(message);
      case ACQUIRE -> acquire(message.id(), message.body().readLong());
      case RELEASE -> release(message.body().readLong());
      case CALL -> call(message);
      case PING -> reply(message.id(), PONG, body -> { });
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
      reply(message.id(), REFUSED, body -> WireCodec.writeString(body, refusal));
      throw new ProtocolException(refusal);
    }
    String overLimit = server.admit(clientPid);
    if (overLimit != null) {
      clientPid = -1;
      reply(message.id(), REFUSED, body -> WireCodec.writeString(body, overLimit));
      throw new ProtocolException(overLimit);
    }
    admitted = true;
    frames.limit(context.config().maxFrameBytes());
    long joined = in.readLong();
    if (joined == 0) {
      session = server.openSession(this);
    } else {
      control = server.session(joined);
      if (control == null) {
        // Its client's control connection closed: the client fails over, or has died.
        LOG.debug("Shared resource '{}': pid {} joined session {}, which has ended",
            context.tag(), clientPid, joined);
        closeChannel();
        return;
      }
    }
    long id = joined == 0 ? session : joined;
    reply(message.id(), WELCOME, body -> {
      body.writeLong(Protocol.PID);
      body.writeLong(id);
      body.writeInt(context.config().maxFrameBytes());
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
    if (leases.containsKey(leaseId)) {
      throw new ProtocolException("Lease id " + leaseId + " acquired twice");
    }
    Lease<T> lease;
    try {
      lease = context.localLeases().get();
    } catch (NotHostingException stopped) {
      close(); // unanswered: the client elects again
      return;
    } catch (Throwable failure) {
      reply(requestId, FAILED, body -> ThrowableCodec.write(body, failure));
      return;
    }
    leases.put(leaseId, lease);
    reply(requestId, LEASED, body -> { });
  }

  private void release(long leaseId) {
    Lease<T> lease = leases.remove(leaseId);
    if (lease != null) {
      lease.release();
    }
  }

  private void call(Message message) throws IOException {
    if (control == null) {
      throw new ProtocolException("A call on a control connection, which carries leases only");
    }
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
      reply(message.id(), THROWN, body -> ThrowableCodec.write(body,
          new SharedResourceException("The host of shared resource '" + context.tag()
              + "' cannot decode the arguments of method #" + method + ": " + undecodable)));
      return;
    }
    deadline.disarm(); // the message is in; running the call may take as long as it takes
    Object result;
    try {
      result = dispatch(method, arguments);
    } catch (NotHostingException stopped) {
      close(); // the client finds its host gone and calls the next one
      return;
    } catch (Throwable thrown) {
      if (callerGone()) {
        LOG.debug("Shared resource '{}': pid {} has gone, so its call of {} did not run",
            context.tag(), clientPid, context.remote().methodName(method));
        close();
        return;
      }
      reply(message.id(), THROWN, body -> ThrowableCodec.write(body, thrown));
      return;
    }
    reply(message.id(), RESULT, body -> context.codec().write(body, result));
  }

  private Object dispatch(int method, Object[] arguments) throws Exception {
    Lease<T> held = control.anyLease();
    Lease<T> lease = held == null ? context.localLeases().get() : held;
    try {
      return context.invoke(lease, method, arguments, clientPid, this::callerGone);
    } finally {
      if (held == null) {
        lease.release();
      }
    }
  }

  /**
   * Whether the client of this call connection has gone: its control connection closed, as when
   * the client died, hung up or was disconnected.
   */
  private boolean callerGone() {
    return control.closed.get();
  }

  // Racing with a release, it may find none.
  private Lease<T> anyLease() {
    Iterator<Lease<T>> held = leases.values().iterator();
    return held.hasNext() ? held.next() : null;
  }

  /**
   * Answers a request. A reply that cannot be encoded (a result whose serialization throws) or is
   * too large becomes an exception for that caller alone: the connection stays usable, and the
   * client must not take it for a dead host and run the call again elsewhere.
   */
  private void reply(long requestId, byte kind, Protocol.Body body) {
    try {
      WireOutput message;
      try {
        message = Protocol.message(out, kind, requestId, body);
      } catch (IOException | RuntimeException unencodable) {
        message = unsendable(requestId, "cannot encode its answer: " + unencodable);
      }
      deadline.arm(System.nanoTime() + context.config().frameTimeout().toNanos());
      try {
        frames.write(message);
      } catch (FrameTooLargeException tooLarge) {
        frames.write(unsendable(requestId, "cannot send its answer: " + tooLarge.getMessage()
            + "; raise -D" + MachineConfig.MAX_FRAME_BYTES + " in every JVM"));
      }
    } catch (IOException e) {
      LOG.debug("Shared resource '{}': cannot answer pid {}", context.tag(), clientPid, e);
      close();
    } finally {
      deadline.disarm();
    }
  }

  private WireOutput unsendable(long requestId, String problem) throws IOException {
    return Protocol.message(out, THROWN, requestId, error -> ThrowableCodec.write(error,
        new SharedResourceException(
            "The host of shared resource '" + context.tag() + "' " + problem)));
  }

  private void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    Watchdog.unwatch(this);
    if (session != 0) {
      server.closeSession(session);
    }
    closeChannel();
    server.closed(admitted ? clientPid : -1);
    admitted = false;
    releaseAll();
  }

  /** Closes the connection because the host stops serving; its thread then ends. */
  void disconnect() {
    closeChannel();
  }

  private void closeChannel() {
    try {
      channel.close();
    } catch (IOException ignored) {
      // Closing is all that is left to do.
    }
  }

  private void releaseAll() {
    leases.values().removeIf(lease -> {
      lease.release();
      return true;
    });
  }
}
