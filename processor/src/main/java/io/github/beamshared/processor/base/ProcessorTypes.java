package io.github.beamshared.processor.base;

import com.google.auto.common.MoreElements;
import io.github.beamshared.BatchedBy;
import io.github.beamshared.processor.model.BeamTypes;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.NestingKind;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.TypeParameterElement;
import javax.lang.model.type.ArrayType;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.type.TypeVariable;
import javax.lang.model.type.WildcardType;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;

/** The type questions the validators ask, answered with javac's Types and Elements. */
public final class ProcessorTypes {

  private final Elements elements;
  private final Types types;

  public ProcessorTypes(Elements elements, Types types) {
    this.elements = elements;
    this.types = types;
  }

  public Elements elements() {
    return elements;
  }

  public Types types() {
    return types;
  }

  /** The named type, if it is on the compilation's class path. */
  public Optional<TypeElement> type(String qualifiedName) {
    return Optional.ofNullable(elements.getTypeElement(qualifiedName));
  }

  /** Whether {@code type} is the named type or a subtype of it (erasures compared). */
  public boolean isSubtypeOf(TypeMirror type, String qualifiedName) {
    return type(qualifiedName)
        .map(t -> types.isSubtype(types.erasure(type), types.erasure(t.asType())))
        .orElse(false);
  }

  public boolean isDoFn(TypeElement type) {
    return isSubtypeOf(type.asType(), BeamTypes.DO_FN);
  }

  /** {@code dofn} and its superclasses, most derived first, down to but not including DoFn. */
  public static List<TypeElement> hierarchyBelowDoFn(TypeElement dofn) {
    List<TypeElement> hierarchy = new ArrayList<>();
    for (TypeElement type = dofn;
        !type.getQualifiedName().contentEquals(BeamTypes.DO_FN);
        type = (TypeElement) ((DeclaredType) type.getSuperclass()).asElement()) {
      hierarchy.add(type);
      if (type.getSuperclass().getKind() != TypeKind.DECLARED) {
        break;
      }
    }
    return hierarchy;
  }

  /**
   * Whether {@code member} of a superclass can be called or overridden from {@code type}'s package,
   * where the generated subclass lives: it is public, protected, or in that same package.
   */
  public static boolean isAccessibleFromPackageOf(Element member, TypeElement type) {
    Set<Modifier> modifiers = member.getModifiers();
    return modifiers.contains(Modifier.PUBLIC)
        || modifiers.contains(Modifier.PROTECTED)
        || MoreElements.getPackage(member).equals(MoreElements.getPackage(type));
  }

  /** Whether {@code type} is an inner class: each instance holds an enclosing instance. */
  public static boolean isInner(TypeElement type) {
    return type.getNestingKind() == NestingKind.MEMBER
        && !type.getModifiers().contains(Modifier.STATIC)
        && !type.getEnclosingElement().getKind().isInterface();
  }

  public boolean isPipelineOptions(TypeMirror type) {
    return type(BeamTypes.PIPELINE_OPTIONS)
        .map(t -> types.isSameType(types.erasure(type), types.erasure(t.asType())))
        .orElse(false);
  }

  public boolean isSerializable(TypeMirror type) {
    return isSubtypeOf(type, Serializable.class.getName());
  }

  public static boolean isInterface(TypeMirror type) {
    return type.getKind() == TypeKind.DECLARED
        && ((DeclaredType) type).asElement().getKind() == ElementKind.INTERFACE;
  }

  /**
   * Whether a lambda is likely stored in a field of {@code type}: an interface marked
   * {@code @FunctionalInterface}, or one of the project's own with a single abstract method. A
   * lambda serializes only if its interface is {@link Serializable}. Single-method JDK interfaces
   * that are not marked, such as {@code Comparable} or {@code Iterable}, usually hold values.
   */
  public boolean isFunctionalInterface(TypeMirror type) {
    if (!isInterface(type)) {
      return false;
    }
    TypeElement element = (TypeElement) ((DeclaredType) type).asElement();
    if (MoreElements.isAnnotationPresent(element, FunctionalInterface.class)) {
      return true;
    }
    if (element.getQualifiedName().toString().startsWith("java.")) {
      return false;
    }
    long abstractMethods =
        ElementFilter.methodsIn(elements.getAllMembers(element)).stream()
            .filter(m -> m.getModifiers().contains(Modifier.ABSTRACT))
            .filter(m -> !isObjectMethod(m))
            .count();
    return abstractMethods == 1;
  }

