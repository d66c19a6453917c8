package io.github.beamshared.benchmarks.throughput;

import io.github.beamshared.sample.Embedder;
import java.util.List;

/**
 * The sample's model without {@code @BatchedBy}: what the guard-only runs call, so that every call
 * runs alone under the tag's lock, as before batching.
 */
public interface PlainEmbedder {

  float[] embed(String text);

  List<float[]> embedAll(List<String> texts);

  /** {@code model} as a plain embedder. */
  static PlainEmbedder of(Embedder model) {
    return new PlainEmbedder() {
      @Override
      public float[] embed(String text) {
        return model.embed(text);
      }

      @Override
      public List<float[]> embedAll(List<String> texts) {
        return model.embedAll(texts);
      }
    };
  }
}
