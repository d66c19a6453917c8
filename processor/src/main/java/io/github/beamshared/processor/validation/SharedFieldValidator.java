package io.github.beamshared.processor.validation;

import com.google.auto.common.MoreElements;
import io.github.beamshared.processor.base.ProcessorTypes;
import io.github.beamshared.processor.model.SharedField;
import io.github.beamshared.processor.model.Sharing;
import java.util.Arrays;
import java.util.Set;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;

/**
 * Rules for one annotated field on its own: its tag, copies, modifiers, enclosing class and type.
 */
public final class SharedFieldValidator {

  /** As the runtime's {@code MachineConfig.MAX_COPIES}. */
  private static final int MAX_COPIES = 16;

  private final ProcessorTypes types;
  private final ErrorReporter reporter;

  public SharedFieldValidator(ProcessorTypes types, ErrorReporter reporter) {
    this.types = types;
    this.reporter = reporter;
  }

  public void validate(SharedField field) {
    checkSingleAnnotation(field);
    checkTag(field);
    checkCopies(field);
    checkModifiers(field);
    checkInDoFn(field);
    checkType(field);
  }

  private void checkSingleAnnotation(SharedField field) {
    if (Arrays.stream(Sharing.values())
        .allMatch(s -> MoreElements.isAnnotationPresent(field.element(), s.annotation()))) {
      reporter.error(
          ErrorCode.TWO_ANNOTATIONS,
          field.describe()
              + " has both @Shared and @MultiProcessShared. Keep one: @MultiProcessShared shares"
              + " across the machine, @Shared within the JVM.",
          field.element(),
          field.annotation());
    }
  }

  private void checkTag(SharedField field) {
    if (field.tag().isBlank()) {
      reporter.error(
          ErrorCode.BLANK_TAG,
          field.describe()
              + ": the tag of "
              + field.sharing().simpleName()
              + " is blank. Name the resource, e.g. tag = \""
              + field.name()
              + "-v1\"; the same tag anywhere means the same object.",
          field.element(),
          field.annotation(),
          field.value("tag"));
    }
  }

  private void checkCopies(SharedField field) {
    int copies = field.copies();
    if (copies < 1 || copies > MAX_COPIES) {
      reporter.error(
          ErrorCode.COPIES,
          field.describe()
              + " declares copies = "
              + copies
              + ", but a machine holds from 1 to "
              + MAX_COPIES
              + " copies of a resource. Leave out copies for one copy, or give how many hosts"
              + " should each load one.",
          field.element(),
          field.annotation(),
          field.value("copies"));
    }
  }

  private void checkModifiers(SharedField field) {
    Set<Modifier> modifiers = field.element().getModifiers();
    if (modifiers.contains(Modifier.PRIVATE)) {
      reporter.error(
          ErrorCode.FIELD_PRIVATE,
          field.describe()
              + " is private, so the generated"
              + " subclass cannot set it. Make it package-private or protected.",
          field.element());
    }
    if (modifiers.contains(Modifier.FINAL)) {
      reporter.error(
          ErrorCode.FIELD_FINAL,
          field.describe() + " is final, but the generated @Setup" + " assigns it. Remove final.",
          field.element());
    }
    if (modifiers.contains(Modifier.STATIC)) {
      reporter.error(
          ErrorCode.FIELD_STATIC,
          field.describe()
              + " is static. Remove static: the field"
              + " belongs to each DoFn instance, and the registry already shares the object behind"
              + " it.",
          field.element());
    } else if (!modifiers.contains(Modifier.TRANSIENT)) {
      reporter.error(
          ErrorCode.FIELD_NOT_TRANSIENT,
          field.describe()
              + " is not transient, so Beam"
              + " would serialize the resource with the DoFn. Declare it transient; the generated"
              + " @Setup fills it on the worker.",
          field.element());
    }
  }

  private void checkInDoFn(SharedField field) {
    TypeElement owner = (TypeElement) field.element().getEnclosingElement();
    if (!types.isDoFn(owner)) {
      reporter.error(
          ErrorCode.FIELD_OUTSIDE_DO_FN,
          field.describe()
              + " is declared in "
              + owner.getQualifiedName()
              + ", which is not a DoFn. Put shared fields in an abstract"
              + " DoFn; its generated subclass sets them up in @Setup.",
          field.element(),
          field.annotation());
    }
  }

  private void checkType(SharedField field) {
    TypeMirror type = field.type();
    if (type.getKind().isPrimitive() || type.getKind() == TypeKind.TYPEVAR) {
      reporter.error(
          ErrorCode.FIELD_TYPE,
          field.describe()
              + " has type "
              + type
              + ". A shared"
              + " field needs a class or interface type the registry can check the resource against.",
          field.element());
      return;
    }
    boolean isInterface = ProcessorTypes.isInterface(type);
    if (field.sharing() == Sharing.MACHINE && !isInterface) {
      reporter.error(
          ErrorCode.NOT_INTERFACE,
          field.describe()
              + " has type "
              + type
              + ", which is"
              + " not an interface. Other processes reach a @MultiProcessShared resource through a"
              + " proxy, so declare the field as an interface the resource implements.",
          field.element(),
          field.annotation());
      return;
    }
    boolean wrapped =
        field.sharing() == Sharing.MACHINE
            || !field.threadSafe()
            || (isInterface && types.hasBatchedMethods((DeclaredType) type));
    if (!wrapped) {
      return;
    }
    String wrapper =
        field.threadSafe()
            ? "The stub through which other processes call it"
            : "A wrapper that runs its calls under the tag's lock";
    if (!isInterface) {
      reporter.error(
          ErrorCode.UNGUARDABLE,
          field.describe()
              + " has type "
              + type
              + ", a class, so"
              + " its calls cannot be run under the tag's lock as threadSafe = false requires. Declare"
              + " the field as an interface the resource implements, or set threadSafe = true if it"
              + " is safe to call from many threads.",
          field.element(),
          field.annotation(),
          field.value("threadSafe"));
    } else if (((DeclaredType) type)
        .getTypeArguments().stream()
            .anyMatch(argument -> argument.getKind() == TypeKind.WILDCARD)) {
      reporter.error(
          ErrorCode.UNGUARDABLE,
          field.describe()
              + " has type "
              + type
              + ". "
              + wrapper
              + " cannot implement a wildcard type: give the type arguments explicitly.",
          field.element());
    } else if (((DeclaredType) type).asElement().getModifiers().contains(Modifier.SEALED)) {
      reporter.error(
          ErrorCode.UNGUARDABLE,
          field.describe()
              + " has type "
              + type
              + ", a sealed"
              + " interface. "
              + wrapper
              + " is generated and cannot be among the classes it permits:"
              + " declare the field as an interface that is not sealed, such as one the sealed"
              + " interface extends.",
          field.element());
    }
  }
}
