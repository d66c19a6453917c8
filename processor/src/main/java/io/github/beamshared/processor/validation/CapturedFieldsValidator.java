package io.github.beamshared.processor.validation;

import io.github.beamshared.processor.base.ProcessorTypes;
import io.github.beamshared.processor.model.SharedField;
import java.util.List;
import java.util.Optional;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.ArrayType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.ElementFilter;

/**
 * Beam serializes a DoFn with every non-transient instance field. A field whose declared type
 * cannot be serialized fails only when the pipeline is submitted, so it is reported here instead.
 * Interfaces such as {@code List} or {@code Map} are accepted: their implementations usually are
 * serializable.
 */
public final class CapturedFieldsValidator {

  /** Types whose instances never serialize, interfaces among them, and what each one is. */
  private static final List<String[]> NOT_SERIALIZABLE =
      List.of(
          new String[] {"java.lang.Thread", "a thread"},
          new String[] {"java.util.concurrent.locks.Lock", "a lock"},
          new String[] {"java.util.concurrent.locks.ReadWriteLock", "a lock"},
          new String[] {"java.util.concurrent.locks.Condition", "a lock condition"},
          new String[] {"java.util.concurrent.Executor", "an executor"},
          new String[] {"java.net.Socket", "a socket"},
          new String[] {"java.net.ServerSocket", "a socket"},
          new String[] {"java.nio.channels.Channel", "a channel"},
          new String[] {"java.io.InputStream", "a stream"},
          new String[] {"java.io.OutputStream", "a stream"},
          new String[] {"java.io.Reader", "a reader"},
          new String[] {"java.io.Writer", "a writer"},
          new String[] {"java.sql.Connection", "a JDBC connection"},
          new String[] {"java.sql.Statement", "a JDBC statement"},
          new String[] {"java.sql.ResultSet", "a JDBC result set"},
          new String[] {"org.slf4j.Logger", "a logger"},
          new String[] {"java.lang.System.Logger", "a logger"},
          new String[] {"java.util.logging.Logger", "a logger"},
          new String[] {"org.apache.logging.log4j.Logger", "a logger"});

  private final ProcessorTypes types;
  private final ErrorReporter reporter;

  public CapturedFieldsValidator(ProcessorTypes types, ErrorReporter reporter) {
    this.types = types;
    this.reporter = reporter;
  }

  /** Checks the fields of {@code dofn} and of its superclasses below {@code DoFn}. */
  public void validate(TypeElement dofn) {
    for (TypeElement type : ProcessorTypes.hierarchyBelowDoFn(dofn)) {
      for (VariableElement field : ElementFilter.fieldsIn(type.getEnclosedElements())) {
        // A shared field's modifiers are SharedFieldValidator's to report, with the right fix.
        if (!field.getModifiers().contains(Modifier.STATIC)
            && !field.getModifiers().contains(Modifier.TRANSIENT)
            && SharedField.of(field).isEmpty()) {
          problem(field.asType()).ifPresent(problem -> report(dofn, field, problem));
        }
      }
    }
  }

  private void report(TypeElement dofn, VariableElement field, String problem) {
    TypeElement owner = (TypeElement) field.getEnclosingElement();
    String name = owner.getSimpleName() + "." + field.getSimpleName();
    String message =
        name
            + " has type "
            + field.asType()
            + ", which is "
            + problem
            + ", so Beam cannot serialize "
            + dofn.getSimpleName()
            + " with it. Declare the field"
            + " transient and create its value in @Setup, make it static, or give it a Serializable"
            + " type.";
    // A field of a superclass is reported on the DoFn being checked, the class whose use fails.
    if (owner.equals(dofn)) {
      reporter.error(ErrorCode.CAPTURED_NOT_SERIALIZABLE, message, field);
    } else {
      reporter.error(ErrorCode.CAPTURED_NOT_SERIALIZABLE, "Inherited field " + message, dofn);
    }
  }

  /** Why a value of {@code type} cannot be serialized, or empty if it can or might. */
  private Optional<String> problem(TypeMirror type) {
    if (type.getKind() == TypeKind.ARRAY) {
      TypeMirror component = ((ArrayType) type).getComponentType();
      return problem(component).map(p -> "an array of " + component + ", " + p);
    }
    if (type.getKind() != TypeKind.DECLARED) {
      return Optional.empty();
    }
    for (String[] known : NOT_SERIALIZABLE) {
      if (types.isSubtypeOf(type, known[0])) {
        return Optional.of(known[1] + " (" + known[0] + ")");
      }
    }
    if (types.isSerializable(type)) {
      return Optional.empty();
    }
    if (!ProcessorTypes.isInterface(type)) {
      return Optional.of("a class that does not implement Serializable");
    }
    if (types.isFunctionalInterface(type)) {
      return Optional.of(
          "a functional interface that does not extend Serializable (a lambda"
              + " stored in it does not serialize)");
    }
    return Optional.empty();
  }
}
