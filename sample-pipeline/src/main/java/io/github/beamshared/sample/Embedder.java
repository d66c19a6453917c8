package io.github.beamshared.sample;

import java.util.List;

/** Turns a text into a fixed-size vector, like a sentence-embedding model. */
public interface Embedder {

  /** The text's embedding: a new array of {@link #dimension()} floats, of unit length. */
  float[] embed(String text);

  /**
   * The embeddings of {@code texts}, one per text and in their order, as {@link #embed} gives
   * them, computed with one model call for the whole list: a model that runs a batch at once
   * costs less per text than called once per text.
   */
  List<float[]> embedAll(List<String> texts);

  int dimension();
}
