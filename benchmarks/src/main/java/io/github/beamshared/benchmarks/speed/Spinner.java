package io.github.beamshared.benchmarks.speed;

/** A model whose every call takes a fixed time on the CPU, as inference does. */
public interface Spinner {

  /** Busy-spins for {@code nanos} nanoseconds and returns how often it read the clock. */
  long spin(long nanos);
}
