package io.github.beamshared.processor.model;

import io.github.beamshared.MultiProcessShared;
import io.github.beamshared.Shared;
import java.lang.annotation.Annotation;

/** The two annotations, and the runtime method the generated setup calls for each. */
public enum Sharing {
  JVM(Shared.class, "jvmWide"),
  MACHINE(MultiProcessShared.class, "machineWide");

  private final Class<? extends Annotation> annotation;
  private final String acquireMethod;

  Sharing(Class<? extends Annotation> annotation, String acquireMethod) {
    this.annotation = annotation;
    this.acquireMethod = acquireMethod;
  }

  public Class<? extends Annotation> annotation() {
    return annotation;
  }

  /** {@code "@Shared"} or {@code "@MultiProcessShared"}, for messages. */
  public String simpleName() {
    return "@" + annotation.getSimpleName();
  }

  /** The static method of {@code SharedResources} that acquires a resource of this sharing. */
  public String acquireMethod() {
    return acquireMethod;
  }
}
