package io.github.beamshared.runners.harness;

import io.github.beamshared.runtime.ResourceStats;
import io.github.beamshared.runtime.SharedResources;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.values.KV;

/**
 * Follows an embedding DoFn in the same stage and says where each element was embedded: the line,
 * the harness JVM's pid, how many times that JVM had loaded the model's tag so far, and the
 * vector's length, separated by tabs. A String, so the runner side decodes it without the sample's
 * coder.
 */
final class ProbeFn extends DoFn<KV<String, float[]>, String> {

  private static final long PID = ProcessHandle.current().pid();

  private final String tag;

  ProbeFn(String tag) {
    this.tag = tag;
  }

  @ProcessElement
  public void process(@Element KV<String, float[]> embedded, OutputReceiver<String> out) {
    long loads = SharedResources.stats(tag).map(ResourceStats::loads).orElse(0L);
    out.output(embedded.getKey() + "\t" + PID + "\t" + loads + "\t" + embedded.getValue().length);
  }
}
