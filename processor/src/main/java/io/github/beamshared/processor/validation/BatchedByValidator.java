package io.github.beamshared.processor.validation;

import com.google.auto.common.AnnotationMirrors;
import com.google.auto.common.MoreElements;
import io.github.beamshared.BatchedBy;
import io.github.beamshared.processor.base.ProcessorTypes;
import io.github.beamshared.processor.model.BatchedMethod;
import io.github.beamshared.processor.model.SharedField;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;

/**
 * Rules for {@code @BatchedBy}: the annotated method belongs to an interface, its settings are
 * possible, and its batch method pairs with it (one List per parameter, a List of results, no
 * checked exception the method does not declare). Checked where the method is declared, on the
 * annotation value at fault, and again for the interface of each shared field, where an error is
 * reported on the field if the method has no source in this compilation.
 */
public final class BatchedByValidator {

  private final ProcessorTypes types;
  private final ErrorReporter reporter;
  private final Predicate<Element> hasSource;

  /** {@code hasSource} tells whether an element has a position to report an error at. */
  public BatchedByValidator(
      ProcessorTypes types, ErrorReporter reporter, Predicate<Element> hasSource) {
    this.types = types;
    this.reporter = reporter;
    this.hasSource = hasSource;
  }

  /** Checks one annotated method where it is declared; errors go on its annotation. */
  public void validate(ExecutableElement method) {
    check(method, new OnAnnotation(method));
  }

  /**
   * The batched methods of {@code field}'s interface, paired with their batch methods; empty if one
   * of them breaks a rule.
   */
  public Optional<List<BatchedMethod>> resolve(SharedField field) {
    int errors = reporter.errorCount();
    List<BatchedMethod> batched = new ArrayList<>();
    TypeElement iface = (TypeElement) ((DeclaredType) field.type()).asElement();
    for (ExecutableElement method : types.instanceMethods(iface)) {
      if (MoreElements.isAnnotationPresent(method, BatchedBy.class)) {
        Report report = hasSource.test(method) ? new OnAnnotation(method) : new OnField(field);
        check(method, report).ifPresent(batched::add);
      }
    }
    return reporter.errorCount() == errors ? Optional.of(batched) : Optional.empty();
  }

  private Optional<BatchedMethod> check(ExecutableElement method, Report report) {
    AnnotationMirror annotation = MoreElements.getAnnotationMirror(method, BatchedBy.class).get();
    if (!checkPlacement(method, report)) {
      return Optional.empty();
    }
    int errors = reporter.errorCount();
    int maxBatchSize = (Integer) value(annotation, "maxBatchSize");
    long maxWaitMicros = (Long) value(annotation, "maxWaitMicros");
    int concurrentBatches = (Integer) value(annotation, "concurrentBatches");
    checkSettings(method, maxBatchSize, maxWaitMicros, concurrentBatches, report);
    Optional<ExecutableElement> batch = batchMethod(method, annotation, report);
    batch.ifPresent(found -> checkExceptions(method, found, report));
    return batch.isPresent() && reporter.errorCount() == errors
        ? Optional.of(
            new BatchedMethod(method, batch.get(), maxBatchSize, maxWaitMicros, concurrentBatches))
        : Optional.empty();
  }

  /** Only calls of an interface's instance methods pass through the wrapper that batches them. */
  private boolean checkPlacement(ExecutableElement method, Report report) {
    String problem =
        method.getEnclosingElement().getKind() != ElementKind.INTERFACE
            ? "is a method of a class, not of an interface"
            : method.getModifiers().contains(Modifier.STATIC)
                ? "is static"
                : method.getModifiers().contains(Modifier.PRIVATE) ? "is private" : null;
    if (problem == null) {
      return true;
    }
    report.error(
        ErrorCode.BATCH_PLACEMENT,
        describe(method)
            + " "
            + problem
            + ". Only the calls of"
            + " a shared interface's abstract or default methods reach the generated wrapper that"
            + " batches them: put @BatchedBy on such a method.",
        null);
    return false;
  }

