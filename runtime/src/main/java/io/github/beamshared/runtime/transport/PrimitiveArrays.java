package io.github.beamshared.runtime.transport;

import java.io.IOException;
import java.io.InvalidObjectException;
import java.io.NotSerializableException;
import java.lang.reflect.Array;
import java.nio.ByteBuffer;

/**
 * The wire form of primitive arrays: a type byte, the length, then the elements, copied in bulk
 * between the array and the message buffer. Type bytes {@value #FIRST} to {@value #LAST} of
 * {@link WireCodec}.
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

  static void write(WireOutput out, Object array) throws IOException {
    byte type = typeOf(array);
    int length = Array.getLength(array);
    int size;
    try {
      size = Math.multiplyExact(length, width(type));
    } catch (ArithmeticException e) {
      throw new NotSerializableException("An array of " + length + " elements is too large");
    }
    out.writeByte(type);
    out.writeInt(length);
    ByteBuffer target = out.room(size);
    int start = target.position();
    switch (type) {
      case BOOLEANS -> {
        for (boolean b : (boolean[]) array) {
          target.put((byte) (b ? 1 : 0));
        }
      }
      case BYTES -> target.put((byte[]) array);
      case SHORTS -> target.asShortBuffer().put((short[]) array);
      case CHARS -> target.asCharBuffer().put((char[]) array);
      case INTS -> target.asIntBuffer().put((int[]) array);
      case LONGS -> target.asLongBuffer().put((long[]) array);
      case FLOATS -> target.asFloatBuffer().put((float[]) array);
      default -> target.asDoubleBuffer().put((double[]) array);
    }
    target.position(start + size);
  }

  /** Reads the array of {@code type}, whose type byte was read already. */
  static Object read(WireInput in, byte type) throws IOException {
    int length = in.readInt();
    long size = (long) length * width(type);
    if (length < 0 || size > in.remaining()) {
      throw new InvalidObjectException("Array length " + length + " exceeds the message");
    }
    ByteBuffer source = in.take((int) size);
    int start = source.position();
    Object array = switch (type) {
      case BOOLEANS -> {
        boolean[] v = new boolean[length];
        for (int i = 0; i < length; i++) {
          v[i] = source.get(start + i) != 0;
        }
        yield v;
      }
      case BYTES -> {
        byte[] v = new byte[length];
        source.get(v);
        yield v;
      }
      case SHORTS -> {
        short[] v = new short[length];
        source.asShortBuffer().get(v);
        yield v;
      }
      case CHARS -> {
        char[] v = new char[length];
        source.asCharBuffer().get(v);
        yield v;
      }
      case INTS -> {
        int[] v = new int[length];
        source.asIntBuffer().get(v);
        yield v;
      }
      case LONGS -> {
        long[] v = new long[length];
        source.asLongBuffer().get(v);
        yield v;
      }
      case FLOATS -> {
        float[] v = new float[length];
        source.asFloatBuffer().get(v);
        yield v;
      }
      default -> {
        double[] v = new double[length];
        source.asDoubleBuffer().get(v);
        yield v;
      }
    };
    source.position(start + (int) size);
    return array;
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
