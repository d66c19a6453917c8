package io.github.beamshared.benchmarks.speed;

/** The trivial resource whose calls measure the cost of the generated guard alone. */
public interface Scorer {

  /** Adds {@code x} to a running total and returns the total; not thread-safe. */
  long score(long x);
}
