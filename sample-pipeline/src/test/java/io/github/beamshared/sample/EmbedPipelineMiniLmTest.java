package io.github.beamshared.sample;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.closeTo;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sample with its default, real model, run as a user runs it: in a JVM of its own, which also
 * keeps this JVM's machine-wide tag bound to the synthetic model of {@link EmbedPipelineTest}.
 */
@Timeout(120)
class EmbedPipelineMiniLmTest {

  private static final int LINES = 40;

  @Test
  void embedsLikeAPrivateCopyAndLogsNoWarningOfItsOwn(@TempDir Path dir) throws Exception {
    List<String> lines = corpusLines().subList(0, LINES);
    Files.write(dir.resolve("input.txt"), lines, UTF_8);
    Path log = dir.resolve("sample.log");
    Process sample =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m",
                "-cp",
                System.getProperty(
                    "surefire.test.class.path", System.getProperty("java.class.path")),
                EmbedPipeline.class.getName(),
                "--sharedMachineWide=false",
                "--targetParallelism=2",
                "--input=" + dir.resolve("input.txt"),
                "--output=" + dir.resolve("embeddings"))
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    String output;
    try {
      assertThat("the sample finished", sample.waitFor(90, TimeUnit.SECONDS), is(true));
      output = Files.readString(log, UTF_8);
      assertThat(output, sample.exitValue(), is(0));
    } finally {
      sample.destroyForcibly();
      sample.waitFor(10, TimeUnit.SECONDS);
    }
    assertThat(output, containsString("model loads:           1 (all-MiniLM-L6-v2)"));
    assertThat(output, containsString("sentences:             " + LINES));
    assertThat("ONNX Runtime's native warnings", output, not(containsString("[W:onnxruntime")));
    assertThat(output, not(containsString("WARN io.github.beamshared")));

    List<String> embeddings = Files.readAllLines(dir.resolve("embeddings.tsv"), UTF_8);
    assertThat(embeddings, hasSize(LINES));
    try (MiniLmEmbedder model = MiniLmEmbedder.load(EmbedOptions.sampleDirectory(), 0)) {
      for (String embedding : embeddings) {
        String[] textAndVector = embedding.split("\t");
        String[] values = textAndVector[1].split(" ");
        float[] expected = model.embed(textAndVector[0]);
        assertThat(values.length, is(expected.length));
        for (int i = 0; i < values.length; i++) {
          assertThat(textAndVector[0], Double.parseDouble(values[i]), closeTo(expected[i], 1e-5));
        }
      }
    }
  }

  private static List<String> corpusLines() throws Exception {
    try (InputStream corpus = EmbedOptions.class.getResourceAsStream("corpus.txt")) {
      return new String(corpus.readAllBytes(), UTF_8).lines().toList();
    }
  }
}
