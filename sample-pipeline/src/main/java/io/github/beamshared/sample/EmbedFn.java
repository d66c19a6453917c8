package io.github.beamshared.sample;

import ai.onnxruntime.OrtException;
import io.github.beamshared.MultiProcessShared;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.values.KV;

/**
 * Embeds each line with the one {@link Embedder} of the machine. Abstract because the generated
 * {@code EmbedFn_Shared} fills {@link #embedder}: apply {@code ParDo.of(new EmbedFn_Shared())}.
 */
public abstract class EmbedFn extends DoFn<String, KV<String, float[]>> {

  /** The model's tag: one machine-wide copy for every JVM of this pipeline on a machine. */
  public static final String MODEL_TAG = "sample-embedder";

  /** DoFn instances set up in this JVM; static because Beam works on deserialized copies. */
  private static final AtomicInteger INSTANCES_SET_UP = new AtomicInteger();

  private final Counter elements = Metrics.counter(EmbedFn.class, "elements");

  // Not thread-safe because the synthetic model is not. The real one is, but ONNX Runtime already
  // spreads each of its calls over the cores (--onnxThreads).
  @MultiProcessShared(tag = MODEL_TAG, threadSafe = false)
  transient Embedder embedder;

  Embedder loadEmbedder(PipelineOptions options) throws IOException, OrtException {
    return Embedders.load(options.as(EmbedOptions.class));
  }

  /** Runs after {@link #embedder} is set; takes the options because {@link #loadEmbedder} does. */
  @Setup
  public void setup(PipelineOptions options) {
    INSTANCES_SET_UP.incrementAndGet();
  }

  @ProcessElement
  public void processElement(@Element String line, OutputReceiver<KV<String, float[]>> out) {
    out.output(KV.of(line, embedder.embed(line)));
    elements.inc();
  }

  static int instancesSetUp() {
    return INSTANCES_SET_UP.get();
  }
}
