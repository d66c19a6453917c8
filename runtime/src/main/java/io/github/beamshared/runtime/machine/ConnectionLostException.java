package io.github.beamshared.runtime.machine;

import io.github.beamshared.runtime.SharedResourceException;

/**
 * The connection to a tag's host broke: the host JVM died or hung up. Callers fail over (see
 * {@link MachineTag}) and retry once; only a second loss reaches the DoFn.
 */
final class ConnectionLostException extends SharedResourceException {

  private static final long serialVersionUID = 1L;

  ConnectionLostException(String tag, long hostPid, Throwable cause) {
    super("Lost the connection to the " + TagContext.jvm(hostPid) + " hosting shared resource '"
        + tag + "': " + cause, cause);
  }
}