  private void checkSettings(
      ExecutableElement method,
      int maxBatchSize,
      long maxWaitMicros,
      int concurrentBatches,
      Report report) {
    if (maxBatchSize < 1) {
      report.error(
          ErrorCode.BATCH_SETTINGS,
          describe(method)
              + ": maxBatchSize = "
              + maxBatchSize
              + ", but a batch takes at least one call. Set 1 to run each call alone, or more.",
          "maxBatchSize");
    }
    if (maxWaitMicros < 0) {
      report.error(
          ErrorCode.BATCH_SETTINGS,
          describe(method)
              + ": maxWaitMicros = "
              + maxWaitMicros
              + " is negative. Set 0 to batch only the calls already waiting, or how many"
              + " microseconds a batch may wait for more.",
          "maxWaitMicros");
    }
    if (concurrentBatches < 0) {
      report.error(
          ErrorCode.BATCH_SETTINGS,
          describe(method)
              + ": concurrentBatches = "
              + concurrentBatches
              + " is negative. Set how many batches of a thread-safe resource"
              + " may run at once, or 0 for one per processor.",
          "concurrentBatches");
    }
  }

  /** The one method of the interface named by the annotation that pairs with {@code method}. */
  private Optional<ExecutableElement> batchMethod(
      ExecutableElement method, AnnotationMirror annotation, Report report) {
    String name = (String) value(annotation, "value");
    String prefix = describe(method) + " is @BatchedBy(\"" + name + "\"), but ";
    String declare = " Declare it as: " + expectedSignature(method, name);
    if (method.getParameters().isEmpty()) {
      report.error(
          ErrorCode.BATCH_SIGNATURE,
          prefix
              + "it takes no parameters, so all its calls are"
              + " alike and a batch could not tell them apart. Remove @BatchedBy.",
          "value");
      return Optional.empty();
    }
    if (!method.getTypeParameters().isEmpty()) {
      report.error(
          ErrorCode.BATCH_SIGNATURE,
          prefix
              + "it declares type variables, so the calls of"
              + " one batch may have different types. Remove @BatchedBy or the type variables.",
          "value");
      return Optional.empty();
    }
    TypeElement iface = (TypeElement) method.getEnclosingElement();
    List<ExecutableElement> named =
        types.instanceMethods(iface).stream()
            .filter(candidate -> candidate.getSimpleName().contentEquals(name))
            .filter(candidate -> !candidate.equals(method))
            .toList();
    if (named.isEmpty()) {
      report.error(
          ErrorCode.BATCH_METHOD_MISSING,
          prefix + iface.getSimpleName() + " has no other method named " + name + "." + declare,
          "value");
      return Optional.empty();
    }
    List<ExecutableElement> pairing =
        named.stream().filter(candidate -> pairingProblem(method, candidate).isEmpty()).toList();
    if (pairing.size() == 1) {
      return Optional.of(pairing.get(0));
    }
    if (pairing.size() > 1) {
      report.error(
          ErrorCode.BATCH_SIGNATURE,
          prefix
              + "several methods named "
              + name
              + " pair with"
              + " it: "
              + signatures(pairing)
              + ". Keep one, or name another in @BatchedBy.",
          "value");
    } else if (named.size() == 1) {
      report.error(
          ErrorCode.BATCH_SIGNATURE,
          prefix
              + types.erasedSignature(named.get(0))
              + " "
              + pairingProblem(method, named.get(0)).get()
              + ". A batch method takes a List of each"
              + " parameter and returns a List of results, one per call."
              + declare,
          "value");
    } else {
      report.error(
          ErrorCode.BATCH_SIGNATURE,
          prefix
              + "none of "
              + signatures(named)
              + " takes a"
              + " List of each parameter and returns a List of results."
              + declare,
          "value");
    }
    return Optional.empty();
  }

  /**
   * Why {@code batch} cannot answer a batch of {@code method}'s calls: the generated code passes it
   * a {@code List} of each parameter (boxed) and reads a {@code List} of results from it.
   */
  private Optional<String> pairingProblem(ExecutableElement method, ExecutableElement batch) {
    if (!batch.getTypeParameters().isEmpty()) {
      return Optional.of("declares type variables");
    }
    int count = method.getParameters().size();
    if (batch.getParameters().size() != count) {
      return Optional.of("takes " + batch.getParameters().size() + " parameter(s), not " + count);
    }
    for (int i = 0; i < count; i++) {
      TypeMirror list = listOf(method.getParameters().get(i).asType());
      TypeMirror parameter = batch.getParameters().get(i).asType();
      if (!types.types().isAssignable(list, parameter)) {
        return Optional.of(
            "takes "
                + parameter
                + " as parameter "
                + (i + 1)
                + ", which cannot be given a "
                + list);
      }
    }
    TypeMirror result = method.getReturnType();
    TypeMirror batchResult = batch.getReturnType();
    if (result.getKind() == TypeKind.VOID) {
      return batchResult.getKind() == TypeKind.VOID
          ? Optional.empty()
          : Optional.of(
              "returns "
                  + batchResult
                  + ", where a method that returns nothing is"
                  + " batched by one that returns nothing");
    }
    TypeMirror results =
        types
            .types()
            .getDeclaredType(listElement(), types.types().getWildcardType(boxed(result), null));
    return types.types().isAssignable(batchResult, results)
        ? Optional.empty()
        : Optional.of("returns " + batchResult + ", not a list of " + boxed(result));
  }

