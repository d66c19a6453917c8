package io.github.beamshared.runtime.transport;

import java.io.IOException;
import java.io.InvalidClassException;
import java.io.InvalidObjectException;
import java.io.NotSerializableException;
import java.io.Serializable;
import java.lang.reflect.Array;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import org.jspecify.annotations.Nullable;

/**
 * Encodes the arguments and results of remote calls. Wire values — null, primitives and their
 * boxes, strings, primitive arrays, enums, records (component by component), arrays of wire values,
 * and {@code List}, {@code Set}, {@code Map} and other collections of them — are written directly;
 * sets decode as {@code LinkedHashSet}, maps as {@code LinkedHashMap} and other collections (lists,
 * queues) as {@code ArrayList}, so interfaces should declare {@code List}, {@code Set}, {@code
 * Map}. Sorted sets and maps and any other {@link Serializable} value go through Java
 * serialization. Each value starts with the byte of its {@link ValueType}, which says what follows.
 *
 * <p>Only {@link AdmittedTypes} are decoded (and, so that a sender learns it early, encoded) as
 * enums, records, arrays or serialized values; anything else throws an {@link
 * InvalidClassException}. Lengths are checked against the bytes left, and nesting is bounded, so a
 * malformed message throws an {@link IOException} instead of exhausting memory or stack.
 */
public final class WireCodec {

  private static final int MAX_DEPTH = 64;

  private static final ClassValue<RecordShape> RECORD_SHAPES =
      new ClassValue<>() {
        @Override
        protected RecordShape computeValue(Class<?> type) {
          return RecordShape.of(type);
        }
      };

  private final AdmittedTypes admitted;

  public WireCodec(AdmittedTypes admitted) {
    this.admitted = admitted;
  }

  public AdmittedTypes admitted() {
    return admitted;
  }

  public void write(WireOutput out, @Nullable Object value) throws IOException {
    write(out, value, 0);
  }

  public @Nullable Object read(WireInput in) throws IOException {
    return read(in, 0);
  }

  /** A string of any length, null allowed (the codec's own strings, without a type byte). */
  public static void writeString(WireOutput out, @Nullable String value) {
    if (value == null) {
      out.writeInt(-1);
      return;
    }
    byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
    out.writeInt(bytes.length);
    out.write(bytes);
  }

  public static @Nullable String readString(WireInput in) throws IOException {
    int length = in.readInt();
    return length == -1 ? null : new String(readBytes(in, length), StandardCharsets.UTF_8);
  }

  /** A string that may not be null, such as a class name or a tag; null is malformed input. */
  public static String readRequiredString(WireInput in) throws IOException {
    String value = readString(in);
    if (value == null) {
      throw new InvalidObjectException("A required string is null");
    }
    return value;
  }

  private void write(WireOutput out, @Nullable Object value, int depth) throws IOException {
    if (depth > MAX_DEPTH) {
      throw new NotSerializableException("Value nested deeper than " + MAX_DEPTH + " levels");
    }
    if (value == null) {
      out.writeByte(ValueType.NULL.code());
    } else if (value instanceof Boolean v) {
      out.writeByte(ValueType.BOOLEAN.code());
      out.writeBoolean(v);
    } else if (value instanceof Byte v) {
      out.writeByte(ValueType.BYTE.code());
      out.writeByte(v);
    } else if (value instanceof Short v) {
      out.writeByte(ValueType.SHORT.code());
      out.writeShort(v);
    } else if (value instanceof Character v) {
      out.writeByte(ValueType.CHAR.code());
      out.writeChar(v);
    } else if (value instanceof Integer v) {
      out.writeByte(ValueType.INT.code());
      out.writeInt(v);
    } else if (value instanceof Long v) {
      out.writeByte(ValueType.LONG.code());
      out.writeLong(v);
    } else if (value instanceof Float v) {
      out.writeByte(ValueType.FLOAT.code());
      out.writeFloat(v);
    } else if (value instanceof Double v) {
      out.writeByte(ValueType.DOUBLE.code());
      out.writeDouble(v);
    } else if (value instanceof String v) {
      out.writeByte(ValueType.STRING.code());
      writeString(out, v);
    } else if (value.getClass().isArray() && value.getClass().getComponentType().isPrimitive()) {
      PrimitiveArrays.write(out, value);
    } else if (value instanceof Enum<?> v) {
      out.writeByte(ValueType.ENUM.code());
      writeString(out, checked(v.getDeclaringClass()).getName());
      writeString(out, v.name());
    } else if (value instanceof Record) {
      RecordShape shape = RECORD_SHAPES.get(checked(value.getClass()));
      out.writeByte(ValueType.RECORD.code());
      writeString(out, value.getClass().getName());
      out.writeInt(shape.accessors.length);
      for (Method accessor : shape.accessors) {
        write(out, shape.component(accessor, value), depth + 1);
      }
    } else if (value instanceof Object[] v) {
      out.writeByte(ValueType.ARRAY.code());
      writeString(out, checked(v.getClass().getComponentType()).getName());
      writeElements(out, v.length, Arrays.asList(v), depth);
    } else if (value instanceof SortedSet<?> || value instanceof SortedMap<?, ?>) {
      writeSerialized(out, value);
    } else if (value instanceof Set<?> v) {
      out.writeByte(ValueType.SET.code());
      writeElements(out, v.size(), v, depth);
    } else if (value instanceof Collection<?> v) {
      out.writeByte(ValueType.LIST.code());
      writeElements(out, v.size(), v, depth);
    } else if (value instanceof Map<?, ?> v) {
      out.writeByte(ValueType.MAP.code());
      out.writeInt(v.size());
      for (Map.Entry<?, ?> entry : v.entrySet()) {
        write(out, entry.getKey(), depth + 1);
        write(out, entry.getValue(), depth + 1);
      }
    } else {
      writeSerialized(out, value);
    }
  }

