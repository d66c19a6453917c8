package io.github.beamshared.sample;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.closeTo;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;

import io.github.beamshared.runtime.ResourceStats;
import io.github.beamshared.runtime.SharedResources;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.transforms.Keys;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbedPipelineTest {

  private static final int MODEL_MEGABYTES = 8;
  private static final int DIMENSION = 256;

  @Test
  void eightInstancesShareOneModelAndEmbedLikeAPrivateCopy(@TempDir Path dir) throws IOException {
    Path weights = dir.resolve("weights.f32");
    EmbedOptions options =
        PipelineOptionsFactory.fromArgs("--targetParallelism=8").as(EmbedOptions.class);
    options.setModel(EmbedOptions.Model.SYNTHETIC);
    options.setModelMegabytes(MODEL_MEGABYTES);
    options.setWeightsPath(weights.toString());
    options.setOutput(dir.resolve("embeddings").toString());
    Pipeline pipeline = Pipeline.create(options);
    PCollection<KV<String, float[]>> embeddings = EmbedPipeline.embed(pipeline);
    List<String> corpus = corpusLines();
    PAssert.that(embeddings.apply(Keys.create())).containsInAnyOrder(corpus);
    PAssert.that(embeddings).satisfies(new MatchesPrivateModel(weights.toString()));

    int instancesBefore = EmbedFn.instancesSetUp();
    pipeline.run().waitUntilFinish();

    // The DirectRunner sets up one instance per worker thread that runs Embed: all eight of them.
    assertThat(EmbedFn.instancesSetUp() - instancesBefore, is(8));
    ResourceStats stats = SharedResources.stats(EmbedFn.MODEL_TAG).orElseThrow();
    assertThat(stats.loads(), is(1L));
    assertThat(stats.acquires(), is(8L));
    assertThat("every instance released the model at teardown", stats.liveLeases(), is(0));
    assertThat(Files.readAllLines(dir.resolve("embeddings.tsv"), UTF_8), hasSize(corpus.size()));
  }

  /**
   * Compares each embedding with one from a model loaded for this check alone: calls from eight
   * threads into the shared scratch buffer would garble vectors if they were not serialized.
   */
  private static final class MatchesPrivateModel
      implements SerializableFunction<Iterable<KV<String, float[]>>, Void> {

    private final String weightsPath;

    MatchesPrivateModel(String weightsPath) {
      this.weightsPath = weightsPath;
    }

    @Override
    public Void apply(Iterable<KV<String, float[]>> embeddings) {
      HashingEmbedder model;
      try {
        model = HashingEmbedder.load(Path.of(weightsPath), MODEL_MEGABYTES, DIMENSION);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      for (KV<String, float[]> embedding : embeddings) {
        float[] vector = embedding.getValue();
        assertThat(vector.length, is(DIMENSION));
        assertThat("norm of " + embedding.getKey(), norm(vector), closeTo(1, 1e-5));
        assertThat(embedding.getKey(), vector, equalTo(model.embed(embedding.getKey())));
      }
      return null;
    }

    private static double norm(float[] vector) {
      double squares = 0;
      for (float value : vector) {
        squares += value * value;
      }
      return Math.sqrt(squares);
    }
  }

  private static List<String> corpusLines() throws IOException {
    try (InputStream corpus = EmbedOptions.class.getResourceAsStream("corpus.txt")) {
      return new String(corpus.readAllBytes(), UTF_8).lines().toList();
    }
  }
}
