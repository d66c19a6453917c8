package io.github.beamshared.processor.validation;

import com.google.auto.common.MoreElements;
import io.github.beamshared.processor.base.ProcessorTypes;
import io.github.beamshared.processor.model.BeamTypes;
import io.github.beamshared.processor.model.Factory;
import io.github.beamshared.processor.model.LifecycleMethod;
import java.util.Collection;
import java.util.Optional;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.ElementFilter;

/**
 * Finds the user's own {@code @Setup} and {@code @Teardown}. Beam accepts one method of each kind
 * per hierarchy (overrides of it included), so the generated ones override the user's: those must
 * be overridable, and a setup must take the options if a factory needs them.
 */
public final class LifecycleValidator {

  private final ProcessorTypes types;
  private final ErrorReporter reporter;

  public LifecycleValidator(ProcessorTypes types, ErrorReporter reporter) {
    this.types = types;
    this.reporter = reporter;
  }

  public Optional<LifecycleMethod> setup(TypeElement dofn) {
    return find(dofn, BeamTypes.SETUP, "@Setup", "set up");
  }

  public Optional<LifecycleMethod> teardown(TypeElement dofn) {
    return find(dofn, BeamTypes.TEARDOWN, "@Teardown", "release");
  }

  /** A factory taking the options needs a user setup that receives them, if there is one. */
  public void checkOptions(
      TypeElement dofn, Optional<LifecycleMethod> setup, Collection<Factory> factories) {
    if (setup.isEmpty() || setup.get().takesOptions()) {
      return;
    }
    factories.stream()
        .filter(Factory::takesOptions)
        .findFirst()
        .ifPresent(
            factory ->
                report(
                    dofn,
                    setup.get().method(),
                    ErrorCode.SETUP_WITHOUT_OPTIONS,
                    "The factory "
                        + factory.name()
                        + "(PipelineOptions) needs the pipeline's options, but"
                        + " "
                        + setup.get().name()
                        + "(), the @Setup the generated subclass overrides,"
                        + " does not receive them. Declare it as "
                        + setup.get().name()
                        + "(PipelineOptions options)."));
  }

  /** {@code action} is what the generated override does with the shared fields. */
  private Optional<LifecycleMethod> find(
      TypeElement dofn, String annotation, String label, String action) {
    Optional<ExecutableElement> annotated = mostDerivedAnnotated(dofn, annotation);
    if (annotated.isEmpty()) {
      return Optional.empty();
    }
    ExecutableElement method = implementation(dofn, annotated.get());
    String name = method.getSimpleName() + "()";
    if (method.getModifiers().contains(Modifier.PRIVATE)) {
      report(
          dofn,
          method,
          ErrorCode.LIFECYCLE_PRIVATE,
          "The "
              + label
              + " method "
              + name
              + " is"
              + " private, so the generated subclass cannot override it to "
              + action
              + " shared"
              + " fields. Make it package-private or wider.");
    } else if (method.getModifiers().contains(Modifier.FINAL)) {
      report(
          dofn,
          method,
          ErrorCode.LIFECYCLE_FINAL,
          "The "
              + label
              + " method "
              + name
              + " is"
              + " final, so the generated subclass cannot override it to "
              + action
              + " shared"
              + " fields. Remove final.");
    } else if (!ProcessorTypes.isAccessibleFromPackageOf(method, dofn)) {
      report(
          dofn,
          method,
          ErrorCode.LIFECYCLE_PRIVATE,
          "The "
              + label
              + " method "
              + name
              + " is"
              + " package-private in another package, so the generated subclass cannot override it."
              + " Make it protected or public.");
    } else {
      return Optional.of(new LifecycleMethod(method));
    }
    return Optional.empty();
  }

  private Optional<ExecutableElement> mostDerivedAnnotated(TypeElement dofn, String annotation) {
    for (TypeElement type : ProcessorTypes.hierarchyBelowDoFn(dofn)) {
      Optional<ExecutableElement> found =
          ElementFilter.methodsIn(type.getEnclosedElements()).stream()
              .filter(m -> MoreElements.isAnnotationPresent(m, annotation))
              .findFirst();
      if (found.isPresent()) {
        return found;
      }
    }
    // A default method of an interface the DoFn implements, which Beam finds as well.
    return MoreElements.getLocalAndInheritedMethods(dofn, types.types(), types.elements()).stream()
        .filter(m -> MoreElements.isAnnotationPresent(m, annotation))
        .findFirst();
  }

  /** The most derived override of {@code annotated}, which is what the generated code overrides. */
  private ExecutableElement implementation(TypeElement dofn, ExecutableElement annotated) {
    return ElementFilter.methodsIn(types.elements().getAllMembers(dofn)).stream()
        .filter(m -> m.equals(annotated) || types.elements().overrides(m, annotated, dofn))
        .findFirst()
        .orElse(annotated);
  }

  private void report(TypeElement dofn, ExecutableElement method, ErrorCode code, String message) {
    reporter.error(code, message, method.getEnclosingElement().equals(dofn) ? method : dofn);
  }
}
