package io.github.beamshared.it;

import io.github.beamshared.MultiProcessShared;
import io.github.beamshared.Shared;
import java.io.IOException;
import org.apache.beam.sdk.transforms.DoFn;

/**
 * Tags each element with three batched models: one not thread-safe, one thread-safe (batches run
 * side by side), and one machine-wide.
 */
abstract class BatchedFn extends DoFn<String, String> {

  static final String GUARDED = "it-batched-guarded";
  static final String CONCURRENT = "it-batched-concurrent";
  static final String MACHINE = "it-batched-machine";

  static volatile RecordingTagger guardedInstance;
  static volatile RecordingTagger concurrentInstance;

  @Shared(tag = GUARDED)
  transient Tagger guarded;

  @Shared(tag = CONCURRENT, threadSafe = true)
  transient Tagger concurrent;

  @MultiProcessShared(tag = MACHINE)
  transient Tagger machine;

  Tagger loadGuarded() {
    guardedInstance = new RecordingTagger(2);
    return guardedInstance;
  }

  Tagger loadConcurrent() {
    concurrentInstance = new RecordingTagger(2);
    return concurrentInstance;
  }

  Tagger loadMachine() {
    return new RecordingTagger(1);
  }

  @ProcessElement
  public void process(@Element String text, OutputReceiver<String> out) throws IOException {
    out.output(
        guarded.tag(text)
            + "|"
            + concurrent.tag(text)
            + "|"
            + machine.tag(text)
            + "|"
            + guarded.length(text));
  }
}
