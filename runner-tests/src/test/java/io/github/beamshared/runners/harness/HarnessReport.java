package io.github.beamshared.runners.harness;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * What the beam-shared runtime recorded in one harness JVM once its DoFns were torn down, as {@link
 * HarnessBoot} wrote it.
 */
record HarnessReport(
    String workerId, long pid, boolean warmedUp, boolean firstAcquireWarm, Properties figures) {

  static final String PID = "pid";
  static final String WARM_UP_MILLIS = "warmUpMillis";
  static final String FIRST_ACQUIRE_WARM = "firstAcquireWarm";
  static final String LOADS = ".loads";
  static final String LIVE_LEASES = ".liveLeases";

  static HarnessReport read(Path file, String workerId) throws IOException {
    Properties figures = new Properties();
    try (Reader in = Files.newBufferedReader(file)) {
      figures.load(in);
    }
    return new HarnessReport(
        workerId,
        Long.parseLong(figures.getProperty(PID)),
        !figures.getProperty(WARM_UP_MILLIS).isEmpty(),
        Boolean.parseBoolean(figures.getProperty(FIRST_ACQUIRE_WARM)),
        figures);
  }

  /** How many times this JVM loaded {@code tag}; 0 if it never held it. */
  long loads(String tag) {
    return Long.parseLong(figures.getProperty(tag + LOADS, "0"));
  }

  /**
   * The leases of {@code tag} held when this JVM's DoFns had been torn down; kept only where the
   * tag was held, so for a machine-wide tag the leases of every JVM its host served.
   */
  int liveLeases(String tag) {
    return Integer.parseInt(figures.getProperty(tag + LIVE_LEASES, "0"));
  }

  /** Whether this JVM held {@code tag} itself: hosted it, for a machine-wide tag. */
  boolean held(String tag) {
    return figures.containsKey(tag + LOADS);
  }
}
