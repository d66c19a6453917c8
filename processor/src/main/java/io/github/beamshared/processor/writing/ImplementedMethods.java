package io.github.beamshared.processor.writing;

import com.palantir.javapoet.AnnotationSpec;
import com.palantir.javapoet.MethodSpec;
import io.github.beamshared.processor.model.BeamTypes;
import io.github.beamshared.processor.validation.ProcessorTypes;
import java.util.stream.Collectors;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.type.DeclaredType;

/** What guards and stubs share: each implements every method of a shared interface. */
final class ImplementedMethods {

  private ImplementedMethods() {}

  /**
   * The signature of {@code method} as a member of {@code type}, deprecated as the method is, so
   * that implementing and calling it warns no more than the interface itself does.
   */
  static MethodSpec.Builder overriding(
      ExecutableElement method, DeclaredType type, ProcessorTypes types) {
    MethodSpec.Builder builder = MethodSpec.overriding(method, type, types.types());
    Deprecated deprecated = method.getAnnotation(Deprecated.class);
    if (deprecated != null) {
      builder.addAnnotation(deprecated.forRemoval()
          ? AnnotationSpec.builder(Deprecated.class).addMember("forRemoval", "true").build()
          : AnnotationSpec.builder(Deprecated.class).build());
      if (deprecated.forRemoval()) {
        builder.addAnnotation(suppressWarnings("removal"));
      }
    }
    return builder;
  }

  static AnnotationSpec suppressWarnings(String... names) {
    AnnotationSpec.Builder annotation = AnnotationSpec.builder(SuppressWarnings.class);
    for (String name : names) {
      annotation.addMember("value", "$S", name);
    }
    return annotation.build();
  }

  /** Completes {@code override} of a closing method with a refusal: the runtime owns closing. */
  static MethodSpec refusal(MethodSpec.Builder override) {
    return override.addStatement("throw new $T($T.CLOSE_REFUSED)",
        UnsupportedOperationException.class, BeamTypes.SHARED_RESOURCES).build();
  }

  /** The method's parameter names, comma separated, to pass them on. */
  static String arguments(ExecutableElement method) {
    return method.getParameters().stream()
        .map(parameter -> parameter.getSimpleName().toString())
        .collect(Collectors.joining(", "));
  }
}
