package io.github.beamshared.sample;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.closeTo;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;

import ai.onnxruntime.OrtException;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class MiniLmEmbedderTest {

  private static MiniLmEmbedder embedder;

  @BeforeAll
  static void load() throws IOException, OrtException {
    embedder = MiniLmEmbedder.load(EmbedOptions.sampleDirectory(), 0);
  }

  @AfterAll
  static void close() throws OrtException {
    embedder.close();
  }

  /** The values sentence-transformers computes for this sentence. */
  @Test
  void embedsLikeSentenceTransformers() {
    float[] vector = embedder.embed("A man is eating food.");
    assertThat(vector.length, is(384));
    double[] expected = {0.033242, 0.004406, -0.006277, 0.048379, -0.138702};
    for (int i = 0; i < expected.length; i++) {
      assertThat("component " + i, (double) vector[i], closeTo(expected[i], 1e-4));
    }
    assertThat(norm(vector), closeTo(1, 1e-5));
  }

  @Test
  void embedsABatchInOrderAsOneByOne() {
    List<String> texts =
        List.of(
            "A man is eating food.",
            "Hi",
            "The committee celebrated a box of letters across the valley to everyone's surprise,"
                + " and then, after a long and winding discussion, went home in the rain.",
            "",
            "My neighbour's cat translated an empty notebook in the workshop.",
            "ok",
            "The printer found the old telescope after the rain and then went home.",
            "Why did the garden leave a faded photograph on the hill?");
    List<float[]> batch = embedder.embedAll(texts);
    assertThat(batch, hasSize(texts.size()));
    for (int i = 0; i < texts.size(); i++) {
      float[] alone = embedder.embed(texts.get(i));
      for (int k = 0; k < alone.length; k++) {
        assertThat(
            texts.get(i) + " [" + k + "]", (double) batch.get(i)[k], closeTo(alone[k], 1e-5));
      }
    }
  }

  @Test
  void embedsNoTextsToNoVectors() {
    assertThat(embedder.embedAll(List.of()), is(empty()));
  }

  private static double norm(float[] vector) {
    double squares = 0;
    for (float value : vector) {
      squares += value * value;
    }
    return Math.sqrt(squares);
  }
}
