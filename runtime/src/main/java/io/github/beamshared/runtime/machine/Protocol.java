package io.github.beamshared.runtime.machine;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;

/**
 * The messages between a client JVM and a tag's host, one per frame: a kind byte, a request id,
 * then the kind's fields. Replies carry the id of their request.
 *
 * <pre>
 * client to host                                    host to client
 * HELLO   version, tag, interface, fingerprint, pid WELCOME host pid | REFUSED message, then EOF
 * ACQUIRE lease id                                  LEASED | FAILED throwable
 * RELEASE lease id                                  (none)
 * CALL    method, argument count, arguments         RESULT value | THROWN throwable
 * </pre>
 *
 * HELLO comes first; anything else first, or an unknown kind, makes the host hang up.
 */
final class Protocol {

  static final int VERSION = 1;

  static final byte HELLO = 1;
  static final byte ACQUIRE = 2;
  static final byte RELEASE = 3;
  static final byte CALL = 4;
  static final byte WELCOME = 11;
  static final byte REFUSED = 12;
  static final byte LEASED = 13;
  static final byte FAILED = 14;
  static final byte RESULT = 15;
  static final byte THROWN = 16;

  static final long PID = ProcessHandle.current().pid();

  private Protocol() {}

  /** Writes the fields of one message. */
  @FunctionalInterface
  interface Body {
    void write(DataOutputStream out) throws IOException;
  }

  /** A received message; {@code body} is positioned after the id. */
  record Message(byte kind, long id, DataInputStream body) {

    static Message parse(byte[] frame) throws IOException {
      DataInputStream in = new DataInputStream(new ByteArrayInputStream(frame));
      return new Message(in.readByte(), in.readLong(), in);
    }
  }

  static byte[] message(byte kind, long id, Body body) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(bytes);
    out.writeByte(kind);
    out.writeLong(id);
    body.write(out);
    out.flush();
    return bytes.toByteArray();
  }
}
