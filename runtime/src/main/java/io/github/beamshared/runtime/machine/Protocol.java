package io.github.beamshared.runtime.machine;

import io.github.beamshared.runtime.transport.WireInput;
import io.github.beamshared.runtime.transport.WireOutput;
import io.github.beamshared.runtime.transport.WireCodec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The messages between a client JVM and a tag's host, one per frame: a kind byte, a request id,
 * then the kind's fields. Replies carry the id of their request.
 *
 * <pre>
 * client to host                                    host to client
 * HELLO   version, tag, interface, fingerprint,     WELCOME host pid, session, host's largest
 *         pid, threadSafe, session (0: start one)             frame | REFUSED message, then EOF
 * ACQUIRE lease id                                  LEASED | FAILED throwable
 * RELEASE lease id                                  (none)
 * CALL    method, argument count, arguments         RESULT value | THROWN throwable
 * PING    (nothing)                                 PONG
 * </pre>
 *
 * The client's messages are records ({@link Hello}, {@link LeaseId}, {@link Call}); those it waits
 * for the answer of are {@link Request}s. HELLO comes first; anything else first, or an unknown
 * kind, makes the host hang up. A client acquires and releases over one control connection, which
 * starts a session, and calls over others, one call at a time each, which join it (see {@link
 * ClientChannel}). A CALL on a control connection makes the host hang up, and so does a HELLO
 * joining a session whose control connection has closed: the host takes that close for the client
 * having gone, and runs none of its calls that have not started. The host answers a connection's
 * messages in the order they came, so a client sends the first ACQUIRE of a control connection
 * right behind its HELLO, and reads WELCOME, then LEASED.
 */
final class Protocol {

  static final int VERSION = 4;

  static final byte HELLO = 1;
  static final byte ACQUIRE = 2;
  static final byte RELEASE = 3;
  static final byte CALL = 4;
  static final byte PING = 5;
  static final byte WELCOME = 11;
  static final byte REFUSED = 12;
  static final byte LEASED = 13;
  static final byte FAILED = 14;
  static final byte RESULT = 15;
  static final byte THROWN = 16;
  static final byte PONG = 17;

  static final long PID = currentPid();

  private Protocol() {}

  /** Writes the fields of one message. */
  @FunctionalInterface
  interface Body {
    void write(WireOutput out) throws IOException;
  }

  /** A received message; {@code body} is positioned after the id. */
  record Message(byte kind, long id, WireInput body) {

    static Message parse(WireInput frame) throws IOException {
      return new Message(frame.readByte(), frame.readLong(), frame);
    }
  }

  /** A message whose sender waits for the answer. */
  interface Request extends Body {
    /** What the host did not do if the answer does not come in time. */
    String awaited();
  }

  /** A client's handshake: starts a session if {@code session} is 0, else joins that one. */
  record Hello(TagContext<?> context, long session) implements Request {
    @Override
    public String awaited() {
      return "answer the handshake";
    }

    @Override
    public void write(WireOutput out) {
      out.writeInt(VERSION);
      WireCodec.writeString(out, context.tag());
      WireCodec.writeString(out, context.remote().type().getName());
      WireCodec.writeString(out, context.remote().fingerprint());
      out.writeLong(PID);
      out.writeBoolean(context.threadSafe());
      out.writeLong(session);
    }
  }

  /** A call of method number {@code method} of the tag's interface. */
  record Call(int method, Object[] arguments, WireCodec codec) implements Request {
    @Override
    public void write(WireOutput out) throws IOException {
      out.writeInt(method);
      out.writeInt(arguments.length);
      for (Object argument : arguments) {
        codec.write(out, argument);
      }
    }

    @Override
    public String awaited() {
      return "answer method #" + method;
    }
  }

  /** ACQUIRE or RELEASE of one lease. */
  record LeaseId(long id) implements Body {
    @Override
    public void write(WireOutput out) {
      out.writeLong(id);
    }
  }

  /** Writes a message into {@code out}, cleared first. */
  static WireOutput message(WireOutput out, byte kind, long id, Body body) throws IOException {
    out.clear().writeByte(kind);
    out.writeLong(id);
    body.write(out);
    return out;
  }

  // /proc/self names this process; ProcessHandle.current() would first set up the JDK's process
  // handling (~3 ms of a fresh JVM's first acquire). Elsewhere, ProcessHandle it is.
  private static long currentPid() {
    try {
      return Long.parseLong(Files.readSymbolicLink(Path.of("/proc/self")).toString());
    } catch (IOException | RuntimeException notLinux) {
      return ProcessHandle.current().pid();
    }
  }
}
