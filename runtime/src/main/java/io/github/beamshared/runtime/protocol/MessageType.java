package io.github.beamshared.runtime.protocol;

import java.net.ProtocolException;

/**
 * The byte that starts every message, and who sends it. A client sends the first five, a host
 * answers with the next seven; the status command sends the control requests, from 21, which a host
 * answers with REFUSED or from 31. What each carries, and in answer to what, is in the package
 * description and in {@link Protocol}. The codes are the wire format: changing one is a new {@link
 * Protocol#VERSION}.
 */
public enum MessageType {
  HELLO(1, true),
  ACQUIRE(2, true),
  RELEASE(3, true),
  CALL(4, true),
  PING(5, true),
  WELCOME(11, false),
  REFUSED(12, false),
  LEASED(13, false),
  FAILED(14, false),
  RESULT(15, false),
  THROWN(16, false),
  PONG(17, false),
  STATUS(21, true),
  UNLOAD(22, true),
  STOP(23, true),
  STATUS_REPORT(31, false),
  DONE(32, false);

  private static final MessageType[] BY_CODE = new MessageType[Byte.MAX_VALUE + 1];

  static {
    for (MessageType type : values()) {
      BY_CODE[type.code] = type;
    }
  }

  private final byte code;
  private final boolean fromClient;

  MessageType(int code, boolean fromClient) {
    this.code = (byte) code;
    this.fromClient = fromClient;
  }

  /** The type byte. */
  public byte code() {
    return code;
  }

  /** Whether a client sends it to a host; else a host sends it to a client. */
  public boolean fromClient() {
    return fromClient;
  }

  /** Whether it is a request of the status command, which opens a connection of its own. */
  public boolean isControl() {
    return this == STATUS || this == UNLOAD || this == STOP;
  }

  /**
   * The type whose byte is {@code code}.
   *
   * @throws ProtocolException if no type has it: the peer speaks another protocol, or garbage
   */
  public static MessageType of(byte code) throws ProtocolException {
    MessageType type = code >= 0 ? BY_CODE[code] : null;
    if (type == null) {
      throw new ProtocolException("Unknown message type " + code);
    }
    return type;
  }
}