  private @Nullable Object read(WireInput in, int depth) throws IOException {
    if (depth > MAX_DEPTH) {
      throw new InvalidObjectException("Value nested deeper than " + MAX_DEPTH + " levels");
    }
    ValueType type = ValueType.of(in.readByte());
    return switch (type) {
      case NULL -> null;
      case BOOLEAN -> in.readBoolean();
      case BYTE -> in.readByte();
      case SHORT -> in.readShort();
      case CHAR -> in.readChar();
      case INT -> in.readInt();
      case LONG -> in.readLong();
      case FLOAT -> in.readFloat();
      case DOUBLE -> in.readDouble();
      case STRING -> readString(in);
      case BOOLEANS, BYTES, SHORTS, CHARS, INTS, LONGS, FLOATS, DOUBLES ->
          PrimitiveArrays.read(in, type);
      case ENUM -> readEnum(in);
      case RECORD -> readRecord(in, depth);
      case ARRAY -> readArray(in, depth);
      case LIST -> readElements(in, new ArrayList<>(), depth);
      case SET -> readElements(in, new LinkedHashSet<>(), depth);
      case MAP -> readMap(in, depth);
      case SERIALIZED -> FilteredObjectInput.deserialize(readBytes(in, in.readInt()), admitted);
    };
  }

  private Class<?> checked(Class<?> type) throws InvalidClassException {
    if (!admitted.admits(type)) {
      throw new InvalidClassException(
          type.getName(),
          "not admitted: only the types the shared"
              + " interface names in its signatures and JDK value types may cross between JVMs");
    }
    return type;
  }

  private void writeSerialized(WireOutput out, Object value) throws IOException {
    if (!(value instanceof Serializable)) {
      throw new NotSerializableException(
          value.getClass().getName()
              + " is neither a wire value (primitive, string, enum, record, collection) nor"
              + " Serializable");
    }
    checked(value.getClass());
    byte[] bytes = FilteredObjectInput.serialize(value);
    out.writeByte(ValueType.SERIALIZED.code());
    out.writeInt(bytes.length);
    out.write(bytes);
  }

  private void writeElements(WireOutput out, int size, Iterable<?> elements, int depth)
      throws IOException {
    out.writeInt(size);
    for (Object element : elements) {
      write(out, element, depth + 1);
    }
  }

  private <C extends Collection<Object>> C readElements(WireInput in, C into, int depth)
      throws IOException {
    int size = readCount(in, 1);
    for (int i = 0; i < size; i++) {
      into.add(read(in, depth + 1));
    }
    return into;
  }

  private Map<Object, Object> readMap(WireInput in, int depth) throws IOException {
    int size = readCount(in, 2);
    Map<Object, Object> map = new LinkedHashMap<>();
    for (int i = 0; i < size; i++) {
      map.put(read(in, depth + 1), read(in, depth + 1));
    }
    return map;
  }

