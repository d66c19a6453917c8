package io.github.beamshared.sample;

/** Turns a text into a fixed-size vector, like a sentence-embedding model. */
public interface Embedder {

  /** The text's embedding: a new array of {@link #dimension()} floats, of unit length. */
  float[] embed(String text);

  int dimension();
}
