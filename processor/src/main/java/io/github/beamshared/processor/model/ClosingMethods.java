package io.github.beamshared.processor.model;

import java.util.Set;
import javax.lang.model.element.ExecutableElement;

/**
 * Methods that end a resource's life. The runtime owns the lifetime of shared resources: the
 * processor rejects calls of these on shared fields, and generated wrappers and proxies refuse them
 * at run time for calls it cannot see, such as from a library the resource is handed to.
 */
public final class ClosingMethods {

  public static final Set<String> NAMES =
      Set.of("close", "shutdown", "shutdownNow", "destroy", "dispose");

  private ClosingMethods() {}

  /** Whether {@code method} is one of {@link #NAMES} without parameters. */
  public static boolean isClosing(ExecutableElement method) {
    return NAMES.contains(method.getSimpleName().toString()) && method.getParameters().isEmpty();
  }
}
