package io.github.beamshared.runtime.machine;

import static io.github.beamshared.runtime.protocol.MessageType.FAILED;
import static io.github.beamshared.runtime.protocol.MessageType.LEASED;
import static io.github.beamshared.runtime.protocol.MessageType.PONG;
import static io.github.beamshared.runtime.protocol.MessageType.RESULT;

import io.github.beamshared.runtime.RemoteResourceException;
import io.github.beamshared.runtime.SharedResourceException;
import io.github.beamshared.runtime.local.LocalRegistry;
import io.github.beamshared.runtime.protocol.Message;
import io.github.beamshared.runtime.protocol.Protocol;
import java.io.IOException;
import java.net.ProtocolException;
import java.nio.channels.ClosedChannelException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A client JVM's connections to the host of a tag. Leases travel over one control connection, whose
 * reader thread hands each answer to the thread waiting for it and notices at once when the host
 * dies. Calls travel over a {@link CallConnections} pool: a calling thread takes a connection of
 * its own, sends, and reads the reply itself.
 *
 * <p>Who waits: a caller, for its own reply only, at most the call timeout (the load timeout for an
 * acquire, the connect timeout for a handshake). On failure: a timeout fails that caller alone,
 * naming the tag, the host's pid and the setting to raise. A broken connection fails its caller
 * with a {@link ConnectionLostException}; a broken control connection fails every waiting caller,
 * closes the pool, and is reported once to the owner, which fails over.
 */
final class ClientChannel implements Runnable {

  private static final Logger LOG = LoggerFactory.getLogger(ClientChannel.class);
  private static final ReadyThreads READERS = new ReadyThreads("beamshared-client");

  private final TagContext<?> context;
  private final Connection control;
  private final CallConnections calls;
  private final MachineTag<?> owner;
  // The handshake and the acquire sent with it were requests 1 and 2.
  private final AtomicLong requestIds = new AtomicLong(Connection.FIRST_ACQUIRE);
  private final ConcurrentHashMap<Long, Answer> pending = new ConcurrentHashMap<>();
  private final AtomicBoolean lost = new AtomicBoolean();
  private final AtomicBoolean readerStarted = new AtomicBoolean();
  // The lease acquired with the handshake and the host's answer, until acquire(id) takes it.
  private final AtomicLong firstLease;
  private final Optional<Throwable> firstFailure;

  private ClientChannel(
      TagContext<?> context,
      Connection control,
      Path socket,
      MachineTag<?> owner,
      long firstLease,
      Optional<Throwable> firstFailure) {
    this.context = context;
    this.control = control;
    this.calls = new CallConnections(socket, context, control.hostPid(), control.session());
    this.owner = owner;
    this.firstLease = new AtomicLong(firstLease);
    this.firstFailure = firstFailure;
  }

  /**
   * Connects to {@code socket} and shakes hands by {@code deadlineNanos}; tells {@code owner} if
   * the connection breaks. Unless {@code leaseId} is 0, acquires that lease in the same round trip
   * (see {@link Connection#open(Path, TagContext, long, long, long)}), waiting for the host's load
   * if need be: the caller's {@link #acquire} of it then returns or throws what the host answered.
   *
   * @throws IOException if nobody listens there (yet), or the connection broke
   * @throws SharedResourceException if the host refused this JVM, e.g. for another fingerprint, or
   *     did not answer or load in time
   */
  static ClientChannel connect(Path socket, MachineTag<?> owner, long leaseId, long deadlineNanos)
      throws IOException {
    TagContext<?> context = owner.context();
    Connection control = Connection.open(socket, context, 0, leaseId, deadlineNanos);
    if (leaseId == 0) {
      return new ClientChannel(context, control, socket, owner, 0, Optional.empty());
    }
    Optional<Throwable> failure;
    try {
      failure =
          answer(
              control.awaitReply(
                  Connection.FIRST_ACQUIRE,
                  context.config().loadTimeout(),
                  "load it",
                  LocalRegistry.LOAD_TIMEOUT_PROPERTY),
              context,
              control.hostPid());
    } catch (ConnectionLostException hostGone) {
      // The host died while loading: the caller's acquire finds this channel lost and fails
      // over, as if the host had died after the handshake.
      ClientChannel lost = new ClientChannel(context, control, socket, owner, 0, Optional.empty());
      lost.close();
      return lost;
    } catch (IOException | RuntimeException e) {
      control.close();
      throw e;
    }
    return new ClientChannel(context, control, socket, owner, leaseId, failure);
  }

