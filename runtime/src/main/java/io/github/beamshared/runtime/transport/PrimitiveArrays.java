package io.github.beamshared.runtime.transport;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InvalidObjectException;
import java.io.NotSerializableException;
import java.lang.reflect.Array;
import java.nio.ByteBuffer;

/**
 * The wire form of primitive arrays: a type byte, the length, then the elements in big-endian
 * order, copied in bulk. Type bytes {@value #FIRST} to {@value #LAST} of {@link WireCodec}.
 */
final class PrimitiveArrays {

  static final byte FIRST = 10;
  static final byte LAST = 17;

  private static final byte BOOLEANS = 10;
  private static final byte BYTES = 11;
  private static final byte SHORTS = 12;
  private static final byte CHARS = 13;
  private static final byte INTS = 14;
  private static final byte LONGS = 15;
  private static final byte FLOATS = 16;
  private static final byte DOUBLES = 17;

  private PrimitiveArrays() {}

  static void write(DataOutputStream out, Object array) throws IOException {
    byte type = typeOf(array);
    int length = Array.getLength(array);
    ByteBuffer bytes;
    try {
      bytes = ByteBuffer.allocate(Math.multiplyExact(length, width(type)));
    } catch (ArithmeticException e) {
      throw new NotSerializableException("An array of " + length + " elements is too large");
    }
    switch (type) {
      case BOOLEANS -> {
        for (boolean b : (boolean[]) array) {
          bytes.put((byte) (b ? 1 : 0));
        }
      }
      case BYTES -> bytes.put((byte[]) array);
      case SHORTS -> bytes.asShortBuffer().put((short[]) array);
      case CHARS -> bytes.asCharBuffer().put((char[]) array);
      case INTS -> bytes.asIntBuffer().put((int[]) array);
      case LONGS -> bytes.asLongBuffer().put((long[]) array);
      case FLOATS -> bytes.asFloatBuffer().put((float[]) array);
      default -> bytes.asDoubleBuffer().put((double[]) array);
    }
    out.writeByte(type);
    out.writeInt(length);
    out.write(bytes.array());
  }

  /** Reads the array of {@code type}, whose type byte was read already. */
  static Object read(DataInputStream in, byte type) throws IOException {
    int length = in.readInt();
    long size = (long) length * width(type);
    if (length < 0 || size > in.available()) {
      throw new InvalidObjectException("Array length " + length + " exceeds the message");
    }
    ByteBuffer bytes = ByteBuffer.wrap(WireCodec.readBytes(in, (int) size));
    switch (type) {
      case BOOLEANS -> {
        boolean[] v = new boolean[length];
        for (int i = 0; i < length; i++) {
          v[i] = bytes.get(i) != 0;
        }
        return v;
      }
      case BYTES -> {
        return bytes.array();
      }
      case SHORTS -> {
        short[] v = new short[length];
        bytes.asShortBuffer().get(v);
        return v;
      }
      case CHARS -> {
        char[] v = new char[length];
        bytes.asCharBuffer().get(v);
        return v;
      }
      case INTS -> {
        int[] v = new int[length];
        bytes.asIntBuffer().get(v);
        return v;
      }
      case LONGS -> {
        long[] v = new long[length];
        bytes.asLongBuffer().get(v);
        return v;
      }
      case FLOATS -> {
        float[] v = new float[length];
        bytes.asFloatBuffer().get(v);
        return v;
      }
      default -> {
        double[] v = new double[length];
        bytes.asDoubleBuffer().get(v);
        return v;
      }
    }
  }

  private static byte typeOf(Object array) {
    return array instanceof boolean[] ? BOOLEANS : array instanceof byte[] ? BYTES
        : array instanceof short[] ? SHORTS : array instanceof char[] ? CHARS
        : array instanceof int[] ? INTS : array instanceof long[] ? LONGS
        : array instanceof float[] ? FLOATS : DOUBLES;
  }

  private static int width(byte type) {
    return switch (type) {
      case BOOLEANS, BYTES -> 1;
      case SHORTS, CHARS -> 2;
      case INTS, FLOATS -> 4;
      default -> 8;
    };
  }
}
