package io.github.beamshared.processor.validation;

import io.github.beamshared.processor.base.ProcessorTypes;
import io.github.beamshared.processor.model.Factory;
import io.github.beamshared.processor.model.SharedField;
import java.util.List;
import java.util.Optional;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.ExecutableType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.util.ElementFilter;

/**
 * Finds the method that creates a shared field's resource: {@code factory} of the annotation, or
 * {@code load<FieldName>}. It must be a single, non-private method of the DoFn (declared or
 * inherited) taking nothing or one {@code PipelineOptions} and returning the field's type.
 */
public final class FactoryValidator {

  private final ProcessorTypes types;
  private final ErrorReporter reporter;

  public FactoryValidator(ProcessorTypes types, ErrorReporter reporter) {
    this.types = types;
    this.reporter = reporter;
  }

  public Optional<Factory> resolve(TypeElement dofn, SharedField field) {
    String name = field.factoryName();
    List<ExecutableElement> candidates = methodsNamed(name, types.elements().getAllMembers(dofn));
    if (candidates.isEmpty()) {
      // A superclass's private methods, and its package-private ones in another package, are not
      // members of the DoFn: find them anyway, to say they are not accessible, not missing.
      candidates =
          ProcessorTypes.hierarchyBelowDoFn(dofn).stream()
              .flatMap(type -> methodsNamed(name, type.getEnclosedElements()).stream())
              .toList();
    }
    if (candidates.isEmpty()) {
      reportOnField(
          field,
          ErrorCode.FACTORY_MISSING,
          dofn.getSimpleName()
              + " has no method "
              + name
              + "() to create "
              + field.describe()
              + ". Add `"
              + field.type()
              + " "
              + name
              + "()` (it may take PipelineOptions and throw), or name another method with"
              + " factory = \"...\".");
      return Optional.empty();
    }
    if (candidates.size() > 1) {
      reportOnField(
          field,
          ErrorCode.FACTORY_AMBIGUOUS,
          dofn.getSimpleName()
              + " has "
              + candidates.size()
              + " methods named "
              + name
              + ", the factory of "
              + field.describe()
              + ". Keep one, or name another method with factory = \"...\".");
      return Optional.empty();
    }
    ExecutableElement method = candidates.get(0);
    int errors = reporter.errorCount();
    checkAccess(dofn, field, method);
    boolean takesOptions = checkParameters(dofn, field, method);
    checkReturnType(dofn, field, method);
    return reporter.errorCount() == errors
        ? Optional.of(new Factory(method, takesOptions))
        : Optional.empty();
  }

  private void checkAccess(TypeElement dofn, SharedField field, ExecutableElement method) {
    if (method.getModifiers().contains(Modifier.PRIVATE)) {
      report(
          dofn,
          field,
          method,
          ErrorCode.FACTORY_PRIVATE,
          method.getSimpleName()
              + "() is private,"
              + " but the generated subclass calls it to create "
              + field.describe()
              + ". Make it package-private or wider.");
    } else if (!ProcessorTypes.isAccessibleFromPackageOf(method, dofn)) {
      report(
          dofn,
          field,
          method,
          ErrorCode.FACTORY_PRIVATE,
          method.getSimpleName()
              + "() is"
              + " package-private in another package, so the generated subclass cannot call it to"
              + " create "
              + field.describe()
              + ". Make it protected or public.");
    }
  }

  /** Returns whether the method takes the pipeline's options. */
  private boolean checkParameters(TypeElement dofn, SharedField field, ExecutableElement method) {
    var parameters = method.getParameters();
    if (parameters.isEmpty()) {
      return false;
    }
    if (parameters.size() == 1 && types.isPipelineOptions(parameters.get(0).asType())) {
      return true;
    }
    report(
        dofn,
        field,
        method,
        ErrorCode.FACTORY_PARAMETERS,
        method.getSimpleName()
            + "(...), the"
            + " factory of "
            + field.describe()
            + ", must take no parameter or one PipelineOptions."
            + " For your own options type, take PipelineOptions and call"
            + " options.as(YourOptions.class).");
    return false;
  }

  private void checkReturnType(TypeElement dofn, SharedField field, ExecutableElement method) {
    var returned =
        ((ExecutableType) types.types().asMemberOf((DeclaredType) dofn.asType(), method))
            .getReturnType();
    if (returned.getKind() == TypeKind.VOID
        || !types.types().isAssignable(returned, field.type())) {
      report(
          dofn,
          field,
          method,
          ErrorCode.FACTORY_RETURN_TYPE,
          method.getSimpleName()
              + "() returns "
              + returned
              + ", which cannot be assigned to "
              + field.describe()
              + " of type "
              + field.type()
              + ". Return the field's type or a subtype.");
    }
  }

  private static List<ExecutableElement> methodsNamed(
      String name, List<? extends Element> members) {
    return ElementFilter.methodsIn(members).stream()
        .filter(m -> m.getSimpleName().contentEquals(name))
        .toList();
  }

  /** On the method if the DoFn itself declares it, else on the field that needs it. */
  private void report(
      TypeElement dofn,
      SharedField field,
      ExecutableElement method,
      ErrorCode code,
      String message) {
    if (method.getEnclosingElement().equals(dofn)) {
      reporter.error(code, message, method);
    } else {
      reportOnField(field, code, message);
    }
  }

  private void reportOnField(SharedField field, ErrorCode code, String message) {
    if (field.hasExplicitFactory()) {
      reporter.error(code, message, field.element(), field.annotation(), field.value("factory"));
    } else {
      reporter.error(code, message, field.element(), field.annotation());
    }
  }
}