  private Object readArray(WireInput in, int depth) throws IOException {
    Class<?> component = resolve(readRequiredString(in));
    int size = readCount(in, 1);
    Object array = Array.newInstance(component, size);
    try {
      for (int i = 0; i < size; i++) {
        Array.set(array, i, read(in, depth + 1));
      }
    } catch (IllegalArgumentException e) {
      throw new InvalidObjectException("Array element is not a " + component.getName());
    }
    return array;
  }

  @SuppressWarnings({"unchecked", "rawtypes"}) // the class was checked to be an enum
  private Object readEnum(WireInput in) throws IOException {
    Class<?> type = resolve(readRequiredString(in));
    String name = readString(in);
    if (!type.isEnum() || name == null) {
      throw new InvalidObjectException(type.getName() + " is not an enum");
    }
    try {
      return Enum.valueOf((Class) type, name);
    } catch (IllegalArgumentException e) {
      throw new InvalidObjectException("No constant " + name + " in " + type.getName());
    }
  }

  private Object readRecord(WireInput in, int depth) throws IOException {
    Class<?> type = resolve(readRequiredString(in));
    if (!type.isRecord()) {
      throw new InvalidObjectException(type.getName() + " is not a record");
    }
    RecordShape shape = RECORD_SHAPES.get(type);
    int count = in.readInt();
    if (count != shape.accessors.length) {
      throw new InvalidObjectException(
          type.getName() + " has " + shape.accessors.length + " components, the message " + count);
    }
    Object[] components = new Object[count];
    for (int i = 0; i < count; i++) {
      components[i] = read(in, depth + 1);
    }
    return shape.construct(components);
  }

  private Class<?> resolve(String name) throws IOException {
    if (name == null) {
      throw new InvalidObjectException("Missing class name");
    }
    try {
      return admitted.resolve(name);
    } catch (ClassNotFoundException e) {
      InvalidClassException refused = new InvalidClassException(name, e.getMessage());
      refused.initCause(e);
      throw refused;
    }
  }

  static byte[] readBytes(WireInput in, int length) throws IOException {
    byte[] bytes = new byte[checkCount(in, length, 1)];
    in.readFully(bytes);
    return bytes;
  }

  // Every element takes at least minBytes, so a count beyond what is left is garbage.
  private static int readCount(WireInput in, int minBytes) throws IOException {
    return checkCount(in, in.readInt(), minBytes);
  }

  private static int checkCount(WireInput in, int count, int minBytes) throws IOException {
    if (count < 0 || (long) count * minBytes > in.remaining()) {
      throw new InvalidObjectException("Length " + count + " exceeds the message");
    }
    return count;
  }

  /** How to take a record apart and put it back together. */
  @SuppressWarnings("ArrayRecordComponent") // a private holder, never compared or hashed
  private record RecordShape(Method[] accessors, Constructor<?> constructor) {

    static RecordShape of(Class<?> type) {
      RecordComponent[] components = type.getRecordComponents();
      Method[] accessors = new Method[components.length];
      Class<?>[] types = new Class<?>[components.length];
      for (int i = 0; i < components.length; i++) {
        accessors[i] = components[i].getAccessor();
        accessors[i].setAccessible(true); // records of non-public or nested classes
        types[i] = components[i].getType();
      }
      try {
        Constructor<?> constructor = type.getDeclaredConstructor(types);
        constructor.setAccessible(true);
        return new RecordShape(accessors, constructor);
      } catch (NoSuchMethodException e) {
        throw new IllegalStateException("A record always has a canonical constructor", e);
      }
    }

    Object component(Method accessor, Object record) throws IOException {
      try {
        return accessor.invoke(record);
      } catch (IllegalAccessException | InvocationTargetException e) {
        throw new NotSerializableException("Cannot read " + accessor + ": " + e);
      }
    }

    Object construct(Object[] components) throws IOException {
      try {
        return constructor.newInstance(components);
      } catch (IllegalArgumentException | ReflectiveOperationException e) {
        InvalidObjectException invalid =
            new InvalidObjectException(
                "Cannot rebuild " + constructor.getDeclaringClass().getName() + ": " + e);
        invalid.initCause(e);
        throw invalid;
      }
    }
  }
}