  /**
   * The methods a wrapper or proxy of {@code iface} implements: declared and inherited, abstract
   * and default, in a fixed order (by name, then parameter types), without static, private and
   * {@code Object} methods.
   */
  public List<ExecutableElement> instanceMethods(TypeElement iface) {
    return MoreElements.getLocalAndInheritedMethods(iface, types, elements).stream()
        .filter(m -> !m.getModifiers().contains(Modifier.STATIC))
        .filter(m -> !m.getModifiers().contains(Modifier.PRIVATE))
        .filter(m -> !isObjectMethod(m))
        .sorted(Comparator.comparing(this::erasedSignature))
        .toList();
  }

  /** Whether a method of interface {@code type} is {@code @BatchedBy}: its calls are wrapped. */
  public boolean hasBatchedMethods(DeclaredType type) {
    return instanceMethods((TypeElement) type.asElement()).stream()
        .anyMatch(method -> MoreElements.isAnnotationPresent(method, BatchedBy.class));
  }

  /** {@code embed(java.lang.String)}: the name and erased parameter types. */
  public String erasedSignature(ExecutableElement method) {
    return method.getSimpleName()
        + method.getParameters().stream()
            .map(p -> types.erasure(p.asType()).toString())
            .collect(Collectors.joining(",", "(", ")"));
  }

  /** Whether {@code method} redeclares {@code equals}, {@code hashCode} or {@code toString}. */
  public boolean isObjectMethod(ExecutableElement method) {
    TypeElement object = elements.getTypeElement(Object.class.getName());
    return ElementFilter.methodsIn(object.getEnclosedElements()).stream()
        .filter(m -> m.getModifiers().contains(Modifier.PUBLIC))
        .anyMatch(
            m -> m.getSimpleName().equals(method.getSimpleName()) && sameParameters(m, method));
  }

  private boolean sameParameters(ExecutableElement a, ExecutableElement b) {
    if (a.getParameters().size() != b.getParameters().size()) {
      return false;
    }
    for (int i = 0; i < a.getParameters().size(); i++) {
      if (!types.isSameType(
          types.erasure(a.getParameters().get(i).asType()),
          types.erasure(b.getParameters().get(i).asType()))) {
        return false;
      }
    }
    return true;
  }

  /**
   * The DoFn's type parameters, after those of the classes whose instance an inner DoFn holds,
   * which its generated class, top-level, declares too.
   */
  public static List<TypeParameterElement> typeParametersInScope(TypeElement dofn) {
    List<TypeParameterElement> parameters = new ArrayList<>();
    for (TypeElement type = dofn; ; type = (TypeElement) type.getEnclosingElement()) {
      parameters.addAll(0, type.getTypeParameters());
      if (!isInner(type)) {
        return parameters;
      }
    }
  }

  /** Whether {@code type} is or has a type variable, as {@code List<T>} or {@code T[]}. */
  public static boolean mentionsTypeVariable(TypeMirror type) {
    return mentions(type, variable -> true);
  }

  /** Whether {@code type} is or has a type variable that {@code which} accepts. */
  public static boolean mentions(TypeMirror type, Predicate<TypeVariable> which) {
    return switch (type.getKind()) {
      case TYPEVAR -> which.test((TypeVariable) type);
      case ARRAY -> mentions(((ArrayType) type).getComponentType(), which);
      case DECLARED ->
          ((DeclaredType) type)
              .getTypeArguments().stream().anyMatch(argument -> mentions(argument, which));
      case WILDCARD -> {
        WildcardType wildcard = (WildcardType) type;
        TypeMirror upper = wildcard.getExtendsBound();
        TypeMirror lower = wildcard.getSuperBound();
        yield (upper != null && mentions(upper, which))
            || (lower != null && mentions(lower, which));
      }
      default -> false;
    };
  }
}
