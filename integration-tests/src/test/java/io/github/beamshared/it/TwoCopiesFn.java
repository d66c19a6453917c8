package io.github.beamshared.it;

import io.github.beamshared.MultiProcessShared;
import org.apache.beam.sdk.transforms.DoFn;

/** A machine-wide model declared with two copies, answering with the pid of the JVM it runs in. */
abstract class TwoCopiesFn extends DoFn<String, String> {

  static final String TAG = "it-two-copies";

  @MultiProcessShared(tag = TAG, copies = 2)
  transient Model model;

  Model loadModel() {
    long pid = ProcessHandle.current().pid();
    return input -> input + "@" + pid;
  }

  @ProcessElement
  public void process(@Element String input, OutputReceiver<String> out) {
    out.output(model.apply(input));
  }
}
