package io.github.beamshared.runners.jobs;

import io.github.beamshared.Shared;
import org.apache.beam.sdk.transforms.DoFn;

/** Scores each text with a JVM-wide {@link Scorer} only: no machine-wide field. */
abstract class JvmScoreFn extends DoFn<String, Integer> {

  static final String TAG = "jobs-jvm-only-scorer";

  @Shared(tag = TAG)
  transient Scorer scorer;

  Scorer loadScorer() {
    return new LengthScorer();
  }

  @ProcessElement
  public void process(@Element String text, OutputReceiver<Integer> out) {
    out.output(scorer.score(text));
    Job.processed.incrementAndGet();
  }
}
