package io.github.beamshared.it;

import org.apache.beam.runners.direct.DirectOptions;
import org.apache.beam.runners.direct.DirectRunner;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.options.PipelineOptionsFactory;

/** DirectRunner pipelines for the tests. */
final class Pipelines {

  private Pipelines() {}

  /** A pipeline on the DirectRunner with {@code parallelism} worker threads. */
  static Pipeline direct(int parallelism) {
    DirectOptions options = PipelineOptionsFactory.create().as(DirectOptions.class);
    options.setRunner(DirectRunner.class);
    options.setTargetParallelism(parallelism);
    options.setBlockOnRun(true);
    return Pipeline.create(options);
  }
}
