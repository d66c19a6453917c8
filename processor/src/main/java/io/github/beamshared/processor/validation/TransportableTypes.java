package io.github.beamshared.processor.validation;

import io.github.beamshared.processor.base.ProcessorTypes;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.RecordComponentElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.ArrayType;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.type.TypeVariable;
import javax.lang.model.type.WildcardType;

/**
 * Which values can be an argument or result of a call to another JVM. It mirrors the runtime's wire
 * codec: primitives, boxed types, {@code String}, primitive arrays, enums, records and collections
 * of these are encoded directly; other {@code Serializable} values go through Java serialization,
 * admitted by a filter only if named in the interface's signatures.
 */
final class TransportableTypes {

  private static final List<String> COLLECTIONS =
      List.of("java.util.Collection", "java.util.List", "java.util.Set", "java.util.Map");

  /** Types that hold a live connection, file or thread: their state cannot be copied. */
  private static final List<String> LIVE =
      List.of(
          "java.io.InputStream",
          "java.io.OutputStream",
          "java.io.Reader",
          "java.io.Writer",
          "java.nio.channels.Channel",
          "java.net.Socket",
          "java.lang.Thread",
          "java.util.Iterator",
          "java.util.stream.BaseStream",
          "java.sql.Connection",
          "java.sql.Statement",
          "java.sql.ResultSet",
          "java.util.concurrent.Future");

  private final ProcessorTypes types;

  TransportableTypes(ProcessorTypes types) {
    this.types = types;
  }

  /**
   * Why values of {@code type} cannot cross a process boundary, or empty if they can. Classes that
   * will cross through Java serialization are added to {@code serializable}.
   */
  Optional<String> problem(TypeMirror type, Set<TypeMirror> serializable) {
    return problem(type, serializable, new HashSet<>());
  }

  /**
   * {@code entered} holds the records and type variables being looked at further up: a record that
   * holds a list of itself, or {@code T extends List<T>}, is judged where it was entered.
   */
  private Optional<String> problem(
      TypeMirror type, Set<TypeMirror> serializable, Set<Element> entered) {
    return switch (type.getKind()) {
      case VOID -> Optional.empty();
      case ARRAY -> {
        TypeMirror component = ((ArrayType) type).getComponentType();
        yield component.getKind().isPrimitive()
            ? Optional.empty()
            : problem(component, serializable, entered);
      }
      case TYPEVAR -> {
        TypeVariable variable = (TypeVariable) type;
        yield entered.add(variable.asElement())
            ? problem(variable.getUpperBound(), serializable, entered)
            : Optional.empty();
      }
      case WILDCARD -> {
        TypeMirror bound = ((WildcardType) type).getExtendsBound();
        yield bound == null
            ? Optional.of("an unbounded wildcard, so anything could be passed")
            : problem(bound, serializable, entered);
      }
      case DECLARED -> declaredProblem((DeclaredType) type, serializable, entered);
      default -> type.getKind().isPrimitive() ? Optional.empty() : Optional.of("not a value type");
    };
  }

  private Optional<String> declaredProblem(
      DeclaredType type, Set<TypeMirror> serializable, Set<Element> entered) {
    TypeElement element = (TypeElement) type.asElement();
    String name = element.getQualifiedName().toString();
    if (name.equals("java.lang.Object")) {
      return Optional.of("java.lang.Object, which says nothing about what crosses");
    }
    if (name.equals("java.lang.String") || isBoxed(type) || element.getKind() == ElementKind.ENUM) {
      return Optional.empty();
    }
    for (String live : LIVE) {
      if (types.isSubtypeOf(type, live)) {
        return Optional.of(
            "a " + live + ", which holds live state that cannot be copied to" + " another process");
      }
    }
    if (element.getKind() == ElementKind.RECORD) {
      if (!entered.add(element)) {
        return Optional.empty();
      }
      for (RecordComponentElement component : element.getRecordComponents()) {
        Optional<String> problem = problem(component.asType(), serializable, entered);
        if (problem.isPresent()) {
          return Optional.of(
              "a record whose component " + component.getSimpleName() + " is " + problem.get());
        }
      }
      return Optional.empty();
    }
    if (COLLECTIONS.contains(name)) {
      for (TypeMirror argument : type.getTypeArguments()) {
        Optional<String> problem = problem(argument, serializable, entered);
        if (problem.isPresent()) {
          return Optional.of("a collection of " + argument + ", which is " + problem.get());
        }
      }
      return type.getTypeArguments().isEmpty()
          ? Optional.of("a raw collection, so anything could be in it")
          : Optional.empty();
    }
    if (types.isSerializable(type)) {
      serializable.add(types.types().erasure(type));
      return Optional.empty();
    }
    return Optional.of(
        element.getKind().isInterface()
            ? "an interface that is not Serializable (a callback cannot call back across processes)"
            : "a class that is not Serializable");
  }

  private boolean isBoxed(DeclaredType type) {
    try {
      return types.types().unboxedType(type).getKind() != TypeKind.NONE;
    } catch (IllegalArgumentException notBoxed) {
      return false;
    }
  }
}
