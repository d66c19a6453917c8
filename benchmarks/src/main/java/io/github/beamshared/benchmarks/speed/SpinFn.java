package io.github.beamshared.benchmarks.speed;

import io.github.beamshared.Shared;
import org.apache.beam.sdk.transforms.DoFn;

/** A DoFn sharing one non-thread-safe {@link Spinner} per JVM: every call under the tag's lock. */
abstract class SpinFn extends DoFn<Long, Long> {

  static final String TAG = "bench-spinner";

  @Shared(tag = TAG, threadSafe = false)
  transient Spinner spinner;

  Spinner loadSpinner() {
    return new SpinningModel();
  }

  @ProcessElement
  public void process(@Element Long nanos, OutputReceiver<Long> out) {
    out.output(spinner.spin(nanos));
  }
}