  long hostPid() {
    return control.hostPid();
  }

  /** Acquires lease {@code leaseId} at the host, waiting for its load if need be. */
  void acquire(long leaseId) {
    if (firstLease.compareAndSet(leaseId, 0)) {
      startReader(); // a lease is held now: the host's death must be noticed
      throwIfFailed(firstFailure);
      return;
    }
    long id = requestIds.incrementAndGet();
    Answer answer = new Answer();
    pending.put(id, answer);
    Optional<Throwable> failure;
    Duration timeout = context.config().loadTimeout();
    try {
      if (lost.get()) {
        throw new ConnectionLostException(context.tag(), hostPid(), new ClosedChannelException());
      }
      control.acquire(id, leaseId);
      startReader();
      failure = answer.await(timeout.toNanos());
    } catch (TimeoutException e) {
      release(leaseId); // the host grants it once loaded: give it back then
      throw context.hostTimedOut(
          hostPid(), "load it", timeout, LocalRegistry.LOAD_TIMEOUT_PROPERTY);
    } catch (InterruptedException e) {
      release(leaseId);
      Thread.currentThread().interrupt();
      throw context.interrupted(e);
    } finally {
      pending.remove(id);
    }
    throwIfFailed(failure);
  }

  private void throwIfFailed(Optional<Throwable> failure) {
    if (failure.isPresent()) {
      Throwable cause =
          failure.get() instanceof SharedResourceException shared && shared.getCause() != null
              ? shared.getCause()
              : failure.get();
      throw new SharedResourceException(
          "Loading shared resource '"
              + context.tag()
              + "' failed in the JVM hosting it (pid "
              + hostPid()
              + "): "
              + cause,
          cause);
    }
  }

  /** Re-acquires a lease at a new host after failover, without waiting for the answer. */
  void reacquire(long leaseId) {
    try {
      control.acquire(requestIds.incrementAndGet(), leaseId);
    } catch (ConnectionLostException e) {
      // The caller need not know: the reader thread fails over and replays leases.
    }
    startReader();
  }

  void release(long leaseId) {
    try {
      control.release(leaseId);
    } catch (ConnectionLostException e) {
      // The caller need not know: the reader thread fails over and replays leases.
    }
  }

  /**
   * Calls method {@code method} at the host; throws what the resource threw. Taking a connection,
   * opening one, sending and waiting for the answer together take at most the call timeout.
   */
  @Nullable Object call(int method, Object[] arguments) throws Exception {
    Duration timeout = context.config().callTimeout();
    long deadline = System.nanoTime() + timeout.toNanos();
    Connection connection = calls.take(deadline);
    try {
      Message reply =
          connection.call(method, arguments, deadline, timeout, MachineConfig.CALL_TIMEOUT);
      Object decoded;
      try {
        decoded =
            reply.type() == RESULT
                ? Protocol.readResult(reply, context.codec())
                : Protocol.readThrowable(reply, context.codec().admitted());
      } catch (IOException | RuntimeException | Error undecodable) {
        // The rest of the answer may still be in the socket: the connection is not used again.
        SharedResourceException failure =
            connection.unreadable(
                undecodable,
                timeout,
                "send the answer of method #" + method,
                MachineConfig.CALL_TIMEOUT,
                "Cannot decode the "
                    + (reply.type() == RESULT ? "result" : "exception")
                    + " of"
                    + " method #"
                    + method
                    + " of shared resource '"
                    + context.tag()
                    + "' from the "
                    + TagContext.jvm(hostPid())
                    + " hosting it");
        if (undecodable instanceof Error error) {
          throw error;
        }
        throw failure;
      }
      connection.answered();
      if (reply.type() == RESULT) {
        return decoded;
      }
      if (decoded instanceof Exception exception) {
        throw exception;
      }
      if (decoded instanceof Error error) {
        throw error;
      }
      // A bare Throwable, which no method can declare: rethrown unchecked, as it came.
      Throwable thrown = (Throwable) Objects.requireNonNull(decoded, "a thrown exception");
      RemoteResourceException wrapped =
          new RemoteResourceException(
              thrown.getClass().getName(), thrown.getMessage(), thrown.getCause());
      wrapped.setStackTrace(thrown.getStackTrace());
      throw wrapped;
    } finally {
      calls.giveBack(connection);
    }
  }

