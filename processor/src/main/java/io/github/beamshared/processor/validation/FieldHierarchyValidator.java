package io.github.beamshared.processor.validation;

import io.github.beamshared.processor.base.ProcessorTypes;
import io.github.beamshared.processor.model.SharedField;
import java.util.List;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.util.ElementFilter;

/**
 * Rules for the shared fields a DoFn inherits along with those it declares: the generated subclass
 * assigns every one of them by name.
 */
final class FieldHierarchyValidator {

  private final ErrorReporter reporter;

  FieldHierarchyValidator(ErrorReporter reporter) {
    this.reporter = reporter;
  }

  /** {@code all}: the shared fields of {@code dofn} and its superclasses. */
  void validate(TypeElement dofn, List<SharedField> all) {
    for (SharedField field : all) {
      checkNotHidden(dofn, field);
      checkAccessible(dofn, field);
    }
  }

  /** The generated subclass assigns {@code this.<name>}, which a field further down would take. */
  private void checkNotHidden(TypeElement dofn, SharedField field) {
    for (TypeElement type : ProcessorTypes.hierarchyBelowDoFn(dofn)) {
      if (type.equals(field.element().getEnclosingElement())) {
        return;
      }
      for (VariableElement other : ElementFilter.fieldsIn(type.getEnclosedElements())) {
        if (other.getSimpleName().equals(field.element().getSimpleName())) {
          reporter.error(
              ErrorCode.FIELD_HIDDEN,
              type.getSimpleName()
                  + "."
                  + other.getSimpleName()
                  + " hides the shared field "
                  + field.describe()
                  + ", so the generated subclass"
                  + " could not set it. Rename one of the two fields.",
              other);
        }
      }
    }
  }

  private void checkAccessible(TypeElement dofn, SharedField field) {
    if (!field.element().getModifiers().contains(Modifier.PRIVATE)
        && !ProcessorTypes.isAccessibleFromPackageOf(field.element(), dofn)) {
      reporter.error(
          ErrorCode.FIELD_INACCESSIBLE,
          field.describe()
              + " is package-private in"
              + " another package than "
              + dofn.getSimpleName()
              + ", so "
              + dofn.getSimpleName()
              + "'s generated subclass cannot set it. Make the field"
              + " protected.",
          dofn);
    }
  }
}
