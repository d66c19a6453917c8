package io.github.beamshared.runtime.machine;

import io.github.beamshared.runtime.SharedResourceException;
import io.github.beamshared.runtime.protocol.Hello;
import io.github.beamshared.runtime.protocol.Message;
import io.github.beamshared.runtime.protocol.MessageType;
import io.github.beamshared.runtime.protocol.Protocol;
import io.github.beamshared.runtime.protocol.Welcome;
import io.github.beamshared.runtime.transport.FrameChannel;
import io.github.beamshared.runtime.transport.FrameTooLargeException;
import io.github.beamshared.runtime.transport.WireOutput;
import java.io.IOException;
import java.io.ObjectStreamException;
import java.net.ProtocolException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * One connection from a client JVM to the host of a tag, on which the calling thread sends a
 * request and blocks reading the reply: nothing hands the reply from thread to thread. Used by one
 * thread at a time, except for the control connection's {@link #acquire}, {@link #release} and
 * {@link #ping}, which any thread may send.
 *
 * <p>Who waits: the caller, at most the timeout it gives; the {@link Watchdog} closes the
 * connection of a caller still waiting after that. On failure: a timeout, or a broken or
 * interrupted connection, closes the connection, which cannot be used again. A timeout throws a
 * {@link SharedResourceException} naming the tag, the host's pid and the setting to raise; a broken
 * connection a {@link ConnectionLostException}, upon which the caller fails over.
 */
final class Connection implements AutoCloseable, Watchdog.Watched {

  /** The request id of the acquire {@link #open} may send right behind the handshake. */
  static final long FIRST_ACQUIRE = 2;

  private final TagContext<?> context;
  private final FrameChannel frames;
  private final WireOutput out = new WireOutput();
  private long hostPid = -1;
  // The host's frame limit, told in its WELCOME: a larger message would make it hang up.
  private int hostMaxFrameBytes = Integer.MAX_VALUE;
  private long session;
  private long requestIds;
  // When the current wait ends: connecting, a handshake, or a request and its reply.
  private final Deadline deadline = new Deadline();
  private volatile boolean expired;
  // When the connection was last returned to its pool.
  private volatile long idleSinceNanos;

  private Connection(TagContext<?> context, SocketChannel channel) {
    this.context = context;
    this.frames = new FrameChannel(channel, context.config().maxFrameBytes());
  }

  /**
   * Connects to {@code socket} and shakes hands, at most until {@code deadlineNanos} (a {@link
   * System#nanoTime()} value), connect included: starting a session if {@code session} is 0, else
   * joining that one.
   *
   * @throws IOException if nobody listens there (yet), or the connection broke
   * @throws SharedResourceException if the host refused this JVM, e.g. for another fingerprint, or
   *     did not answer in time
   */
  static Connection open(Path socket, TagContext<?> context, long session, long deadlineNanos)
      throws IOException {
    return open(socket, context, session, 0, deadlineNanos);
  }

  /**
   * As {@link #open(Path, TagContext, long, long)}, and unless {@code leaseId} is 0, sends the
   * ACQUIRE of that lease as request {@link #FIRST_ACQUIRE} right behind the handshake, without
   * waiting for the host's welcome: the host reads them in order and, if loaded, answers both in
   * one wake-up. Its answer is the next message; if the host refuses the handshake, it reads no
   * further.
   *
   * <p>The watchdog closes the connection at the deadline whatever this thread waits on: a host
   * whose accept backlog is full (frozen, or out of threads) leaves {@code connect} blocked, and
   * one that is frozen leaves the handshake unanswered.
   */
  static Connection open(
      Path socket, TagContext<?> context, long session, long leaseId, long deadlineNanos)
      throws IOException {
    SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
    Connection connection = new Connection(context, channel);
    connection.deadline.arm(deadlineNanos);
    Watchdog.watch(connection);
    try {
      channel.connect(UnixDomainSocketAddress.of(socket));
      PeerUser.check(channel, context.user());
      connection.hello(session, leaseId);
    } catch (ClosedByInterruptException e) {
      connection.close();
      throw context.interrupted(e); // the caller's own interrupt: not a sign the host is gone
    } catch (ConnectionLostException hostGone) {
      throw new IOException(hostGone.getMessage(), hostGone); // worth another election
    } catch (IOException e) {
      connection.close();
      if (connection.disarm()) {
        throw connection.timedOut(
            context.config().connectTimeout(),
            "accept this JVM's" + " connection and answer its handshake",
            MachineConfig.CONNECT_TIMEOUT);
      }
      throw e;
    } catch (RuntimeException e) {
      connection.close();
      throw e;
    }
    connection.disarm();
    return connection;
  }

  private void hello(long joining, long leaseId) throws IOException {
    Hello hello =
        new Hello(
            Protocol.VERSION,
            context.tag(),
            context.remote().type().getName(),
            context.remote().fingerprint(),
            ThisProcess.PID,
            context.threadSafe(),
            joining);
    long id = ++requestIds;
    synchronized (out) {
      send(Protocol.writeHello(out, id, hello));
      if (leaseId != 0) {
        try {
          frames.write(Protocol.writeAcquire(out, ++requestIds, leaseId));
        } catch (IOException refused) {
          // The host hung up on the handshake already; its answer, still to be read, says why.
        }
      }
    }
    Message answer =
        readReply(
            id,
            context.config().connectTimeout(),
            "answer the handshake",
            MachineConfig.CONNECT_TIMEOUT);
    if (answer.type() == MessageType.REFUSED) {
      throw new SharedResourceException(Protocol.readRefusal(answer));
    }
    Welcome welcome = Protocol.readWelcome(answer);
    hostPid = welcome.hostPid();
    session = welcome.session();
    hostMaxFrameBytes = welcome.maxFrameBytes();
  }

  long hostPid() {
    return hostPid;
  }

  /** The session this connection started or joined at the host. */
  long session() {
    return session;
  }

  FrameChannel frames() {
    return frames;
  }

  /**
   * Sends a call of method number {@code method} and returns the reply, which stays readable until
   * this connection is used again; sending, waiting and reading the reply's rest as it is decoded
   * end at {@code deadlineNanos}, when the error names the {@code setting} whose {@code timeout} it
   * is: call {@link #answered} once decoded, or {@link #unreadable} if decoding failed. A call
   * whose arguments cannot be encoded or are too large leaves the connection usable.
   *
   * @throws ConnectionLostException if the connection broke; {@link
   *     ConnectionLostException#afterSending()} tells whether the host may have the call
   */
  Message call(
      int method, Object[] arguments, long deadlineNanos, Duration timeout, String setting) {
    long id = ++requestIds;
    deadline.arm(deadlineNanos);
    try {
      synchronized (out) {
        WireOutput message;
        try {
          message = Protocol.writeCall(out, id, method, arguments, context.codec());
        } catch (ObjectStreamException unsendable) {
          throw new SharedResourceException(
              "Cannot send to shared resource '" + context.tag() + "': " + unsendable, unsendable);
        }
        send(message);
      }
    } catch (IOException e) {
      if (disarm()) {
        throw timedOut(timeout, "answer method #" + method, setting);
      }
      throw broken(e, false);
    } catch (RuntimeException e) {
      disarm();
      throw e;
    }
    return readReply(id, timeout, "answer method #" + method, setting);
  }

  /** The reply of the last {@link #call} was decoded whole: its deadline ends. */
  void answered() {
    disarm();
  }

  /**
   * The reply of the last {@link #call} could not be decoded whole, for {@code failure}: the
   * connection, whose stream may hold the reply's rest, is closed. Returns what to throw: a timeout
   * if the deadline passed, a {@link ConnectionLostException} if the stream broke (the host died or
   * hung up mid-answer), else the reply's own fault, named as {@code what}.
   */
  SharedResourceException unreadable(
      Throwable failure, Duration timeout, String awaited, String setting, String what) {
    boolean overdue = disarm();
    close();
    if (overdue) {
      return context.hostTimedOut(hostPid, awaited, timeout, setting);
    }
    if (failure instanceof IOException broken
        && !(failure instanceof ObjectStreamException)
        && !(failure instanceof ProtocolException)) {
      return new ConnectionLostException(context.tag(), hostPid, broken, true);
    }
    return new SharedResourceException(what + ": " + failure, failure);
  }

  /**
   * Reads the reply to request {@code id}, which must be the next message, waiting at most {@code
   * timeout}; on timeout, the error says the host did not do {@code awaited} and names the {@code
   * setting} to raise.
   */
  Message awaitReply(long id, Duration timeout, String awaited, String setting) {
    deadline.arm(System.nanoTime() + timeout.toNanos());
    Message reply = readReply(id, timeout, awaited, setting);
    disarm(); // what the control connection waits for is small, and read with its frame
    return reply;
  }

  /**
   * As {@link #awaitReply}, the deadline armed already; it stays armed for the reply's rest, unless
   * reading failed.
   */
  private Message readReply(long id, Duration timeout, String awaited, String setting) {
    Message reply = null;
    IOException failure = null;
    try {
      reply = Message.read(frames.read());
      if (reply.id() != id) {
        failure = new ProtocolException("Reply to request " + reply.id() + ", expected " + id);
      }
    } catch (IOException e) {
      failure = e;
    }
    if (failure != null && disarm()) {
      throw timedOut(timeout, awaited, setting);
    }
    if (failure instanceof FrameTooLargeException tooLarge) {
      // The host is alive and configured otherwise: fail this call, without failing over.
      disarm();
      close();
      throw new SharedResourceException(
          "The answer of the "
              + TagContext.jvm(hostPid)
              + " hosting shared resource '"
              + context.tag()
              + "' is too large for this JVM: "
              + tooLarge.getMessage()
              + "; set -D"
              + MachineConfig.MAX_FRAME_BYTES
              + " to the same value in every JVM.",
          tooLarge);
    }
    if (failure != null) {
      disarm();
      throw broken(failure, true);
    }
    return Objects.requireNonNull(reply, "read without failure");
  }

  /** Sends ACQUIRE of lease {@code leaseId} as request {@code id}, on the control connection. */
  void acquire(long id, long leaseId) {
    synchronized (out) {
      sendOnControl(Protocol.writeAcquire(out, id, leaseId));
    }
  }

  /** Sends RELEASE of lease {@code leaseId}, on the control connection. */
  void release(long leaseId) {
    synchronized (out) {
      sendOnControl(Protocol.writeRelease(out, leaseId));
    }
  }

  /** Sends PING as request {@code id}, on the control connection. */
  void ping(long id) {
    synchronized (out) {
      sendOnControl(Protocol.writePing(out, id));
    }
  }

  /**
   * Sends a message of the control connection, with no deadline of its own, without letting the
   * caller's interrupt close it: NIO closes a channel that an interrupted thread writes to, and
   * losing the control connection would fail over every thread of this JVM. The caller keeps its
   * interrupt, and holds the lock of {@code out}.
   */
  private void sendOnControl(WireOutput message) {
    boolean interrupted = Thread.interrupted();
    try {
      send(message);
    } catch (IOException e) {
      throw broken(e, false);
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /**
   * Sends the message written into {@code out}, whose lock the caller holds. One too large for this
   * JVM or the host leaves the connection usable.
   */
  private void send(WireOutput message) throws IOException {
    if (message.size() > hostMaxFrameBytes) {
      throw new SharedResourceException(
          "Cannot send to the "
              + TagContext.jvm(hostPid)
              + " hosting shared resource '"
              + context.tag()
              + "': a message of "
              + message.size()
              + " bytes exceeds its limit of "
              + hostMaxFrameBytes
              + " bytes; set -D"
              + MachineConfig.MAX_FRAME_BYTES
              + " to the same value in every JVM.");
    }
    try {
      frames.write(message);
    } catch (FrameTooLargeException e) {
      throw new SharedResourceException(
          "Cannot send to shared resource '"
              + context.tag()
              + "': "
              + e.getMessage()
              + "; raise -D"
              + MachineConfig.MAX_FRAME_BYTES
              + " in every JVM.",
          e);
    }
  }

  /**
   * Ends the watch of the current wait; whether the watchdog closed the connection meanwhile, in
   * which case a failure of that wait is a timeout, and the connection is not used again.
   */
  private boolean disarm() {
    if (deadline.disarm()) {
      expired = true;
      return true;
    }
    return false;
  }

  private SharedResourceException timedOut(Duration timeout, String awaited, String setting) {
    close();
    return context.hostTimedOut(hostPid, awaited, timeout, setting);
  }

  /** Closes the connection if its caller has waited past its deadline. */
  @Override
  public void expireIfOverdue(long nowNanos) {
    if (deadline.expire(nowNanos)) {
      close();
    }
  }

  void idleSince(long nanos) {
    idleSinceNanos = nanos;
  }

  long idleSince() {
    return idleSinceNanos;
  }

  /** Whether the next request may use this connection. */
  boolean isUsable() {
    return !expired && frames.isOpen();
  }

  @Override
  public void close() {
    Watchdog.unwatch(this);
    try {
      frames.close();
    } catch (IOException ignored) {
      // Closing is all that is left to do.
    }
  }

  private SharedResourceException broken(IOException e, boolean afterSending) {
    close();
    if (e instanceof ClosedByInterruptException) {
      return context.interrupted(e);
    }
    return new ConnectionLostException(context.tag(), hostPid, e, afterSending);
  }
}
