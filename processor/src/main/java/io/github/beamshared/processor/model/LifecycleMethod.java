package io.github.beamshared.processor.model;

import javax.lang.model.element.ExecutableElement;

/**
 * The user's own {@code @Setup} or {@code @Teardown} method, which the generated one overrides
 * because Beam rejects two differently named lifecycle methods of one kind in a hierarchy.
 */
public record LifecycleMethod(ExecutableElement method) {

  public String name() {
    return method.getSimpleName().toString();
  }

  public boolean takesOptions() {
    return !method.getParameters().isEmpty();
  }
}
