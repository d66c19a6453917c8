package io.github.beamshared.runtime.protocol;

import java.io.IOException;

/**
 * The arguments of a CALL could not be decoded, e.g. a class that is not admitted: only that call
 * fails. The connection stays usable, since its next read skips what is left of the message.
 */
public final class UndecodableArgumentsException extends IOException {

  private static final long serialVersionUID = 1L;

  private final int method;

  UndecodableArgumentsException(int method, IOException cause) {
    super("Cannot decode the arguments of method #" + method + ": " + cause, cause);
    this.method = method;
  }

  /** The number of the method called. */
  public int method() {
    return method;
  }
}
