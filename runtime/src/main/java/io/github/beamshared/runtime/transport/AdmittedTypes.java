package io.github.beamshared.runtime.transport;

import io.github.beamshared.runtime.RemoteResourceException;
import io.github.beamshared.runtime.SharedResourceException;
import java.io.ObjectInputFilter;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.lang.reflect.WildcardType;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The classes that may arrive from another JVM, as enums, records or through Java serialization:
 * the classes a shared interface names in its method signatures (parameters, results, declared
 * exceptions, type arguments, and the components of its records, recursively), the classes its
 * {@code RemoteInterface} lists, this runtime's exceptions, and JDK value types — {@code java.lang}
 * boxes and strings, {@code java.math}, {@code java.time}, {@code java.util} collections and JDK
 * exceptions.
 *
 * <p>It is the only way a class is looked up by a name read from the wire: an admitted class is
 * found in a map, a JDK class in the platform class loader, anything else is refused before it is
 * loaded. As an {@link ObjectInputFilter} it rejects every other class in a serialized stream, and
 * graphs nested deeper than {@value #MAX_DEPTH} levels or of more than a million references.
 */
public final class AdmittedTypes implements ObjectInputFilter {

  /**
   * How deep a serialized object graph may nest. Shared references let a few KB of nested sets cost
   * 2^depth hash computations to rebuild (a depth of 45 pinned a core for good); 2^20 costs
   * milliseconds.
   */
  static final int MAX_DEPTH = 20;

  private static final long MAX_REFERENCES = 1_000_000;

  private final Map<String, Class<?>> byName = new HashMap<>();
  // The shared interface's class loader, where undeclared exception classes are looked up; null
  // if none may be.
  private @Nullable ClassLoader exceptionLoader;
  // Bounds like <T extends Comparable<T>> refer to themselves.
  private final Set<TypeVariable<?>> seenVariables = new HashSet<>();

  private AdmittedTypes() {
    admit(SharedResourceException.class);
    admit(RemoteResourceException.class);
  }

  /** The types named by {@code type}'s method signatures, and {@code declared}. */
  public static AdmittedTypes of(Class<?> type, Collection<Class<?>> declared) {
    AdmittedTypes types = of(declared);
    types.exceptionLoader = type.getClassLoader();
    for (Method method : type.getMethods()) {
      types.admit(method.getGenericReturnType());
      for (Type parameter : method.getGenericParameterTypes()) {
        types.admit(parameter);
      }
      for (Type thrown : method.getGenericExceptionTypes()) {
        types.admit(thrown);
      }
    }
    return types;
  }

  /** The types {@code declared}, with the component types of records among them. */
  public static AdmittedTypes of(Collection<Class<?>> declared) {
    AdmittedTypes types = new AdmittedTypes();
    for (Class<?> type : declared) { // not forEach(types::admit): no lambda on the first acquire
      types.admit(type);
    }
    return types;
  }

  /** Whether {@code type} may be decoded. */
  public boolean admits(Class<?> type) {
    Class<?> element = type;
    while (element.isArray()) {
      element = element.getComponentType();
    }
    return element.isPrimitive() || byName.get(element.getName()) == element || isJdkValue(element);
  }

  /**
   * The admitted class named {@code name}; array names are resolved through their element type.
   *
   * @throws ClassNotFoundException if the class is not admitted, without loading it
   */
  public Class<?> resolve(String name) throws ClassNotFoundException {
    if (name.startsWith("[")) {
      return resolveArray(name);
    }
    Class<?> admitted = byName.get(name);
    if (admitted != null) {
      return admitted;
    }
    if (name.startsWith("java.")) {
      Class<?> jdk = Class.forName(name, false, ClassLoader.getPlatformClassLoader());
      if (isJdkValue(jdk) || jdk.isEnum()) {
        return jdk;
      }
    }
    throw new ClassNotFoundException(
        name
            + " is not admitted: only the types the shared interface"
            + " names in its signatures and JDK value types may cross between JVMs");
  }

  /**
   * The exception class named {@code name}, to rebuild a throwable by its public {@code (String)}
   * constructor: an admitted or JDK class, or, not loaded nor initialized by the lookup, any {@code
   * Throwable} the shared interface's class loader finds, so that an exception the interface does
   * not declare still arrives as its own type where the receiver has it.
   *
   * @throws ClassNotFoundException if it is none of these
   */
  public Class<?> resolveThrowable(String name) throws ClassNotFoundException {
    try {
      return resolve(name);
    } catch (ClassNotFoundException notAdmitted) {
      if (exceptionLoader != null && !name.startsWith("[")) {
        Class<?> type = Class.forName(name, false, exceptionLoader);
        if (Throwable.class.isAssignableFrom(type)) {
          return type;
        }
      }
      throw notAdmitted;
    }
  }

  @Override
  public Status checkInput(FilterInfo info) {
    if (info.depth() > MAX_DEPTH || info.references() > MAX_REFERENCES) {
      return Status.REJECTED;
    }
    Class<?> type = info.serialClass();
    if (type == null) {
      return Status.UNDECIDED;
    }
    return admits(type) ? Status.ALLOWED : Status.REJECTED;
  }

  private void admit(Type type) {
    if (type instanceof Class<?> raw) {
      if (raw.isArray()) {
        admit(raw.getComponentType());
      } else if (!raw.isPrimitive()
          && byName.putIfAbsent(raw.getName(), raw) == null
          && raw.isRecord()) {
        for (RecordComponent component : raw.getRecordComponents()) {
          admit(component.getGenericType());
        }
      }
    } else if (type instanceof ParameterizedType parameterized) {
      admit(parameterized.getRawType());
      for (Type argument : parameterized.getActualTypeArguments()) {
        admit(argument);
      }
    } else if (type instanceof GenericArrayType array) {
      admit(array.getGenericComponentType());
    } else if (type instanceof WildcardType wildcard) {
      for (Type bound : wildcard.getUpperBounds()) {
        admit(bound);
      }
    } else if (type instanceof TypeVariable<?> variable && seenVariables.add(variable)) {
      for (Type bound : variable.getBounds()) {
        admit(bound);
      }
    }
  }

  private Class<?> resolveArray(String name) throws ClassNotFoundException {
    int dimensions = 0;
    while (dimensions < name.length() && name.charAt(dimensions) == '[') {
      dimensions++;
    }
    String element = name.substring(dimensions);
    Class<?> type =
        switch (element) {
          case "Z" -> boolean.class;
          case "B" -> byte.class;
          case "S" -> short.class;
          case "C" -> char.class;
          case "I" -> int.class;
          case "J" -> long.class;
          case "F" -> float.class;
          case "D" -> double.class;
          default -> {
            if (!element.startsWith("L") || !element.endsWith(";")) {
              throw new ClassNotFoundException("Malformed array class name " + name);
            }
            yield resolve(element.substring(1, element.length() - 1));
          }
        };
    for (int i = 0; i < dimensions; i++) {
      type = type.arrayType();
    }
    return type;
  }

  // The package prefix is trustworthy: only the JDK's own class loaders may define java.* classes.
  private static boolean isJdkValue(Class<?> type) {
    String pkg = type.getPackageName();
    if (Throwable.class.isAssignableFrom(type) && pkg.startsWith("java.")) {
      return true;
    }
    return switch (pkg) {
      case "java.lang" ->
          type == String.class
              || type == Boolean.class
              || type == Character.class
              || Number.class.isAssignableFrom(type)
              || type == Enum.class
              || type == Object.class
              || type == StackTraceElement.class;
      case "java.math", "java.time", "java.time.chrono", "java.time.zone", "java.util" -> true;
      case "java.util.concurrent" ->
          Collection.class.isAssignableFrom(type)
              || Map.class.isAssignableFrom(type)
              || type.isEnum()
              || type.getName().startsWith("java.util.concurrent.ConcurrentHashMap$");
      default -> false;
    };
  }
}
