package io.github.beamshared.runtime.machine;

import static io.github.beamshared.runtime.protocol.MessageType.CALL;
import static io.github.beamshared.runtime.protocol.MessageType.FAILED;
import static io.github.beamshared.runtime.protocol.MessageType.HELLO;
import static io.github.beamshared.runtime.protocol.MessageType.THROWN;

import io.github.beamshared.runtime.Lease;
import io.github.beamshared.runtime.SharedResourceException;
import io.github.beamshared.runtime.protocol.Call;
import io.github.beamshared.runtime.protocol.ControlRequest;
import io.github.beamshared.runtime.protocol.Hello;
import io.github.beamshared.runtime.protocol.Message;
import io.github.beamshared.runtime.protocol.MessageType;
import io.github.beamshared.runtime.protocol.Protocol;
import io.github.beamshared.runtime.protocol.UndecodableArgumentsException;
import io.github.beamshared.runtime.protocol.Welcome;
import io.github.beamshared.runtime.transport.FrameChannel;
import io.github.beamshared.runtime.transport.FrameTooLargeException;
import io.github.beamshared.runtime.transport.WireOutput;
import java.io.EOFException;
import java.io.IOException;
import java.net.ProtocolException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SocketChannel;
import java.util.Iterator;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One connection of a client JVM at the host. Its own thread reads each message and runs each call
 * or acquire itself, then writes the reply: the client sends one call at a time per connection. An
 * acquire that must wait for the load blocks the control connection until the load ends, which
 * delays only what that client sent after it: its other acquires, which wait for the same load, and
 * its releases. No thread is started to wait.
 *
 * <p>A client's control connection holds the leases the client acquired, by the client's lease ids,
 * so the host's statistics count them, and opens a session. The client's call connections name that
 * session, and their calls run under one of its leases, or under a lease taken for the call if it
 * holds none (see {@link ClientChannel}). Calls travel on call connections only, so that the
 * control connection tells when the client has gone: from then on no call of its sessions starts
 * (see {@link TagContext#invoke}), and none is answered. On failure: EOF, a garbage or oversized
 * frame or a protocol violation closes the connection and releases its leases, and nothing else; a
 * call or load that throws is answered with the throwable.
 */
final class HostConnection<T> implements Runnable, Watchdog.Watched {

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
  // Written by the reader thread only; before a session is published, which status reads it from.
  private long clientPid = -1;
  // Whether the server counted this connection against its peer's limit.
  private boolean admitted;
  // A control connection's own session, or 0.
  private volatile long session;
  // A call connection's control connection, whose leases its calls run under.
  private @Nullable HostConnection<T> control;

  HostConnection(SocketChannel channel, HostServer<T> server) {
    this.channel = channel;
    this.server = server;
    this.context = server.context();
    this.frames = new FrameChannel(channel, Protocol.PRE_HANDSHAKE_MAX_FRAME_BYTES);
  }

  /**
   * Serves the connection until it closes. A peer has the connect timeout to send its handshake,
   * and each later message, once it has begun to arrive, the frame timeout to arrive whole (and its
   * arguments to be decoded); between messages it may stay idle, as a client holding leases does.
   */
  @Override
  public void run() {
    Watchdog.watch(this);
    try {
      deadline.arm(System.nanoTime() + context.config().connectTimeout().toNanos());
      while (!closed.get()) {
        if (clientPid != -1) {
          frames.awaitFrame();
          deadline.arm(System.nanoTime() + context.config().frameTimeout().toNanos());
        }
        handle(Message.read(frames.read()));
      }
    } catch (EOFException | ClosedChannelException gone) {
      LOG.debug("Shared resource '{}': pid {} disconnected", context.tag(), clientPid);
    } catch (IOException | RuntimeException e) {
      LOG.warn(
          "Shared resource '{}': disconnecting pid {}: {}",
          context.tag(),
          clientPid,
          deadline.disarm()
              ? "it sent too slowly (-D"
                  + MachineConfig.FRAME_TIMEOUT
                  + ", -D"
                  + MachineConfig.CONNECT_TIMEOUT
                  + " for the handshake)"
              : e.toString());
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
    if (clientPid == -1 && message.type() != HELLO && !message.type().isControl()) {
      throw new ProtocolException("Expected HELLO first, got " + message.type());
    }
    if (message.type() != CALL) {
      deadline.disarm(); // read whole; a call's arguments are decoded first
    }
    switch (message.type()) {
      case HELLO -> hello(message.id(), Protocol.readHello(message));
      case ACQUIRE -> acquire(message.id(), Protocol.readLeaseId(message));
      case RELEASE -> release(Protocol.readLeaseId(message));
      case CALL -> call(message);
      case PING -> reply(message.id(), Protocol.writePong(out, message.id()));
      case STATUS, UNLOAD, STOP -> command(message);
      default -> throw new ProtocolException("A client sent " + message.type());
    }
  }

  /**
   * Answers the status command's request, the only message of its connection, and hangs up. The
   * connection is counted against the total limit only: it is gone once answered.
   */
  private void command(Message message) throws IOException {
    if (clientPid != -1) {
      throw new ProtocolException(message.type() + " after the handshake");
    }
    ControlRequest request = Protocol.readControl(message);
    clientPid = request.pid();
    HostControl<T> answering = new HostControl<>(server);
    reply(message.id(), answering.answer(message.type(), message.id(), request, out));
    close();
    answering.afterAnswer();
  }

  private void hello(long requestId, Hello hello) throws IOException {
    if (clientPid != -1) {
      throw new ProtocolException("Second HELLO");
    }
    clientPid = hello.pid();
    String refusal =
        hello.version() != Protocol.VERSION ? versionRefusal(hello.version()) : refusal(hello);
    if (refusal != null) {
      reply(requestId, Protocol.writeRefused(out, requestId, refusal));
      throw new ProtocolException(refusal);
    }
    String overLimit = server.admit(clientPid);
    if (overLimit != null) {
      clientPid = -1;
      reply(requestId, Protocol.writeRefused(out, requestId, overLimit));
      throw new ProtocolException(overLimit);
    }
    admitted = true;
    frames.limit(context.config().maxFrameBytes());
    long joined = hello.session();
    if (joined == 0) {
      session = server.openSession(this);
    } else {
      control = server.session(joined);
      if (control == null) {
        // Its client's control connection closed: the client fails over, or has died.
        LOG.debug(
            "Shared resource '{}': pid {} joined session {}, which has ended",
            context.tag(),
            clientPid,
            joined);
        closeChannel();
        return;
      }
    }
    Welcome welcome =
        new Welcome(
            ThisProcess.PID, joined == 0 ? session : joined, context.config().maxFrameBytes());
    reply(requestId, Protocol.writeWelcome(out, requestId, welcome));
  }

  private String versionRefusal(int version) {
    return "The JVM with pid "
        + clientPid
        + " speaks protocol version "
        + version
        + " of beam-shared, the host (pid "
        + ThisProcess.PID
        + ") version "
        + Protocol.VERSION
        + "; run the same beam-shared version in every JVM.";
  }

  private @Nullable String refusal(Hello hello) {
    String tag = hello.tag();
    String type = hello.interfaceName();
    String fingerprint = hello.fingerprint();
    if (!context.tag().equals(tag)) {
      return "The JVM with pid "
          + clientPid
          + " asked for shared resource '"
          + tag
          + "' on the socket of '"
          + context.tag()
          + "'; two tags have the same short name in"
          + " the sharing directory.";
    }
    String expected = context.remote().fingerprint();
    if (!expected.equals(fingerprint) || !context.remote().type().getName().equals(type)) {
      return "Shared resource '"
          + tag
          + "': the JVM with pid "
          + clientPid
          + " has "
          + type
          + " with fingerprint "
          + fingerprint
          + ", but the host (pid "
          + ThisProcess.PID
          + ") has "
          + context.remote().type().getName()
          + " with fingerprint "
          + expected
          + ". Every JVM sharing a tag must run the same version of its interface: deploy them"
          + " together, or give the new version another tag.";
    }
    if (hello.threadSafe() != context.threadSafe()) {
      return "Shared resource '"
          + tag
          + "': the JVM with pid "
          + clientPid
          + " declares it"
          + " @MultiProcessShared(threadSafe = "
          + hello.threadSafe()
          + "), but the host (pid "
          + ThisProcess.PID
          + ") threadSafe = "
          + context.threadSafe()
          + ", and the host's setting"
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
      replyThrowable(FAILED, requestId, failure);
      return;
    }
    leases.put(leaseId, lease);
    reply(requestId, Protocol.writeLeased(out, requestId));
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
    Call call;
    try {
      call = Protocol.readCall(message, context.codec());
    } catch (UndecodableArgumentsException undecodable) {
      // Only this call fails: the connection's next read skips what is left of the message.
      replyThrowable(
          THROWN,
          message.id(),
          new SharedResourceException(
              "The host of shared"
                  + " resource '"
                  + context.tag()
                  + "' cannot decode the arguments of method #"
                  + undecodable.method()
                  + ": "
                  + undecodable.getCause()));
      return;
    }
    deadline.disarm(); // the message is in; running the call may take as long as it takes
    int method = call.method();
    Object result;
    try {
      result = dispatch(method, call.arguments());
    } catch (NotHostingException stopped) {
      close(); // the client finds its host gone and calls the next one
      return;
    } catch (Throwable thrown) {
      if (callerGone()) {
        LOG.debug(
            "Shared resource '{}': pid {} has gone, so its call of {} did not run",
            context.tag(),
            clientPid,
            context.remote().methodName(method));
        close();
        return;
      }
      replyThrowable(THROWN, message.id(), thrown);
      return;
    }
    replyResult(message.id(), result);
  }

  private @Nullable Object dispatch(int method, Object[] arguments) throws Exception {
    Lease<T> held = control().anyLease();
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
   * Whether the client of this call connection has gone: its control connection closed, as when the
   * client died, hung up or was disconnected.
   */
  private boolean callerGone() {
    return control().closed.get();
  }

  /** The control connection of this call connection, which the handshake of a call sets. */
  private HostConnection<T> control() {
    return Objects.requireNonNull(control, "a call connection's control connection");
  }

  // Racing with a release, it may find none.
  private @Nullable Lease<T> anyLease() {
    Iterator<Lease<T>> held = leases.values().iterator();
    return held.hasNext() ? held.next() : null;
  }

  /** Answers with the RESULT of a call, or if it cannot be encoded, with THROWN saying so. */
  private void replyResult(long requestId, @Nullable Object result) throws IOException {
    WireOutput message;
    try {
      message = Protocol.writeResult(out, requestId, result, context.codec());
    } catch (IOException | RuntimeException unencodable) {
      message = unsendable(requestId, "cannot encode its answer: " + unencodable);
    }
    reply(requestId, message);
  }

  /**
   * Answers with FAILED (a load's {@code thrown}) or THROWN (a call's), or if that cannot be
   * encoded, with THROWN saying so.
   */
  private void replyThrowable(MessageType type, long requestId, Throwable thrown)
      throws IOException {
    WireOutput message;
    try {
      message =
          type == FAILED
              ? Protocol.writeFailed(out, requestId, thrown)
              : Protocol.writeThrown(out, requestId, thrown);
    } catch (IOException | RuntimeException unencodable) {
      message = unsendable(requestId, "cannot encode its answer: " + unencodable);
    }
    reply(requestId, message);
  }

  /**
   * Sends the answer to request {@code requestId}, written into {@code out}. One that is too large
   * (or, see above, cannot be encoded) becomes an exception for that caller alone: the connection
   * stays usable, and the client must not take it for a dead host and run the call again elsewhere.
   * A connection that cannot be written to is closed.
   */
  private void reply(long requestId, WireOutput message) {
    try {
      deadline.arm(System.nanoTime() + context.config().frameTimeout().toNanos());
      try {
        frames.write(message);
      } catch (FrameTooLargeException tooLarge) {
        frames.write(
            unsendable(
                requestId,
                "cannot send its answer: "
                    + tooLarge.getMessage()
                    + "; raise -D"
                    + MachineConfig.MAX_FRAME_BYTES
                    + " in every JVM"));
      }
    } catch (IOException e) {
      LOG.debug("Shared resource '{}': cannot answer pid {}", context.tag(), clientPid, e);
      close();
    } finally {
      deadline.disarm();
    }
  }

  private WireOutput unsendable(long requestId, String problem) throws IOException {
    return Protocol.writeThrown(
        out,
        requestId,
        new SharedResourceException(
            "The host of shared resource '" + context.tag() + "' " + problem));
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

  /** The pid the client gave in its handshake. */
  long clientPid() {
    return clientPid;
  }

  /** How many leases this control connection holds. */
  int leaseCount() {
    return leases.size();
  }

  /**
   * Closes the connection because the host stops serving, and releases its leases now rather than
   * when its thread notices, so that the host standing down finds them released when it unloads;
   * its thread then ends. Releasing twice, here and on that thread, is harmless.
   */
  void disconnect() {
    closeChannel();
    releaseAll();
  }

  private void closeChannel() {
    try {
      channel.close();
    } catch (IOException ignored) {
      // Closing is all that is left to do.
    }
  }

  private void releaseAll() {
    leases
        .values()
        .removeIf(
            lease -> {
              lease.release();
              return true;
            });
  }
}
