package io.github.beamshared.runtime;

import org.jspecify.annotations.Nullable;

/**
 * An exception thrown by a resource hosted in another JVM whose type could not be rebuilt in this
 * one. It carries the remote exception's class name, message and stack trace, and its cause.
 */
public class RemoteResourceException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final String remoteClassName;

  public RemoteResourceException(
      String remoteClassName, @Nullable String message, @Nullable Throwable cause) {
    super(remoteClassName + (message == null ? "" : ": " + message), cause);
    this.remoteClassName = remoteClassName;
  }

  /** The class of the exception the resource threw in the host JVM. */
  public String remoteClassName() {
    return remoteClassName;
  }
}
