package io.github.beamshared.processor.model;

import io.github.beamshared.MultiProcessShared;
import io.github.beamshared.Shared;
import java.lang.annotation.Annotation;

/** The two annotations: how widely a field's resource is shared. */
public enum Sharing {
  JVM(Shared.class),
  MACHINE(MultiProcessShared.class);

  private final Class<? extends Annotation> annotation;

  Sharing(Class<? extends Annotation> annotation) {
    this.annotation = annotation;
  }

  public Class<? extends Annotation> annotation() {
    return annotation;
  }

  /** {@code "@Shared"} or {@code "@MultiProcessShared"}, for messages. */
  public String simpleName() {
    return "@" + annotation.getSimpleName();
  }
}
