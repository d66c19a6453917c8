package io.github.beamshared.processor.validation;

import io.github.beamshared.processor.base.ProcessorTypes;
import io.github.beamshared.processor.model.RemoteInterfaceModel;
import io.github.beamshared.processor.model.SharedField;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.ExecutableType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;

/**
 * Rules for the interface of a {@code @MultiProcessShared} field: every argument and result of
 * every method must be able to cross a process boundary, because JVMs other than the host call it
 * through a proxy. Builds the interface's wire model: method numbers and fingerprint.
 */
public final class RemoteInterfaceValidator {

  private final ProcessorTypes types;
  private final TransportableTypes transportable;
  private final ErrorReporter reporter;
  private final Predicate<Element> hasSource;

  /** {@code hasSource} tells whether an element has a position to report an error at. */
  public RemoteInterfaceValidator(
      ProcessorTypes types, ErrorReporter reporter, Predicate<Element> hasSource) {
    this.types = types;
    this.transportable = new TransportableTypes(types);
    this.reporter = reporter;
    this.hasSource = hasSource;
  }

  public Optional<RemoteInterfaceModel> resolve(SharedField field) {
    DeclaredType type = (DeclaredType) field.type();
    List<ExecutableElement> methods = types.instanceMethods((TypeElement) type.asElement());
    Set<TypeMirror> serializable = new LinkedHashSet<>();
    StringBuilder signatures = new StringBuilder(types.types().erasure(type).toString());
    int errors = reporter.errorCount();
    for (ExecutableElement method : methods) {
      ExecutableType resolved = (ExecutableType) types.types().asMemberOf(type, method);
      for (int i = 0; i < resolved.getParameterTypes().size(); i++) {
        String parameter = method.getParameters().get(i).getSimpleName().toString();
        check(
            field,
            method,
            resolved.getParameterTypes().get(i),
            "its parameter " + parameter,
            serializable);
      }
      check(field, method, resolved.getReturnType(), "its result", serializable);
      for (TypeMirror thrown : resolved.getThrownTypes()) {
        if (thrown.getKind() == TypeKind.TYPEVAR) {
          report(
              field,
              method,
              " cannot be called from another process: it throws "
                  + thrown
                  + ", a type variable, so the stub cannot tell which exceptions to pass on. Declare"
                  + " the exception classes it throws.");
        }
        serializable.add(types.types().erasure(thrown));
      }
      signatures.append('\n').append(method.getSimpleName()).append(resolved);
    }
    return reporter.errorCount() == errors
        ? Optional.of(new RemoteInterfaceModel(type, methods, sha256(signatures), serializable))
        : Optional.empty();
  }

  private void check(
      SharedField field,
      ExecutableElement method,
      TypeMirror type,
      String what,
      Set<TypeMirror> serializable) {
    transportable
        .problem(type, serializable)
        .ifPresent(
            problem ->
                report(
                    field,
                    method,
                    " cannot be called from another process: "
                        + what
                        + " is "
                        + type
                        + ", "
                        + problem
                        + ". Other JVMs reach "
                        + field.describe()
                        + " (@MultiProcessShared) through a"
                        + " proxy, so pass and return values: primitives, strings, arrays, enums, records,"
                        + " collections of these, or Serializable classes."));
  }

  /** On the method if it has a source position, else on the field. */
  private void report(SharedField field, ExecutableElement method, String problem) {
    String message =
        method.getEnclosingElement().getSimpleName()
            + "."
            + types.erasedSignature(method)
            + problem;
    if (hasSource.test(method)) {
      reporter.error(ErrorCode.NOT_TRANSPORTABLE, message, method);
    } else {
      reporter.error(ErrorCode.NOT_TRANSPORTABLE, message, field.element(), field.annotation());
    }
  }

  private static String sha256(CharSequence text) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      byte[] hash = digest.digest(text.toString().getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(hash, 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("Every JDK has SHA-256", e);
    }
  }
}
