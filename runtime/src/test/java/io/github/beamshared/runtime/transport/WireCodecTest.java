package io.github.beamshared.runtime.transport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InvalidClassException;
import java.io.InvalidObjectException;
import java.io.NotSerializableException;
import java.io.Serializable;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class WireCodecTest {

  enum Color {
    RED,
    GREEN
  }

  record Point(int x, int y) {}

  record Path(String name, List<Point> points, Color color, double[] weights) {}

  record Secret(String value) implements Serializable {}

  static final class Payload implements Serializable {
    private static final long serialVersionUID = 1L;
    final String text;

    Payload(String text) {
      this.text = text;
    }
  }

  /** What a shared interface might look like; its signatures admit Path and what Path holds. */
  interface Shapes {
    <T extends Comparable<T>> List<? extends Path> paths(Map<String, T[]> byName);
  }

  private final WireCodec codec =
      new WireCodec(AdmittedTypes.of(Shapes.class, List.of(Payload.class)));

  /** A value of each type; the tests below fail until a type added to {@link ValueType} has one. */
  private static final Map<ValueType, Object> SAMPLES = samples();

  private static Map<ValueType, Object> samples() {
    Map<ValueType, Object> samples = new EnumMap<>(ValueType.class);
    samples.put(ValueType.NULL, null);
    samples.put(ValueType.BOOLEAN, true);
    samples.put(ValueType.BYTE, (byte) -3);
    samples.put(ValueType.SHORT, (short) 300);
    samples.put(ValueType.CHAR, 'é');
    samples.put(ValueType.INT, 42);
    samples.put(ValueType.LONG, Long.MIN_VALUE);
    samples.put(ValueType.FLOAT, 1.5f);
    samples.put(ValueType.DOUBLE, 2.25);
    samples.put(ValueType.STRING, "Grüße, 世界");
    samples.put(ValueType.BOOLEANS, new boolean[] {true, false});
    samples.put(ValueType.BYTES, new byte[] {1, -1});
    samples.put(ValueType.SHORTS, new short[] {1, -1});
    samples.put(ValueType.CHARS, new char[] {'a', 'z'});
    samples.put(ValueType.INTS, new int[] {1, -1});
    samples.put(ValueType.LONGS, new long[] {1, -1});
    samples.put(ValueType.FLOATS, new float[] {1.5f});
    samples.put(ValueType.DOUBLES, new double[] {0.1});
    samples.put(ValueType.ENUM, Color.GREEN);
    samples.put(ValueType.RECORD, new Point(1, 2));
    samples.put(ValueType.ARRAY, new String[] {"a", null});
    samples.put(ValueType.LIST, List.of(1, "x"));
    samples.put(ValueType.SET, Set.of("x"));
    samples.put(ValueType.MAP, Map.of("a", 1));
    samples.put(ValueType.SERIALIZED, new BigDecimal("1.25"));
    return samples;
  }

  @Test
  void everyValueTypeRoundTripsBehindItsOwnByte() throws IOException {
    Set<Byte> codes = new HashSet<>();
    for (ValueType type : ValueType.values()) {
      assertTrue(SAMPLES.containsKey(type), "no sample value of " + type + " in this test");
      assertTrue(codes.add(type.code()), type + " shares its byte with another type");
      assertEquals(type, ValueType.of(type.code()));

      byte[] encoded = encode(codec, SAMPLES.get(type));
      assertEquals(type.code(), encoded[0], type.toString());
      Object decoded = decode(codec, encoded);
      assertTrue(Objects.deepEquals(SAMPLES.get(type), decoded), type + ": " + decoded);
    }
    for (int code = Byte.MIN_VALUE; code <= Byte.MAX_VALUE; code++) {
      if (!codes.contains((byte) code)) {
        byte unknown = (byte) code;
        assertThrows(InvalidObjectException.class, () -> ValueType.of(unknown));
      }
    }
  }

  @Test
  void scalarsAndStringsRoundTrip() throws IOException {
    for (Object value :
        new Object[] {
          true, (byte) -3, (short) 300, 'é', 42, -7L, 1.5f, 2.25, "", "Grüße, 世界", Long.MIN_VALUE
        }) {
      assertEquals(value, roundTrip(codec, value));
    }
    assertNull(roundTrip(codec, null));
  }

  @Test
  void arraysRoundTrip() throws IOException {
    assertArrayEquals(
        new boolean[] {true, false}, (boolean[]) roundTrip(codec, new boolean[] {true, false}));
    assertArrayEquals(new byte[] {1, -1}, (byte[]) roundTrip(codec, new byte[] {1, -1}));
    assertArrayEquals(new short[] {1, -1}, (short[]) roundTrip(codec, new short[] {1, -1}));
    assertArrayEquals(new char[] {'a', 'z'}, (char[]) roundTrip(codec, new char[] {'a', 'z'}));
    assertArrayEquals(new int[] {1, -1}, (int[]) roundTrip(codec, new int[] {1, -1}));
    assertArrayEquals(new long[] {1, -1}, (long[]) roundTrip(codec, new long[] {1, -1}));
    assertArrayEquals(new float[] {1.5f}, (float[]) roundTrip(codec, new float[] {1.5f}));
    assertArrayEquals(new double[] {0.1}, (double[]) roundTrip(codec, new double[] {0.1}));
    assertArrayEquals(
        new String[] {"a", null}, (String[]) roundTrip(codec, new String[] {"a", null}));
    assertArrayEquals(
        new Point[] {new Point(1, 2)}, (Point[]) roundTrip(codec, new Point[] {new Point(1, 2)}));
    assertArrayEquals(
        new int[][] {{1}, {2, 3}}, (int[][]) roundTrip(codec, new int[][] {{1}, {2, 3}}));
  }

  @Test
  void enumsRecordsAndCollectionsRoundTripDirectly() throws IOException {
    Path path =
        new Path("p", List.of(new Point(1, 2), new Point(3, 4)), Color.GREEN, new double[] {0.5});
    Path decoded = (Path) roundTrip(codec, path);
    assertEquals(path.name(), decoded.name());
    assertEquals(path.points(), decoded.points());
    assertEquals(Color.GREEN, decoded.color());
    assertArrayEquals(path.weights(), decoded.weights());

    assertEquals(TimeUnit.SECONDS, roundTrip(codec, TimeUnit.SECONDS));
    Map<String, List<Integer>> map = new LinkedHashMap<>();
    map.put("a", List.of(1, 2));
    map.put(null, new ArrayList<>(List.of(3)));
    Object decodedMap = roundTrip(codec, map);
    assertInstanceOf(LinkedHashMap.class, decodedMap);
    assertEquals(map, decodedMap);
    Object decodedSet = roundTrip(codec, Set.of("x"));
    assertInstanceOf(LinkedHashSet.class, decodedSet);
    assertEquals(Set.of("x"), decodedSet);
    assertInstanceOf(ArrayList.class, roundTrip(codec, List.of(1)));
  }

  @Test
  void jdkValuesAndAdmittedClassesGoThroughFilteredSerialization() throws IOException {
    for (Object value :
        new Object[] {
          new BigDecimal("1.25"),
          LocalDate.of(2024, 2, 29),
          Duration.ofMillis(5),
          new TreeMap<>(Map.of("b", 2, "a", 1))
        }) {
      assertEquals(value, roundTrip(codec, value));
    }
    assertInstanceOf(TreeMap.class, roundTrip(codec, new TreeMap<>(Map.of("a", 1))));
    assertEquals("payload", ((Payload) roundTrip(codec, new Payload("payload"))).text);
  }

  @Test
  void filterRejectsASerializableClassThatIsNotAdmitted() throws IOException {
    WireCodec admitting = new WireCodec(AdmittedTypes.of(List.of(Secret.class)));
    byte[] topLevel = encode(admitting, new Secret("x"));
    // Nested in a JDK collection that is serialized, so only the stream's filter sees it.
    byte[] nested = encode(admitting, new TreeMap<>(Map.of("k", new Secret("x"))));

    InvalidClassException e =
        assertThrows(InvalidClassException.class, () -> decode(codec, topLevel));
    assertTrue(e.getMessage().contains(Secret.class.getName()), e.getMessage());
    assertThrows(InvalidClassException.class, () -> decode(codec, nested));
  }

  @Test
  void typesInTheSignaturesAreAdmittedTransitively() {
    AdmittedTypes admitted = AdmittedTypes.of(Shapes.class, List.of());

    for (Class<?> type : List.of(Path.class, Point.class, Color.class, Comparable.class)) {
      assertTrue(admitted.admits(type), type.getName());
    }
    assertFalse(admitted.admits(Payload.class), "only listed, not named in a signature");
  }

  @Test
  void senderRefusesWhatTheReceiverWouldReject() {
    assertThrows(InvalidClassException.class, () -> encode(codec, new Secret("x")));
    assertThrows(InvalidClassException.class, () -> encode(codec, List.of(new Secret("x"))));
    assertThrows(NotSerializableException.class, () -> encode(codec, new Object()));
  }

  @Test
  void malformedInputThrowsIoExceptionsOnly() throws IOException {
    for (ValueType type : ValueType.values()) {
      byte[] whole = encode(codec, SAMPLES.get(type));
      // Decoding needs every byte of an encoding, so each shorter prefix is cut short.
      for (int length = 0; length < whole.length; length++) {
        assertMalformed(Arrays.copyOf(whole, length));
      }
      // From STRING on, a length, count or class name's length follows the type byte.
      if (type.compareTo(ValueType.STRING) >= 0) {
        for (int length : new int[] {-2, Integer.MIN_VALUE, whole.length, Integer.MAX_VALUE}) {
          assertMalformed(withIntAt(whole, 1, length));
        }
      }
    }
    for (int code = Byte.MIN_VALUE; code <= Byte.MAX_VALUE; code++) {
      if (typeOf((byte) code) == null) {
        assertMalformed(new byte[] {(byte) code, 0, 0, 0, 0});
      }
    }
    // A known type byte then random bytes: they may happen to be a value, else an IOException.
    Random random = new Random(7);
    ValueType[] types = ValueType.values();
    for (int i = 0; i < 5000; i++) {
      byte[] garbage = new byte[random.nextInt(64) + 1];
      random.nextBytes(garbage);
      garbage[0] = types[random.nextInt(types.length)].code();
      try {
        decode(codec, garbage);
      } catch (IOException malformed) {
        // As documented.
      } catch (RuntimeException | Error other) {
        throw new AssertionError("Decoding " + Arrays.toString(garbage) + " threw " + other, other);
      }
    }
  }

  private void assertMalformed(byte[] input) {
    assertThrows(IOException.class, () -> decode(codec, input), Arrays.toString(input));
  }

  /** The type of {@code code}, or null if no type has it. */
  private static ValueType typeOf(byte code) {
    try {
      return ValueType.of(code);
    } catch (InvalidObjectException unknown) {
      return null;
    }
  }

  private static byte[] withIntAt(byte[] bytes, int offset, int value) {
    byte[] changed = bytes.clone();
    ByteBuffer.wrap(changed).order(ByteOrder.nativeOrder()).putInt(offset, value);
    return changed;
  }

  @Test
  void hugeLengthsAndDeepNestingAreRefused() throws IOException {
    WireOutput out = new WireOutput();
    out.writeByte(ValueType.INTS.code());
    out.writeInt(Integer.MAX_VALUE);
    assertThrows(IOException.class, () -> codec.read(written(out)));

    out.clear();
    for (int i = 0; i < 100; i++) {
      out.writeByte(ValueType.LIST.code()); // of one element
      out.writeInt(1);
    }
    out.writeByte(0);
    assertThrows(IOException.class, () -> codec.read(written(out)));

    List<Object> deep = new ArrayList<>();
    List<Object> current = deep;
    for (int i = 0; i < 100; i++) {
      List<Object> inner = new ArrayList<>();
      current.add(inner);
      current = inner;
    }
    assertThrows(NotSerializableException.class, () -> encode(codec, deep));
  }

  static Object roundTrip(WireCodec codec, Object value) throws IOException {
    return decode(codec, encode(codec, value));
  }

  static byte[] encode(WireCodec codec, Object value) throws IOException {
    WireOutput out = new WireOutput();
    codec.write(out, value);
    WireInput written = written(out);
    byte[] bytes = new byte[written.remaining()];
    written.readFully(bytes);
    return bytes;
  }

  static Object decode(WireCodec codec, byte[] bytes) throws IOException {
    return codec.read(WireInput.of(bytes));
  }

  /** The message written to {@code out}, to read back. */
  static WireInput written(WireOutput out) {
    return WireInput.of(out.frame().position(FrameChannel.HEADER_BYTES), null, 0);
  }
}
