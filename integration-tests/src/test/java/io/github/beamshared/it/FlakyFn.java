package io.github.beamshared.it;

import io.github.beamshared.Shared;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.beam.sdk.transforms.DoFn;

/** Its factory fails on the first attempt only, like a model server that was not up yet. */
abstract class FlakyFn extends DoFn<String, String> {

  static final String TAG = "it-flaky-model";
  static final AtomicInteger ATTEMPTS = new AtomicInteger();

  @Shared(tag = TAG, threadSafe = true)
  transient Model model;

  Model loadModel() throws java.io.IOException {
    if (ATTEMPTS.incrementAndGet() == 1) {
      throw new java.io.IOException("model server not up yet");
    }
    return input -> "flaky:" + input;
  }

  @ProcessElement
  public void process(@Element String input, OutputReceiver<String> out) {
    out.output(model.apply(input));
  }
}
