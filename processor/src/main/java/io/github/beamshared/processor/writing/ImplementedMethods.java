package io.github.beamshared.processor.writing;

import com.palantir.javapoet.AnnotationSpec;
import com.palantir.javapoet.MethodSpec;
import io.github.beamshared.processor.model.BeamTypes;
import java.util.stream.Collectors;
import javax.lang.model.element.ExecutableElement;

/** What guards and stubs share: each implements every method of a shared interface. */
final class ImplementedMethods {

  private ImplementedMethods() {}

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
