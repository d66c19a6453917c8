package io.github.beamshared.sample;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A bag-of-words embedding model: every word and every pair of adjacent words picks a row of a
 * random weight matrix by its hash, and a text's embedding is the sum of its rows, scaled to unit
 * length. The same text and weights always give the same vector.
 *
 * <p>Not thread-safe: like an inference engine reusing its activation buffers, every call sums into
 * the same scratch array.
 */
final class HashingEmbedder implements Embedder {

  private static final Pattern NOT_WORD = Pattern.compile("[^\\p{L}\\p{N}']+");

  /** Keeps the hash of a pair of words from picking the same rows as single words. */
  private static final int PAIR_SALT = 0x9E3779B9;

  private final float[] weights;
  private final int dimension;
  private final int rows;
  private final float[] sum;

  HashingEmbedder(float[] weights, int dimension) {
    if (dimension <= 0 || weights.length < dimension) {
      throw new IllegalArgumentException(
          weights.length + " weights cannot hold one row of dimension " + dimension);
    }
    this.weights = weights;
    this.dimension = dimension;
    this.rows = weights.length / dimension;
    this.sum = new float[dimension];
  }

  /** The model over the weights file at {@code path}, creating that file if needed. */
  static HashingEmbedder load(Path path, int megabytes, int dimension) throws IOException {
    return new HashingEmbedder(WeightsFile.load(path, megabytes), dimension);
  }

  @Override
  public float[] embed(String text) {
    Arrays.fill(sum, 0f);
    int previous = 0;
    boolean first = true;
    for (String word : NOT_WORD.split(text.toLowerCase(Locale.ROOT))) {
      if (word.isEmpty()) {
        continue;
      }
      int hash = word.hashCode();
      addRow(hash);
      if (!first) {
        addRow(31 * previous + hash + PAIR_SALT);
      }
      previous = hash;
      first = false;
    }
    return normalizedCopy();
  }

  /** A loop over {@link #embed}: summing rows gains nothing from a batch. */
  @Override
  public List<float[]> embedAll(List<String> texts) {
    List<float[]> embeddings = new ArrayList<>(texts.size());
    for (String text : texts) {
      embeddings.add(embed(text));
    }
    return embeddings;
  }

  @Override
  public int dimension() {
    return dimension;
  }

  private void addRow(int hash) {
    int offset = Math.floorMod(mix(hash), rows) * dimension;
    for (int i = 0; i < dimension; i++) {
      sum[i] += weights[offset + i];
    }
  }

  private float[] normalizedCopy() {
    double squares = 0;
    for (float value : sum) {
      squares += value * value;
    }
    float[] vector = Arrays.copyOf(sum, dimension);
    if (squares > 0) {
      float scale = (float) (1 / Math.sqrt(squares));
      for (int i = 0; i < dimension; i++) {
        vector[i] *= scale;
      }
    }
    return vector;
  }

  /** Murmur3's finalizer: String.hashCode alone puts similar words in neighbouring rows. */
  private static int mix(int hash) {
    hash ^= hash >>> 16;
    hash *= 0x85EBCA6B;
    hash ^= hash >>> 13;
    hash *= 0xC2B2AE35;
    return hash ^ (hash >>> 16);
  }
}
