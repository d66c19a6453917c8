package io.github.beamshared.processor.model;

import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;

/** The DoFn method that creates a shared field's resource. */
public record Factory(ExecutableElement method, boolean takesOptions) {

  public String name() {
    return method.getSimpleName().toString();
  }

  public boolean isStatic() {
    return method.getModifiers().contains(Modifier.STATIC);
  }
}
