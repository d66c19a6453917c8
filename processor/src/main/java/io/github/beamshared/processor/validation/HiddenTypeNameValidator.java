package io.github.beamshared.processor.validation;

import com.google.auto.common.MoreElements;
import io.github.beamshared.processor.base.ProcessorTypes;
import io.github.beamshared.processor.model.BeamTypes;
import io.github.beamshared.processor.model.SharedField;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.TypeParameterElement;
import javax.lang.model.type.ExecutableType;
import javax.lang.model.util.ElementFilter;

/**
 * Inside the generated subclass, a simple name such as {@code Element}, {@code Key} or {@code
 * Timestamp} means the member type the DoFn inherits from Beam's {@code DoFn}. A type of the user's
 * with such a name must be written qualified there: the writer qualifies those of other packages,
 * and those of the DoFn's own package, which Java cannot qualify apart from the inherited one by
 * import, are reported.
 */
final class HiddenTypeNameValidator {

  private final ProcessorTypes types;
  private final ErrorReporter reporter;
  private final NamedTypes namedTypes;

  HiddenTypeNameValidator(ProcessorTypes types, ErrorReporter reporter) {
    this.types = types;
    this.reporter = reporter;
    this.namedTypes = new NamedTypes(types);
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
        .forEach(
            type ->
                reporter.error(
                    ErrorCode.TYPE_NAME_HIDDEN,
                    type.getQualifiedName()
                        + " has the simple name of Beam's DoFn."
                        + type.getSimpleName()
                        + ", which "
                        + dofn.getSimpleName()
                        + "'s generated subclass inherits, and is in the same"
                        + " package, so the generated code cannot name it. Rename it, or move it to another"
                        + " package.",
                    dofn));
    return Set.copyOf(clashes.keySet());
  }

  /** The user's top-level types the generated code names, by simple name, that DoFn's hide. */
  private Map<String, TypeElement> clashes(TypeElement dofn, List<SharedField> fields) {
    Set<String> inherited =
        types
            .type(BeamTypes.DO_FN)
            .map(
                doFn ->
                    ElementFilter.typesIn(doFn.getEnclosedElements()).stream()
                        .map(member -> member.getSimpleName().toString())
                        .collect(Collectors.toSet()))
            .orElse(Set.of());
    Set<TypeElement> named = new LinkedHashSet<>();
    fields.forEach(field -> named.addAll(namedTypes.of(field)));
    ElementFilter.constructorsIn(dofn.getEnclosedElements())
        .forEach(
            constructor ->
                NamedTypes.collect(constructor, (ExecutableType) constructor.asType(), named));
    for (TypeParameterElement parameter : dofn.getTypeParameters()) {
      parameter.getBounds().forEach(bound -> NamedTypes.collect(bound, named));
    }
    Map<String, TypeElement> clashes = new HashMap<>();
    for (TypeElement type : named) {
      TypeElement top = topLevel(type);
      if (inherited.contains(top.getSimpleName().toString())) {
        clashes.putIfAbsent(top.getSimpleName().toString(), top);
      }
    }
    return clashes;
  }

  private static TypeElement topLevel(TypeElement type) {
    Element top = type;
    while (top.getEnclosingElement().getKind() != ElementKind.PACKAGE) {
      top = top.getEnclosingElement();
    }
    return (TypeElement) top;
  }
}
