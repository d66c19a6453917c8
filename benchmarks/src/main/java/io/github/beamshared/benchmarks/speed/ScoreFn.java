package io.github.beamshared.benchmarks.speed;

import io.github.beamshared.Shared;
import org.apache.beam.sdk.transforms.DoFn;

/**
 * A DoFn with one non-thread-safe JVM-wide resource; the processor generates {@code ScoreFn_Shared}
 * and its {@code GuardedScorer}, whose calls the in-process benchmark times.
 */
abstract class ScoreFn extends DoFn<Long, Long> {

  static final String TAG = "bench-scorer";

  @Shared(tag = TAG, threadSafe = false)
  transient Scorer scorer;

  Scorer loadScorer() {
    return new CountingScorer();
  }

  @ProcessElement
  public void process(@Element Long x, OutputReceiver<Long> out) {
    out.output(scorer.score(x));
  }
}
