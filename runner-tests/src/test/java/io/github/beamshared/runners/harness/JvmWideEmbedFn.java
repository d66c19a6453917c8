package io.github.beamshared.runners.harness;

import ai.onnxruntime.OrtException;
import io.github.beamshared.Shared;
import io.github.beamshared.sample.EmbedOptions;
import io.github.beamshared.sample.Embedder;
import io.github.beamshared.sample.Embedders;
import java.io.IOException;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.values.KV;

/**
 * The sample's {@code EmbedFn} with a {@code @Shared} (JVM-wide) model instead of a
 * {@code @MultiProcessShared} one: each harness JVM loads its own copy.
 */
public abstract class JvmWideEmbedFn extends DoFn<String, KV<String, float[]>> {

  static final String TAG = "runner-tests-jvm-wide-embedder";

  @Shared(tag = TAG)
  transient Embedder embedder;

  Embedder loadEmbedder(PipelineOptions options) throws IOException, OrtException {
    return Embedders.load(options.as(EmbedOptions.class));
  }

  @ProcessElement
  public void process(@Element String line, OutputReceiver<KV<String, float[]>> out) {
    out.output(KV.of(line, embedder.embed(line)));
  }
}
