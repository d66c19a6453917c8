package io.github.beamshared.it;

import io.github.beamshared.MultiProcessShared;
import io.github.beamshared.Shared;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.transforms.DoFn;

/**
 * A factory named {@code create}, like the method of the factory class the generated setup passes
 * to the runtime: the generated code must still call the DoFn's method, not its own.
 */
abstract class FactoryNamesFn extends DoFn<String, String> {

  static final String TAG = "it-factory-named-create";
  static final String STATIC_TAG = "it-static-factory-named-create";

  @Shared(tag = TAG, factory = "create")
  transient Model model;

  Model create() {
    return input -> "created:" + input;
  }

  @ProcessElement
  public void process(@Element String input, OutputReceiver<String> out) {
    out.output(model.apply(input));
  }

  /** The same with a static factory, machine-wide. */
  abstract static class StaticFn extends DoFn<String, String> {

    @MultiProcessShared(tag = STATIC_TAG, threadSafe = true, factory = "create")
    transient Model model;

    static Model create(PipelineOptions options) {
      return input -> "static:" + input;
    }

    @ProcessElement
    public void process(@Element String input, OutputReceiver<String> out) {
      out.output(model.apply(input));
    }
  }
}
