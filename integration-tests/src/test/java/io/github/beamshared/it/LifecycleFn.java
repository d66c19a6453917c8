package io.github.beamshared.it;

import io.github.beamshared.Shared;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.transforms.DoFn;

/**
 * Has its own {@code @Setup(PipelineOptions)} and {@code @Teardown}, and a factory that reads the
 * options: the generated code must override both and run the user's code in order.
 */
abstract class LifecycleFn extends DoFn<String, String> {

  static final String TAG = "it-lifecycle-model";

  /** What happened, in order, across all instances. */
  static final Queue<String> EVENTS = new ConcurrentLinkedQueue<>();

  @Shared(tag = TAG)
  transient Model model;

  private final String greeting;

  LifecycleFn(String greeting) {
    this.greeting = greeting;
  }

  Model loadModel(PipelineOptions options) {
    String user = options.getUserAgent() == null ? "nobody" : "an agent";
    EVENTS.add("load");
    return input -> greeting + " " + input + " for " + user;
  }

  @Setup
  public void setup(PipelineOptions options) {
    EVENTS.add(model == null ? "setup without model" : "setup with model");
  }

  @Teardown
  public void teardown() {
    EVENTS.add(model == null ? "teardown without model" : "teardown with model");
  }

  @ProcessElement
  public void process(@Element String input, OutputReceiver<String> out) {
    out.output(model.apply(input));
  }
}
