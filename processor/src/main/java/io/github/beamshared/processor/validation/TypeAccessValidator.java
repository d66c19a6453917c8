package io.github.beamshared.processor.validation;

import com.google.auto.common.MoreElements;
import io.github.beamshared.processor.base.ProcessorTypes;
import io.github.beamshared.processor.model.SharedField;
import java.util.LinkedHashSet;
import java.util.Set;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.PackageElement;
import javax.lang.model.element.TypeElement;

/**
 * The generated subclass lives in the DoFn's package and writes down every type of a shared field
 * and of its interface's signatures, as the DoFn sees them: a private type, or a package-private
 * one of another package, there would not compile.
 */
final class TypeAccessValidator {

  private final NamedTypes namedTypes;
  private final ErrorReporter reporter;

  TypeAccessValidator(ProcessorTypes types, ErrorReporter reporter) {
    this.namedTypes = new NamedTypes(types);
    this.reporter = reporter;
  }

  /** Reports the first type of {@code field} that {@code dofn}'s generated subclass cannot name. */
  void validate(TypeElement dofn, SharedField field) {
    PackageElement where = MoreElements.getPackage(dofn);
    for (TypeElement named : namedTypes.of(field)) {
      for (Element type = named;
          type.getKind() != ElementKind.PACKAGE;
          type = type.getEnclosingElement()) {
        if (!isAccessible(type, where)) {
          report(dofn, field, named, (TypeElement) type, where);
          return;
        }
      }
    }
  }

  private static boolean isAccessible(Element type, PackageElement where) {
    Set<Modifier> modifiers = type.getModifiers();
    return modifiers.contains(Modifier.PUBLIC)
        || modifiers.contains(Modifier.PROTECTED)
        || (!modifiers.contains(Modifier.PRIVATE) && MoreElements.getPackage(type).equals(where));
  }

  private void report(
      TypeElement dofn,
      SharedField field,
      TypeElement named,
      TypeElement hidden,
      PackageElement where) {
    Set<TypeElement> inFieldType = new LinkedHashSet<>();
    NamedTypes.collect(field.type(), inFieldType);
    boolean samePackage = MoreElements.getPackage(hidden).equals(where);
    String message =
        field.describe()
            + " has type "
            + field.type()
            + (inFieldType.contains(named) ? "" : ", whose methods use " + named.getQualifiedName())
            + ", but "
            + hidden.getSimpleName()
            + (hidden.getModifiers().contains(Modifier.PRIVATE)
                ? " is private"
                : " is package-private in " + MoreElements.getPackage(hidden).getQualifiedName())
            + ", so the generated subclass cannot name it. Make "
            + hidden.getSimpleName()
            + (samePackage ? " package-private or wider." : " public.");
    if (field.element().getEnclosingElement().equals(dofn)) {
      reporter.error(ErrorCode.TYPE_INACCESSIBLE, message, field.element());
    } else {
      reporter.error(
          ErrorCode.TYPE_INACCESSIBLE,
          message + " (" + dofn.getSimpleName() + " inherits the field.)",
          dofn);
    }
  }
}
