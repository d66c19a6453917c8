package io.github.beamshared.it;

import io.github.beamshared.MultiProcessShared;
import org.apache.beam.sdk.transforms.DoFn;

/** Tags each element with one machine-wide model that takes 5 ms per batch. */
abstract class MachineTaggerFn extends DoFn<String, String> {

  static final String TAG = "it-batched-jvms";

  /** The model of the JVM that loaded it, for the host to report on. */
  static volatile RecordingTagger loaded;

  @MultiProcessShared(tag = TAG)
  transient Tagger tagger;

  Tagger loadTagger() {
    loaded = new RecordingTagger(5);
    return loaded;
  }

  @ProcessElement
  public void process(@Element String text, OutputReceiver<String> out) throws Exception {
    out.output(tagger.tag(text));
  }
}
