package io.github.beamshared.it;

import io.github.beamshared.MultiProcessShared;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.transforms.DoFn;

/**
 * Calls a machine-wide model whose factory needs a pipeline option, and names the JVM that answered
 * and the option's value: run with {@code --sharedHostMode=dedicated}, it shows that a dedicated
 * host loaded the model with the pipeline's options.
 */
abstract class DedicatedModelFn extends DoFn<String, String> {

  static final String TAG = "it-dedicated-model";

  /** The option the factory reads. */
  public interface ModelOptions extends PipelineOptions {
    String getModelName();

    void setModelName(String name);
  }

  @MultiProcessShared(tag = TAG)
  transient Model model;

  Model loadModel(PipelineOptions options) {
    String name = options.as(ModelOptions.class).getModelName();
    if (name == null) {
      throw new IllegalStateException("no --modelName in the options the factory received");
    }
    long pid = ProcessHandle.current().pid();
    return input -> input + "@" + pid + "/" + name;
  }

  @ProcessElement
  public void process(@Element String input, OutputReceiver<String> out) {
    out.output(model.apply(input));
  }
}
