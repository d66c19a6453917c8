package io.github.beamshared.it;

import io.github.beamshared.MultiProcessShared;
import java.io.Serializable;
import org.apache.beam.sdk.transforms.DoFn;

/** Holds a static nested DoFn and an inner one, whose generated names join the enclosing names. */
class Outer implements Serializable {

  private static final long serialVersionUID = 1L;

  static final String TAG = "it-nested-model";

  final String prefix;

  Outer(String prefix) {
    this.prefix = prefix;
  }

  abstract static class NestedFn extends DoFn<String, String> {
    @MultiProcessShared(tag = TAG, threadSafe = true)
    transient Model model;

    Model loadModel() {
      return input -> "nested:" + input;
    }

    @ProcessElement
    public void process(@Element String input, OutputReceiver<String> out) {
      out.output(model.apply(input));
    }
  }

  /** Captures the (serializable) enclosing instance, as a DoFn declared in a pipeline does. */
  abstract class InnerFn extends DoFn<String, String> {
    @MultiProcessShared(tag = TAG, threadSafe = true)
    transient Model model;

    Model loadModel() {
      return input -> "nested:" + input;
    }

    @ProcessElement
    public void process(@Element String input, OutputReceiver<String> out) {
      out.output(prefix + model.apply(input));
    }
  }
}
