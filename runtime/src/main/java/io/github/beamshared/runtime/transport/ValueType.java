package io.github.beamshared.runtime.transport;

import java.io.InvalidObjectException;

/**
 * The type byte that starts every value {@link WireCodec} writes, and what follows it. Lengths,
 * counts and sizes are ints; a string is an int length (-1 for null) and that many UTF-8 bytes; a
 * class is named by such a string; numbers are in the machine's native byte order (both ends run on
 * one machine). The codes are the wire format: changing one is a new protocol version.
 */
enum ValueType {
  /** Nothing follows. */
  NULL(0),
  /** One byte, 0 or 1. */
  BOOLEAN(1),
  /** One byte. */
  BYTE(2),
  /** Two bytes. */
  SHORT(3),
  /** Two bytes, a UTF-16 code unit. */
  CHAR(4),
  /** Four bytes. */
  INT(5),
  /** Eight bytes. */
  LONG(6),
  /** Four bytes. */
  FLOAT(7),
  /** Eight bytes. */
  DOUBLE(8),
  /** A string. */
  STRING(9),
  /** A {@code boolean[]}: the length, then a byte (0 or 1) per element. */
  BOOLEANS(10),
  /** A {@code byte[]}: the length, then the elements; so for each primitive array below. */
  BYTES(11),
  /** A {@code short[]}, two bytes per element. */
  SHORTS(12),
  /** A {@code char[]}, two bytes per element. */
  CHARS(13),
  /** An {@code int[]}, four bytes per element. */
  INTS(14),
  /** A {@code long[]}, eight bytes per element. */
  LONGS(15),
  /** A {@code float[]}, four bytes per element. */
  FLOATS(16),
  /** A {@code double[]}, eight bytes per element. */
  DOUBLES(17),
  /** The enum's class, then the constant's name. */
  ENUM(18),
  /** The record's class, the number of its components, then each component's value. */
  RECORD(19),
  /** An array of objects: the component type, the length, then each element's value. */
  ARRAY(20),
  /** A list or other collection: the size, then each element's value. */
  LIST(21),
  /** A set: the size, then each element's value. */
  SET(22),
  /** A map: the size, then each key's value followed by its value's. */
  MAP(23),
  /** The length, then that many bytes of a Java serialization stream. */
  SERIALIZED(24);

  private static final ValueType[] BY_CODE = new ValueType[Byte.MAX_VALUE + 1];

  static {
    for (ValueType type : values()) {
      BY_CODE[type.code] = type;
    }
  }

  private final byte code;

  ValueType(int code) {
    this.code = (byte) code;
  }

  /** The type byte. */
  byte code() {
    return code;
  }

  /** The type whose byte is {@code code}; an unknown byte is malformed input. */
  static ValueType of(byte code) throws InvalidObjectException {
    ValueType type = code >= 0 && code < BY_CODE.length ? BY_CODE[code] : null;
    if (type == null) {
      throw new InvalidObjectException("Unknown value type " + code);
    }
    return type;
  }
}
