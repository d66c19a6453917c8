package io.github.beamshared.runtime;

import org.jspecify.annotations.Nullable;

/**
 * A shared resource could not be acquired: its factory failed (the factory's exception is the
 * cause), a load did not finish in time, or its tag is already bound to something else.
 */
public class SharedResourceException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public SharedResourceException(String message) {
    super(message);
  }

  public SharedResourceException(@Nullable String message, @Nullable Throwable cause) {
    super(message, cause);
  }
}
