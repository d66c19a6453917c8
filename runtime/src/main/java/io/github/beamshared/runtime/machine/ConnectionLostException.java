package io.github.beamshared.runtime.machine;

import io.github.beamshared.runtime.SharedResourceException;

/**
 * A connection to a tag's host broke: the host JVM died, hung up, or only that connection broke. A
 * caller asks the control connection whether the host lives (see {@link TagCalls}): if it died, the
 * caller fails over and retries once; if not, only a call not sent yet is retried.
 */
final class ConnectionLostException extends SharedResourceException {

  private static final long serialVersionUID = 1L;

  private final boolean afterSending;

  ConnectionLostException(String tag, long hostPid, Throwable cause) {
    this(tag, hostPid, cause, false);
  }

  /** {@code afterSending}: whether the request had been sent whole, so the host may run it. */
  ConnectionLostException(String tag, long hostPid, Throwable cause, boolean afterSending) {
    super(
        "Lost the connection to the "
            + TagContext.jvm(hostPid)
            + " hosting shared resource '"
            + tag
            + "': "
            + cause,
        cause);
    this.afterSending = afterSending;
  }

  /** Whether the request was sent whole before the connection broke. */
  boolean afterSending() {
    return afterSending;
  }
}