  /** Every caller of a batch gets what it threw, so it may throw only what each caller expects. */
  private void checkExceptions(ExecutableElement method, ExecutableElement batch, Report report) {
    for (TypeMirror thrown : batch.getThrownTypes()) {
      boolean unchecked =
          types.isSubtypeOf(thrown, RuntimeException.class.getName())
              || types.isSubtypeOf(thrown, Error.class.getName());
      if (!unchecked
          && method.getThrownTypes().stream()
              .noneMatch(declared -> types.types().isSubtype(thrown, declared))) {
        report.error(
            ErrorCode.BATCH_EXCEPTIONS,
            describe(method)
                + " is @BatchedBy(\""
                + batch.getSimpleName()
                + "\"), but "
                + types.erasedSignature(batch)
                + " throws "
                + thrown
                + ", which "
                + method.getSimpleName()
                + " does not declare. Every caller of a"
                + " batch gets what the batch threw: declare "
                + thrown
                + " on "
                + method.getSimpleName()
                + ", or catch it in "
                + batch.getSimpleName()
                + ".",
            "value");
      }
    }
  }

  private String expectedSignature(ExecutableElement method, String name) {
    String result =
        method.getReturnType().getKind() == TypeKind.VOID
            ? "void"
            : listOf(method.getReturnType()).toString();
    return result
        + " "
        + name
        + method.getParameters().stream()
            .map(parameter -> listOf(parameter.asType()) + " " + parameter.getSimpleName())
            .collect(Collectors.joining(", ", "(", ")"));
  }

  private String signatures(List<ExecutableElement> methods) {
    return methods.stream().map(types::erasedSignature).collect(Collectors.joining(", "));
  }

  private TypeMirror listOf(TypeMirror element) {
    return types.types().getDeclaredType(listElement(), boxed(element));
  }

  private TypeElement listElement() {
    return types.elements().getTypeElement(List.class.getName());
  }

  private TypeMirror boxed(TypeMirror type) {
    return type.getKind().isPrimitive()
        ? types.types().boxedClass(types.types().getPrimitiveType(type.getKind())).asType()
        : type;
  }

  private String describe(ExecutableElement method) {
    return method.getEnclosingElement().getSimpleName() + "." + types.erasedSignature(method);
  }

  private static Object value(AnnotationMirror annotation, String name) {
    return AnnotationMirrors.getAnnotationValue(annotation, name).getValue();
  }

  /** Where a rule's error lands. */
  private interface Report {
    /** Reports at the annotation value {@code value}, or the annotation itself if null. */
    void error(ErrorCode code, String message, String value);
  }

  /** On the {@code @BatchedBy} of the method. */
  private final class OnAnnotation implements Report {
    private final ExecutableElement method;
    private final AnnotationMirror annotation;

    OnAnnotation(ExecutableElement method) {
      this.method = method;
      this.annotation = MoreElements.getAnnotationMirror(method, BatchedBy.class).get();
    }

    @Override
    public void error(ErrorCode code, String message, String value) {
      if (value == null) {
        reporter.error(code, message, method, annotation);
      } else {
        reporter.error(
            code,
            message,
            method,
            annotation,
            AnnotationMirrors.getAnnotationValue(annotation, value));
      }
    }
  }

  /** On a shared field whose interface, compiled elsewhere, breaks a rule. */
  private final class OnField implements Report {
    private final SharedField field;

    OnField(SharedField field) {
      this.field = field;
    }

    @Override
    public void error(ErrorCode code, String message, String value) {
      reporter.error(
          code,
          message + " (" + field.describe() + " has this interface.)",
          field.element(),
          field.annotation());
    }
  }
}
