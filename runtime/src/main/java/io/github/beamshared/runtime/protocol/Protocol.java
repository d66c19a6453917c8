package io.github.beamshared.runtime.protocol;

import static io.github.beamshared.runtime.protocol.MessageType.ACQUIRE;
import static io.github.beamshared.runtime.protocol.MessageType.CALL;
import static io.github.beamshared.runtime.protocol.MessageType.DONE;
import static io.github.beamshared.runtime.protocol.MessageType.FAILED;
import static io.github.beamshared.runtime.protocol.MessageType.HELLO;
import static io.github.beamshared.runtime.protocol.MessageType.LEASED;
import static io.github.beamshared.runtime.protocol.MessageType.PING;
import static io.github.beamshared.runtime.protocol.MessageType.PONG;
import static io.github.beamshared.runtime.protocol.MessageType.REFUSED;
import static io.github.beamshared.runtime.protocol.MessageType.RELEASE;
import static io.github.beamshared.runtime.protocol.MessageType.RESULT;
import static io.github.beamshared.runtime.protocol.MessageType.STATUS;
import static io.github.beamshared.runtime.protocol.MessageType.STATUS_REPORT;
import static io.github.beamshared.runtime.protocol.MessageType.STOP;
import static io.github.beamshared.runtime.protocol.MessageType.THROWN;
import static io.github.beamshared.runtime.protocol.MessageType.UNLOAD;
import static io.github.beamshared.runtime.protocol.MessageType.WELCOME;

import io.github.beamshared.runtime.transport.AdmittedTypes;
import io.github.beamshared.runtime.transport.ThrowableCodec;
import io.github.beamshared.runtime.transport.WireCodec;
import io.github.beamshared.runtime.transport.WireInput;
import io.github.beamshared.runtime.transport.WireOutput;
import java.io.IOException;
import java.net.ProtocolException;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * How each message is written and read; the package description says when each is sent. A message
 * is one frame: its {@link MessageType} byte, the request id (a long), then the type's body. Each
 * {@code write} method clears the connection's reused {@link WireOutput}, writes one message into
 * it and returns it, ready for the frame channel; each {@code read} method reads the body of a
 * {@link Message} of its type, and throws a {@link ProtocolException} for another type.
 */
public final class Protocol {

  /** The version a client states in its HELLO: a host refuses a client of any other. */
  public static final int VERSION = 4;

  /**
   * The largest frame a host accepts before a connection's handshake: a HELLO takes a few hundred
   * bytes, and a peer not known yet commits the host to no more memory than this.
   */
  public static final int PRE_HANDSHAKE_MAX_FRAME_BYTES = 64 * 1024;

  /** The most arguments a CALL carries: as many as a Java method can take. */
  public static final int MAX_ARGUMENTS = 255;

  private Protocol() {}

  /** HELLO: version, tag, interface name, fingerprint, pid, threadSafe, session. */
  public static WireOutput writeHello(WireOutput out, long id, Hello hello) {
    start(out, HELLO, id).writeInt(hello.version());
    WireCodec.writeString(out, hello.tag());
    WireCodec.writeString(out, hello.interfaceName());
    WireCodec.writeString(out, hello.fingerprint());
    out.writeLong(hello.pid());
    out.writeBoolean(hello.threadSafe());
    out.writeLong(hello.session());
    return out;
  }

  /**
   * Reads a HELLO. Every version starts it with version, tag, interface name, fingerprint and pid;
   * from a client of another version only these are read, so that the host can refuse it by name,
   * and {@code threadSafe} is false and {@code session} 0.
   */
  public static Hello readHello(Message message) throws IOException {
    WireInput in = body(message, HELLO);
    int version = in.readInt();
    String tag = WireCodec.readRequiredString(in);
    String interfaceName = WireCodec.readRequiredString(in);
    String fingerprint = WireCodec.readRequiredString(in);
    long pid = in.readLong();
    if (version != VERSION) {
      return new Hello(version, tag, interfaceName, fingerprint, pid, false, 0);
    }
    return new Hello(
        version, tag, interfaceName, fingerprint, pid, in.readBoolean(), in.readLong());
  }

  /** WELCOME: the host's pid, the session, the host's largest frame. */
  public static WireOutput writeWelcome(WireOutput out, long id, Welcome welcome) {
    start(out, WELCOME, id).writeLong(welcome.hostPid());
    out.writeLong(welcome.session());
    out.writeInt(welcome.maxFrameBytes());
    return out;
  }

