package io.github.beamshared.runtime;

import java.time.Duration;
import java.util.Optional;

/**
 * Whether this JVM was prepared for machine-wide sharing ({@link SharedResources#warmUp()}, which
 * beam-shared-options runs when a Beam SDK harness starts processing) before its first machine-wide
 * acquire, so that the first DoFn setup did not pay for it.
 *
 * @param warmUpTime how long the warm-up took; empty if it has not run in this JVM
 * @param firstAcquireWarm whether this JVM's first machine-wide acquire began after the warm-up had
 *     finished; false before the first acquire
 */
public record WarmUpStats(Optional<Duration> warmUpTime, boolean firstAcquireWarm) {

  /** No warm-up and no machine-wide acquire yet. */
  public static final WarmUpStats NONE = new WarmUpStats(Optional.empty(), false);
}