  /**
   * Whether the host lives: it answers a PING on the control connection within the connect timeout.
   * False if the control connection broke (the host died or hung up); a timeout (a frozen host)
   * throws, naming the setting.
   */
  boolean hostAnswers() {
    long id = requestIds.incrementAndGet();
    Answer answer = new Answer();
    pending.put(id, answer);
    Duration timeout = context.config().connectTimeout();
    try {
      if (lost.get()) {
        return false;
      }
      control.ping(id);
      startReader();
      answer.await(timeout.toNanos());
      return true;
    } catch (ConnectionLostException hostGone) {
      return false;
    } catch (TimeoutException e) {
      throw context.hostTimedOut(
          hostPid(), "answer a ping", timeout, MachineConfig.CONNECT_TIMEOUT);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw context.interrupted(e);
    } finally {
      pending.remove(id);
    }
  }

  /** Closes the connections without failing over. */
  void close() {
    lost.set(true);
    control.close();
    calls.close();
  }

  private static Throwable throwable(Message failed, TagContext<?> context, long hostPid) {
    try {
      return Protocol.readThrowable(failed, context.codec().admitted());
    } catch (IOException e) {
      return new SharedResourceException(
          "Cannot decode what shared resource '"
              + context.tag()
              + "' threw in the JVM hosting it (pid "
              + hostPid
              + "): "
              + e,
          e);
    }
  }

  /** The host's answer to an acquire or a ping: empty when leased or alive, else what it threw. */
  private static Optional<Throwable> answer(Message message, TagContext<?> context, long hostPid)
      throws ProtocolException {
    if (message.type() == LEASED || message.type() == PONG) {
      return Optional.empty();
    }
    if (message.type() == FAILED) {
      return Optional.of(throwable(message, context, hostPid));
    }
    throw new ProtocolException("Unexpected message " + message.type());
  }

  /** Starts a thread for the first tag's reader ahead, so that its first acquire starts none. */
  static void prestartReader() {
    READERS.prestart();
  }

  /**
   * Starts the reader once the first acquire is on its way, on the thread started ahead if there is
   * one: a thread start waits until the new thread runs, which can take milliseconds, and so
   * overlaps the host's answer instead of delaying the request. Until then no lease is held here,
   * so nothing needs the host's death noticed.
   */
  private void startReader() {
    if (readerStarted.compareAndSet(false, true)) {
      READERS.execute(this);
    }
  }

  /** The reader thread: hands each answer to its acquire, until the connection breaks. */
  @Override
  public void run() {
    Thread.currentThread().setName("beamshared-client-" + context.tag());
    try {
      while (true) {
        Message message = Message.read(control.frames().read());
        Answer waiting = pending.remove(message.id());
        Optional<Throwable> failure = answer(message, context, hostPid());
        if (waiting != null) {
          waiting.complete(failure, null);
        }
      }
    } catch (IOException | RuntimeException e) {
      lost(e);
    }
  }

  // Only the reader thread gets here, so failover never runs on a caller holding the tag's monitor.
  private void lost(Exception cause) {
    boolean first = lost.compareAndSet(false, true);
    control.close();
    calls.close();
    ConnectionLostException failure = new ConnectionLostException(context.tag(), hostPid(), cause);
    for (Answer waiting : pending.values()) {
      waiting.complete(Optional.empty(), failure); // await throws the loss first
    }
    if (first) {
      LOG.info("{}", failure.getMessage());
      owner.connectionLost(this);
    }
  }

  /**
   * The answer to one acquire, handed from the reader thread to the caller waiting for it: empty
   * when leased, else what the load threw; or the connection broke. A monitor, not a
   * CompletableFuture, whose classes would cost a fresh JVM's first acquire ~3 ms.
   */
  static final class Answer {
    private boolean done;
    private Optional<Throwable> failure = Optional.empty();
    private @Nullable ConnectionLostException lost;

    synchronized void complete(
        Optional<Throwable> failure, @Nullable ConnectionLostException lost) {
      if (!done) {
        done = true;
        this.failure = failure;
        this.lost = lost;
        notifyAll();
      }
    }

    synchronized Optional<Throwable> await(long timeoutNanos)
        throws InterruptedException, TimeoutException {
      long deadline = System.nanoTime() + timeoutNanos;
      while (!done) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          throw new TimeoutException();
        }
        TimeUnit.NANOSECONDS.timedWait(this, left);
      }
      if (lost != null) {
        throw lost;
      }
      return failure;
    }
  }
}