  public static Welcome readWelcome(Message message) throws IOException {
    WireInput in = body(message, WELCOME);
    return new Welcome(in.readLong(), in.readLong(), in.readInt());
  }

  /** REFUSED: why, as a message for the client's user. The same in every version. */
  public static WireOutput writeRefused(WireOutput out, long id, String reason) {
    WireCodec.writeString(start(out, REFUSED, id), reason);
    return out;
  }

  public static String readRefusal(Message message) throws IOException {
    return WireCodec.readRequiredString(body(message, REFUSED));
  }

  /** ACQUIRE: the id the client gives the lease. */
  public static WireOutput writeAcquire(WireOutput out, long id, long leaseId) {
    start(out, ACQUIRE, id).writeLong(leaseId);
    return out;
  }

  /** RELEASE: the lease's id. Not answered, so its request id is 0. */
  public static WireOutput writeRelease(WireOutput out, long leaseId) {
    start(out, RELEASE, 0).writeLong(leaseId);
    return out;
  }

  /** Reads the lease id of an ACQUIRE or a RELEASE. */
  public static long readLeaseId(Message message) throws IOException {
    return body(message, ACQUIRE, RELEASE).readLong();
  }

  /** LEASED: nothing. */
  public static WireOutput writeLeased(WireOutput out, long id) {
    return start(out, LEASED, id);
  }

  /** FAILED: what the load threw, as {@link ThrowableCodec} writes it. */
  public static WireOutput writeFailed(WireOutput out, long id, Throwable failure)
      throws IOException {
    ThrowableCodec.write(start(out, FAILED, id), failure);
    return out;
  }

  /**
   * CALL: the method's number, the number of arguments, then each argument as {@code codec} writes
   * it.
   */
  public static WireOutput writeCall(
      WireOutput out, long id, int method, Object[] arguments, WireCodec codec) throws IOException {
    start(out, CALL, id).writeInt(method);
    out.writeInt(arguments.length);
    for (Object argument : arguments) {
      codec.write(out, argument);
    }
    return out;
  }

  /**
   * Reads a CALL.
   *
   * @throws ProtocolException if it has more than {@value #MAX_ARGUMENTS} arguments, or fewer than
   *     none
   * @throws UndecodableArgumentsException if an argument cannot be decoded
   */
  public static Call readCall(Message message, WireCodec codec) throws IOException {
    WireInput in = body(message, CALL);
    int method = in.readInt();
    int count = in.readInt();
    if (count < 0 || count > MAX_ARGUMENTS) {
      throw new ProtocolException("Call with " + count + " arguments");
    }
    Object[] arguments = new Object[count];
    try {
      for (int i = 0; i < count; i++) {
        arguments[i] = codec.read(in);
      }
    } catch (IOException undecodable) {
      throw new UndecodableArgumentsException(method, undecodable);
    }
    return new Call(method, arguments);
  }

  /** RESULT: the method's result, as {@code codec} writes it. */
  public static WireOutput writeResult(
      WireOutput out, long id, @Nullable Object result, WireCodec codec) throws IOException {
    codec.write(start(out, RESULT, id), result);
    return out;
  }

  public static @Nullable Object readResult(Message message, WireCodec codec) throws IOException {
    return codec.read(body(message, RESULT));
  }

  /** THROWN: what the call threw, as {@link ThrowableCodec} writes it. */
  public static WireOutput writeThrown(WireOutput out, long id, Throwable thrown)
      throws IOException {
    ThrowableCodec.write(start(out, THROWN, id), thrown);
    return out;
  }

  /** Reads the throwable of a FAILED or a THROWN, rebuilt as {@link ThrowableCodec} can. */
  public static Throwable readThrowable(Message message, AdmittedTypes admitted)
      throws IOException {
    return ThrowableCodec.read(body(message, FAILED, THROWN), admitted);
  }

  /** PING: nothing. */
  public static WireOutput writePing(WireOutput out, long id) {
    return start(out, PING, id);
  }

  /** PONG: nothing. */
  public static WireOutput writePong(WireOutput out, long id) {
    return start(out, PONG, id);
  }

  /** STATUS: version, the command's pid. */
  public static WireOutput writeStatus(WireOutput out, long id, long pid) {
    start(out, STATUS, id).writeInt(VERSION);
    out.writeLong(pid);
    return out;
  }

