package io.github.beamshared.benchmarks.speed;

/** A {@link Scorer} with unguarded state, as a non-thread-safe model has. */
final class CountingScorer implements Scorer {

  private long total;

  @Override
  public long score(long x) {
    total += x;
    return total;
  }
}
