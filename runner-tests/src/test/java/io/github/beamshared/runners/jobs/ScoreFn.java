package io.github.beamshared.runners.jobs;

import io.github.beamshared.MultiProcessShared;
import io.github.beamshared.Shared;
import org.apache.beam.sdk.transforms.DoFn;

/**
 * Scores each text with a JVM-wide and a machine-wide {@link Scorer}. Every copy of this class (one
 * per job's class loader) counts in {@link Job}'s statics of the same loader.
 */
abstract class ScoreFn extends DoFn<String, Integer> {

  static final String JVM_TAG = "jobs-jvm-scorer";
  static final String MACHINE_TAG = "jobs-machine-scorer";

  @Shared(tag = JVM_TAG)
  transient Scorer jvmScorer;

  @MultiProcessShared(tag = MACHINE_TAG)
  transient Scorer machineScorer;

  Scorer loadJvmScorer() {
    return new LengthScorer();
  }

  Scorer loadMachineScorer() {
    return new LengthScorer();
  }

  @ProcessElement
  public void process(@Element String text, OutputReceiver<Integer> out) {
    Job.awaitTheOtherJob();
    out.output(jvmScorer.score(text) + machineScorer.score(text));
    Job.processed.incrementAndGet();
  }
}
