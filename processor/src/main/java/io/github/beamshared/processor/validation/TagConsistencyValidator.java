package io.github.beamshared.processor.validation;

import io.github.beamshared.processor.base.ProcessorTypes;
import io.github.beamshared.processor.model.SharedField;
import java.util.HashMap;
import java.util.Map;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.Types;

/**
 * One tag is one resource throughout the compilation: the first field seen with a tag fixes its
 * type, its sharing, whether it is thread-safe and its copies, and a later field that differs is an
 * error. The runtime checks the same at run time across compilations.
 */
public final class TagConsistencyValidator {

  private final Map<String, SharedField> firstUse = new HashMap<>();
  private final Types types;
  private final ErrorReporter reporter;

  public TagConsistencyValidator(Types types, ErrorReporter reporter) {
    this.types = types;
    this.reporter = reporter;
  }

  public void validate(SharedField field) {
    SharedField first = firstUse(field);
    String difference = first == null ? null : difference(first, field);
    if (difference != null) {
      reporter.error(
          ErrorCode.TAG_CONFLICT,
          "Tag \""
              + field.tag()
              + "\" of "
              + field.describe()
              + " is also used by "
              + first.describe()
              + ", "
              + difference
              + ". One tag names one"
              + " resource: give this one another tag.",
          field.element(),
          field.annotation(),
          field.value("tag"));
    }
  }

  /**
   * As {@link #validate}, for a field {@code dofn} inherits, with its type as {@code dofn} sees it:
   * two subclasses of {@code Base<T>} that bind {@code T} differently would share one object.
   */
  public void validateInherited(TypeElement dofn, SharedField field) {
    SharedField first = firstUse(field);
    String difference = first == null ? null : difference(first, field);
    if (difference != null) {
      reporter.error(
          ErrorCode.TAG_CONFLICT,
          "Tag \""
              + field.tag()
              + "\" of "
              + field.describe()
              + ", which "
              + dofn.getSimpleName()
              + " inherits as a "
              + field.type()
              + ", is also"
              + " used by "
              + first.describe()
              + ", "
              + difference
              + ". One tag names one resource:"
              + " bind the type variables alike in every subclass, or declare the field in each"
              + " subclass, with a tag of its own.",
          dofn);
    }
  }

  /**
   * The use of the field's tag seen first, or null if this is the first or the same again, or the
   * tag is blank (reported on its own). A use without type variables is kept over one with, as the
   * more telling.
   */
  private SharedField firstUse(SharedField field) {
    if (field.tag().isBlank()) {
      return null;
    }
    SharedField first = firstUse.putIfAbsent(field.tag(), field);
    if (first == null
        || (first.element().equals(field.element())
            && types.isSameType(first.type(), field.type()))) {
      return null;
    }
    if (ProcessorTypes.mentionsTypeVariable(first.type())
        && !ProcessorTypes.mentionsTypeVariable(field.type())
        && isSameResourceType(first.type(), field.type())) {
      firstUse.put(field.tag(), field);
    }
    return first;
  }

  private String difference(SharedField first, SharedField field) {
    if (!isSameResourceType(first.type(), field.type())) {
      return "which is a " + first.type() + ", not a " + field.type();
    }
    if (first.sharing() != field.sharing()) {
      return "which is " + first.sharing().simpleName() + ", not " + field.sharing().simpleName();
    }
    if (first.threadSafe() != field.threadSafe()) {
      return "which declares threadSafe = "
          + first.threadSafe()
          + "; calls that skip the lock"
          + " would race with calls that hold it";
    }
    if (first.copies() != field.copies()) {
      return "which declares copies = " + first.copies() + ", not " + field.copies();
    }
    return null;
  }

  /**
   * Whether one object can serve both fields. The {@code T} of two generic DoFns are different
   * variables, though {@code Model<T>} reads the same in both; where either type has one, the
   * classes are compared, as the registry does at run time.
   */
  private boolean isSameResourceType(TypeMirror first, TypeMirror second) {
    return (ProcessorTypes.mentionsTypeVariable(first)
            || ProcessorTypes.mentionsTypeVariable(second))
        ? types.isSameType(types.erasure(first), types.erasure(second))
        : types.isSameType(first, second);
  }
}
