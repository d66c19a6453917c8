package io.github.beamshared.runtime.machine;

import io.github.beamshared.runtime.SharedResourceException;

/**
 * This JVM was asked for a lease of a tag it no longer hosts: it stopped hosting it when its last
 * lease was released ({@value MachineConfig#UNLOAD_WHEN_UNUSED}). Never reaches a DoFn: an acquire
 * of this JVM elects again, and a client's acquire at this JVM finds its connection closed and
 * elects again.
 */
final class NotHostingException extends SharedResourceException {

  private static final long serialVersionUID = 1L;

  NotHostingException(String tag) {
    super(
        "This JVM stopped hosting shared resource '"
            + tag
            + "' when its last lease was"
            + " released ("
            + MachineConfig.UNLOAD_WHEN_UNUSED
            + "); elect its host again.");
  }
}
