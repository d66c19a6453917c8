package io.github.beamshared.runtime.machine;

/**
 * How this JVM came to host its tags: as a worker that won a tag's election, which hosts beside its
 * own work, or as a JVM started only to host (a dedicated host). The status command reports it, and
 * may stop only a dedicated host: stopping a worker's hosting would take the resource from under
 * its own DoFns.
 */
enum HostMode {
  IN_WORKER("in-worker"),
  DEDICATED("dedicated");

  /** The system property set to {@code true} on the command line of a dedicated host's JVM. */
  static final String DEDICATED_PROPERTY = "beamshared.dedicatedHost";

  private final String label;

  HostMode(String label) {
    this.label = label;
  }

  /** The mode of this JVM, which its command line fixes. */
  static HostMode ofThisJvm() {
    return Boolean.getBoolean(DEDICATED_PROPERTY) ? DEDICATED : IN_WORKER;
  }

  /** As the status command shows it. */
  String label() {
    return label;
  }
}