  /** UNLOAD or STOP ({@code type}): version, the command's pid, the tag. */
  public static WireOutput writeTagControl(
      WireOutput out, long id, MessageType type, long pid, String tag) {
    if (type != UNLOAD && type != STOP) {
      throw new IllegalArgumentException(type + " names no tag");
    }
    start(out, type, id).writeInt(VERSION);
    out.writeLong(pid);
    WireCodec.writeString(out, tag);
    return out;
  }

  /**
   * Reads a STATUS, UNLOAD or STOP. Every version starts them with version and pid; of another
   * version only these are read, so that the host can refuse it by name, and the tag is "".
   */
  public static ControlRequest readControl(Message message) throws IOException {
    if (!message.type().isControl()) {
      throw new ProtocolException("Expected a control request, got " + message.type());
    }
    WireInput in = message.body();
    int version = in.readInt();
    long pid = in.readLong();
    if (version != VERSION || message.type() == STATUS) {
      return new ControlRequest(version, pid, "");
    }
    return new ControlRequest(version, pid, WireCodec.readRequiredString(in));
  }

  /**
   * STATUS_REPORT: tag, host pid, mode, copies, copy, uptime in ms, loaded, loads, the number of
   * lease holders and each one's pid and leases, lock acquisitions, lock wait in ns, batches,
   * batched calls, resident bytes.
   */
  public static WireOutput writeStatusReport(WireOutput out, long id, StatusReport report) {
    WireCodec.writeString(start(out, STATUS_REPORT, id), report.tag());
    out.writeLong(report.hostPid());
    WireCodec.writeString(out, report.mode());
    out.writeInt(report.copies());
    out.writeInt(report.copy());
    out.writeLong(report.uptimeMillis());
    out.writeBoolean(report.loaded());
    out.writeLong(report.loads());
    out.writeInt(report.leases().size());
    for (StatusReport.LeaseHolder holder : report.leases()) {
      out.writeLong(holder.pid());
      out.writeInt(holder.leases());
    }
    out.writeLong(report.lockAcquisitions());
    out.writeLong(report.lockWaitNanos());
    out.writeLong(report.batches());
    out.writeLong(report.batchedCalls());
    out.writeLong(report.residentBytes());
    return out;
  }

  /**
   * Reads a STATUS_REPORT.
   *
   * @throws ProtocolException if it announces more lease holders than its bytes can hold
   */
  public static StatusReport readStatusReport(Message message) throws IOException {
    WireInput in = body(message, STATUS_REPORT);
    String tag = WireCodec.readRequiredString(in);
    long hostPid = in.readLong();
    String mode = WireCodec.readRequiredString(in);
    int copies = in.readInt();
    int copy = in.readInt();
    long uptimeMillis = in.readLong();
    boolean loaded = in.readBoolean();
    long loads = in.readLong();
    int holders = in.readInt();
    if (holders < 0 || holders > in.remaining() / (Long.BYTES + Integer.BYTES)) {
      throw new ProtocolException("Status report with " + holders + " lease holders");
    }
    List<StatusReport.LeaseHolder> leases = new ArrayList<>(holders);
    for (int i = 0; i < holders; i++) {
      leases.add(new StatusReport.LeaseHolder(in.readLong(), in.readInt()));
    }
    return new StatusReport(
        tag,
        hostPid,
        mode,
        copies,
        copy,
        uptimeMillis,
        loaded,
        loads,
        leases,
        in.readLong(),
        in.readLong(),
        in.readLong(),
        in.readLong(),
        in.readLong());
  }

  /** DONE: what the host did, as a message for the command's user. */
  public static WireOutput writeDone(WireOutput out, long id, String what) {
    WireCodec.writeString(start(out, DONE, id), what);
    return out;
  }

  public static String readDone(Message message) throws IOException {
    return WireCodec.readRequiredString(body(message, DONE));
  }

  private static WireOutput start(WireOutput out, MessageType type, long id) {
    out.clear().writeByte(type.code());
    out.writeLong(id);
    return out;
  }

  private static WireInput body(Message message, MessageType expected) throws ProtocolException {
    return body(message, expected, expected);
  }

  private static WireInput body(Message message, MessageType expected, MessageType orElse)
      throws ProtocolException {
    if (message.type() != expected && message.type() != orElse) {
      throw new ProtocolException(
          "Expected "
              + expected
              + (orElse == expected ? "" : " or " + orElse)
              + ", got "
              + message.type());
    }
    return message.body();
  }
}
