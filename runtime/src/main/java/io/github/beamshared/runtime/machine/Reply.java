package io.github.beamshared.runtime.machine;

import io.github.beamshared.runtime.protocol.StatusReport;
import org.jspecify.annotations.Nullable;

/**
 * What asking one host gave.
 *
 * @param state whether it answered, and if not, why
 * @param report its answer to STATUS, else null
 * @param text its answer to UNLOAD or STOP, its refusal, or what went wrong; "" for a report
 */
public record Reply(HostState state, @Nullable StatusReport report, String text) {

  public static Reply failed(HostState state, String why) {
    return new Reply(state, null, why);
  }
}
