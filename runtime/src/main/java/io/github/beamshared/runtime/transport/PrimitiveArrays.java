package io.github.beamshared.runtime.transport;

import static io.github.beamshared.runtime.transport.ValueType.BOOLEANS;
import static io.github.beamshared.runtime.transport.ValueType.BYTES;
import static io.github.beamshared.runtime.transport.ValueType.CHARS;
import static io.github.beamshared.runtime.transport.ValueType.DOUBLES;
import static io.github.beamshared.runtime.transport.ValueType.FLOATS;
import static io.github.beamshared.runtime.transport.ValueType.INTS;
import static io.github.beamshared.runtime.transport.ValueType.LONGS;
import static io.github.beamshared.runtime.transport.ValueType.SHORTS;

import java.io.IOException;
import java.io.InvalidObjectException;
import java.io.NotSerializableException;
import java.lang.reflect.Array;
import java.nio.ByteBuffer;

/**
 * The wire form of primitive arrays: a type byte, the length, then the elements, copied in bulk
 * between the array and the message buffer: {@link ValueType#BOOLEANS} to {@link
 * ValueType#DOUBLES}.
 */
final class PrimitiveArrays {

  private PrimitiveArrays() {}

  static void write(WireOutput out, Object array) throws IOException {
    ValueType type = typeOf(array);
    int length = Array.getLength(array);
    int size;
    try {
      size = Math.multiplyExact(length, width(type));
    } catch (ArithmeticException e) {
      throw new NotSerializableException("An array of " + length + " elements is too large");
    }
    out.writeByte(type.code());
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

  /**
   * Reads the array of {@code type}, whose type byte was read already; the elements arrive in
   * chunks, copied as they come.
   */
  static Object read(WireInput in, ValueType type) throws IOException {
    int length = in.readInt();
    int width = width(type);
    if (length < 0 || (long) length * width > in.remaining()) {
      throw new InvalidObjectException("Array length " + length + " exceeds the message");
    }
    return switch (type) {
      case BOOLEANS -> {
        boolean[] v = new boolean[length];
        in.readChunks(
            length,
            width,
            (source, offset, count) -> {
              for (int i = 0; i < count; i++) {
                v[offset + i] = source.get(source.position() + i) != 0;
              }
            });
        yield v;
      }
      case BYTES -> {
        byte[] v = new byte[length];
        in.readFully(v);
        yield v;
      }
      case SHORTS -> {
        short[] v = new short[length];
        in.readChunks(
            length, width, (source, offset, count) -> source.asShortBuffer().get(v, offset, count));
        yield v;
      }
      case CHARS -> {
        char[] v = new char[length];
        in.readChunks(
            length, width, (source, offset, count) -> source.asCharBuffer().get(v, offset, count));
        yield v;
      }
      case INTS -> {
        int[] v = new int[length];
        in.readChunks(
            length, width, (source, offset, count) -> source.asIntBuffer().get(v, offset, count));
        yield v;
      }
      case LONGS -> {
        long[] v = new long[length];
        in.readChunks(
            length, width, (source, offset, count) -> source.asLongBuffer().get(v, offset, count));
        yield v;
      }
      case FLOATS -> {
        float[] v = new float[length];
        in.readChunks(
            length, width, (source, offset, count) -> source.asFloatBuffer().get(v, offset, count));
        yield v;
      }
      default -> {
        double[] v = new double[length];
        in.readChunks(
            length,
            width,
            (source, offset, count) -> source.asDoubleBuffer().get(v, offset, count));
        yield v;
      }
    };
  }

  private static ValueType typeOf(Object array) {
    return array instanceof boolean[]
        ? BOOLEANS
        : array instanceof byte[]
            ? BYTES
            : array instanceof short[]
                ? SHORTS
                : array instanceof char[]
                    ? CHARS
                    : array instanceof int[]
                        ? INTS
                        : array instanceof long[]
                            ? LONGS
                            : array instanceof float[] ? FLOATS : DOUBLES;
  }

  private static int width(ValueType type) {
    return switch (type) {
      case BOOLEANS, BYTES -> 1;
      case SHORTS, CHARS -> 2;
      case INTS, FLOATS -> 4;
      default -> 8;
    };
  }
}
