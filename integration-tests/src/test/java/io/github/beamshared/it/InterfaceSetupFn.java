package io.github.beamshared.it;

import io.github.beamshared.Shared;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.beam.sdk.transforms.DoFn;

/**
 * Takes its {@code @Setup} from a default method of {@link Prepared}: the generated code must
 * override that one, or Beam would find two setup methods.
 */
abstract class InterfaceSetupFn extends DoFn<String, String> implements Prepared {

  static final String TAG = "it-interface-setup-model";

  /** What the interface's setup saw, across all instances. */
  static final Queue<String> EVENTS = new ConcurrentLinkedQueue<>();

  @Shared(tag = TAG)
  transient Model model;

  Model loadModel() {
    return input -> "prepared " + input;
  }

  @Override
  public boolean hasModel() {
    return model != null;
  }

  @ProcessElement
  public void process(@Element String input, OutputReceiver<String> out) {
    out.output(model.apply(input));
  }
}
