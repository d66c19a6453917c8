package io.github.beamshared.benchmarks.speed;

import io.github.beamshared.MultiProcessShared;
import org.apache.beam.sdk.transforms.DoFn;

/**
 * A DoFn sharing one {@link Echo} per machine. The processor generates {@code EchoFn_Shared} with
 * its dispatch {@code switch} and {@code Stub}: the JVM hosting the tag calls the object, the
 * others call the stub, whose calls the cross-process benchmark times.
 */
abstract class EchoFn extends DoFn<byte[], byte[]> {

  static final String TAG = "bench-echo";

  @MultiProcessShared(tag = TAG, threadSafe = true)
  transient Echo echo;

  Echo loadEcho() {
    return data -> data;
  }

  @ProcessElement
  public void process(@Element byte[] data, OutputReceiver<byte[]> out) {
    out.output(echo.echo(data));
  }
}
