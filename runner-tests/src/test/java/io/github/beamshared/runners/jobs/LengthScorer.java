package io.github.beamshared.runners.jobs;

/** A {@link Scorer} that is closed when the runtime unloads it. */
final class LengthScorer implements Scorer, AutoCloseable {

  @Override
  public int score(String text) {
    return text.length();
  }

  @Override
  public void close() {
    Job.closed.incrementAndGet();
  }
}
