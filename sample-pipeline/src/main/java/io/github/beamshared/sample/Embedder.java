package io.github.beamshared.sample;

import io.github.beamshared.BatchedBy;
import java.util.List;

/**
 * Turns a text into a fixed-size vector, like a sentence-embedding model. The calls of {@link
 * #embed} that DoFn threads (and JVMs) make at once run as one call of {@link #embedAll}.
 */
public interface Embedder {

  /** The text's embedding: a new array of {@link #dimension()} floats, of unit length. */
  @BatchedBy(value = "embedAll", maxBatchSize = 16, maxWaitMicros = 2000)
  float[] embed(String text);

  /**
   * The embeddings of {@code texts}, one per text and in their order, as {@link #embed} gives them,
   * computed with one model call for the whole list: a model that runs a batch at once costs less
   * per text than called once per text.
   */
  List<float[]> embedAll(List<String> texts);

  int dimension();
}
