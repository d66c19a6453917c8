package io.github.beamshared.runtime;

/** How widely a tag's resource is shared; a tag is bound to one sharing for its lifetime. */
public enum Sharing {
  /** One instance per JVM ({@code @Shared}). */
  JVM,
  /** One instance per machine ({@code @MultiProcessShared}). */
  MACHINE;

  /** The annotation that declares this sharing, for messages. */
  public String annotation() {
    return this == JVM ? "@Shared" : "@MultiProcessShared";
  }
}
