package io.github.beamshared.processor.validation;

import com.google.auto.common.MoreElements;
import io.github.beamshared.processor.model.BeamTypes;
import io.github.beamshared.processor.model.SharedField;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.TypeParameterElement;
import javax.lang.model.type.ArrayType;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.type.WildcardType;
import javax.lang.model.util.ElementFilter;

/**
 * Inside the generated subclass, a simple name such as {@code Element}, {@code Key} or
 * {@code Timestamp} means the member type the DoFn inherits from Beam's {@code DoFn}. A type of
 * the user's with such a name must be written qualified there: the writer qualifies those of other
 * packages, and those of the DoFn's own package, which Java cannot qualify apart from the
 * inherited one by import, are reported.
 */
final class InheritedTypeNames {

  private final ProcessorTypes types;
  private final ErrorReporter reporter;

  InheritedTypeNames(ProcessorTypes types, ErrorReporter reporter) {
    this.types = types;
    this.reporter = reporter;
  }

  /**
   * Reports the clashes within the DoFn's package.
   *
   * @return the simple names that the generated subclass must write qualified
   */
  public Set<String> validate(TypeElement dofn, List<SharedField> fields) {
    Map<String, TypeElement> clashes = clashes(dofn, fields);
    clashes.values().stream()
        .filter(type -> MoreElements.getPackage(type).equals(MoreElements.getPackage(dofn)))
        .forEach(type -> reporter.error("SharedTypeNameHidden", type.getQualifiedName()
            + " has the simple name of Beam's DoFn." + type.getSimpleName() + ", which "
            + dofn.getSimpleName() + "'s generated subclass inherits, and is in the same"
            + " package, so the generated code cannot name it. Rename it, or move it to another"
            + " package.", dofn));
    return Set.copyOf(clashes.keySet());
  }

  /** The user's top-level types the generated code names, by simple name, that DoFn's hide. */
  private Map<String, TypeElement> clashes(TypeElement dofn, List<SharedField> fields) {
    Set<String> inherited = types.type(BeamTypes.DO_FN)
        .map(doFn -> ElementFilter.typesIn(doFn.getEnclosedElements()).stream()
            .map(member -> member.getSimpleName().toString())
            .collect(Collectors.toSet()))
        .orElse(Set.of());
    Map<String, TypeElement> named = new HashMap<>();
    for (SharedField field : fields) {
      collect(field.type(), named);
      if (field.type() instanceof DeclaredType declared
          && declared.asElement().getKind() == ElementKind.INTERFACE) {
        for (ExecutableElement method : MoreElements.getLocalAndInheritedMethods(
            (TypeElement) declared.asElement(), types.types(), types.elements())) {
          collect(method, named);
        }
      }
    }
    ElementFilter.constructorsIn(dofn.getEnclosedElements()).forEach(c -> collect(c, named));
    for (TypeParameterElement parameter : dofn.getTypeParameters()) {
      parameter.getBounds().forEach(bound -> collect(bound, named));
    }
    named.keySet().retainAll(inherited);
    return named;
  }

  private static void collect(ExecutableElement method, Map<String, TypeElement> named) {
    collect(method.getReturnType(), named);
    method.getParameters().forEach(parameter -> collect(parameter.asType(), named));
    method.getThrownTypes().forEach(thrown -> collect(thrown, named));
    for (TypeParameterElement parameter : method.getTypeParameters()) {
      parameter.getBounds().forEach(bound -> collect(bound, named));
    }
  }

  private static void collect(TypeMirror type, Map<String, TypeElement> named) {
    switch (type.getKind()) {
      case ARRAY -> collect(((ArrayType) type).getComponentType(), named);
      case WILDCARD -> {
        WildcardType wildcard = (WildcardType) type;
        if (wildcard.getExtendsBound() != null) {
          collect(wildcard.getExtendsBound(), named);
        }
        if (wildcard.getSuperBound() != null) {
          collect(wildcard.getSuperBound(), named);
        }
      }
      case DECLARED -> {
        DeclaredType declared = (DeclaredType) type;
        Element top = declared.asElement();
        while (top.getEnclosingElement().getKind() != ElementKind.PACKAGE) {
          top = top.getEnclosingElement();
        }
        named.putIfAbsent(top.getSimpleName().toString(), (TypeElement) top);
        declared.getTypeArguments().forEach(argument -> collect(argument, named));
      }
      default -> {
        // Primitives, void and type variables name no class.
      }
    }
  }
}
