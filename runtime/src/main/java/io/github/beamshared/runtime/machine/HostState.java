package io.github.beamshared.runtime.machine;

/** What asking the host on a tag's socket found. */
public enum HostState {
  /** A host answered. */
  LIVE("live"),
  /** Nobody listens: the host died, or has not yet bound the socket it took over. */
  STALE("stale"),
  /** A process accepted the connection but did not answer within the bound. */
  NOT_ANSWERING("not answering"),
  /** A host answered, and refused the request. */
  REFUSED("refused"),
  /** Something else: a peer of another user, a host that hung up, a garbled answer. */
  FAILED("failed"),
  /** The socket went away before it could be asked: its host stood down. */
  GONE("gone");

  private final String label;

  HostState(String label) {
    this.label = label;
  }

  /** As the listing prints it. */
  public String label() {
    return label;
  }
}
