package io.github.beamshared.it;

import io.github.beamshared.MultiProcessShared;
import org.apache.beam.sdk.transforms.DoFn;

/**
 * Calls a machine-wide model that takes 2 ms a call and names the JVM that answered, so that a test
 * can kill the model's host while a pipeline is in the middle of calling it.
 */
abstract class SlowModelFn extends DoFn<String, String> {

  static final String TAG = "it-slow-model";

  @MultiProcessShared(tag = TAG, threadSafe = false)
  transient Model model;

  Model loadModel() {
    long pid = ProcessHandle.current().pid();
    return input -> {
      try {
        Thread.sleep(2);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
      return input + "@" + pid;
    };
  }

  @ProcessElement
  public void process(@Element String input, OutputReceiver<String> out) {
    out.output(model.apply(input));
  }
}
