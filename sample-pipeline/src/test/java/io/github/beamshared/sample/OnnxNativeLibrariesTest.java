package io.github.beamshared.sample;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;

import ai.onnxruntime.OrtEnvironment;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A JVM that runs the real model leaves nothing of ONNX Runtime in java.io.tmpdir. */
@Timeout(120)
class OnnxNativeLibrariesTest {

  @Test
  void aJvmEmbeddingWithOnnxRuntimeLeavesNoDirectoryInTmp(@TempDir Path tmp) throws Exception {
    Path log = tmp.resolve("child.log");
    Process child =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m",
                "-Djava.io.tmpdir=" + tmp,
                "-cp",
                System.getProperty(
                    "surefire.test.class.path", System.getProperty("java.class.path")),
                OnnxNativeLibrariesTest.class.getName())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    try {
      assertThat("the child JVM finished", child.waitFor(90, TimeUnit.SECONDS), is(true));
      String output = Files.readString(log, StandardCharsets.UTF_8);
      assertThat(output, child.exitValue(), is(0));
      assertThat(
          "nothing else printed: no warning of ONNX Runtime's or ours",
          output.strip(),
          is("embedded: 384 floats"));
    } finally {
      child.destroyForcibly();
      child.waitFor(10, TimeUnit.SECONDS);
    }
    assertThat(entries(tmp, "onnxruntime-java"), is(empty()));
    // The child's EmbedOptions.sampleDirectory(): the libraries' one copy, kept for the next JVM.
    Path sampleDirectory = tmp.resolve("beam-shared-sample");
    List<String> copies = entries(sampleDirectory, "onnxruntime-" + ortVersion() + "-");
    assertThat(copies, hasSize(1));
    assertThat(
        entries(sampleDirectory.resolve(copies.get(0)), ""),
        containsInAnyOrder(
            System.mapLibraryName("onnxruntime"), System.mapLibraryName("onnxruntime4j_jni")));
  }

  /** The child: loads the model as the sample does and embeds one sentence. */
  public static void main(String[] args) throws Exception {
    try (MiniLmEmbedder embedder = MiniLmEmbedder.load(EmbedOptions.sampleDirectory(), 0)) {
      System.out.println("embedded: " + embedder.embed("A man is eating food.").length + " floats");
    }
  }

  private static String ortVersion() {
    return OrtEnvironment.class.getPackage().getImplementationVersion();
  }

  private static List<String> entries(Path directory, String prefix) throws IOException {
    try (Stream<Path> files = Files.list(directory)) {
      return files
          .map(file -> file.getFileName().toString())
          .filter(name -> name.startsWith(prefix))
          .toList();
    }
  }
}
