package io.github.beamshared.benchmarks.compile;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The module the compile benchmark builds: {@code n} DoFns, each with one shared model field of its
 * own interface type; even-numbered ones use {@code @Shared}, odd-numbered ones
 * {@code @MultiProcessShared}. The sources are fixtures, written from the templates below so that a
 * reader sees exactly what is compiled.
 */
final class DoFnSources {

  static final String PACKAGE = "bench.dofns";

  private static final String MODEL =
      """
      package %1$s;

      /** The stand-in model of Fn%2$d. */
      public interface Model%2$d {
        String label(String text);

        double score(String text);

        int[] tokens(String text);

        static Model%2$d create() {
          return new Model%2$d() {
            @Override
            public String label(String text) {
              return text.isEmpty() ? "empty" : "text-%2$d";
            }

            @Override
            public double score(String text) {
              return text.length() * %2$d.5;
            }

            @Override
            public int[] tokens(String text) {
              return text.chars().toArray();
            }
          };
        }
      }
      """;

  private static final String DO_FN =
      """
      package %1$s;

      import io.github.beamshared.%3$s;
      import org.apache.beam.sdk.transforms.DoFn;

      /** Labels and scores each text with the one Model%2$d it shares. */
      public abstract class Fn%2$d extends DoFn<String, String> {

        @%3$s(tag = "bench-model-%2$d")
        transient Model%2$d model;

        Model%2$d loadModel() {
          return Model%2$d.create();
        }

        @ProcessElement
        public void process(@Element String text, OutputReceiver<String> out) {
          out.output(model.label(text) + " " + model.score(text) + " " + model.tokens(text).length);
        }
      }
      """;

  private DoFnSources() {}

  /** Writes the {@code 2 * n} source files under {@code root} and returns them. */
  static List<Path> write(Path root, int n) throws IOException {
    Path dir = root.resolve(PACKAGE.replace('.', '/'));
    Files.createDirectories(dir);
    List<Path> files = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      String annotation = i % 2 == 0 ? "Shared" : "MultiProcessShared";
      files.add(
          Files.writeString(
              dir.resolve("Model" + i + ".java"),
              MODEL.formatted(PACKAGE, i),
              StandardCharsets.UTF_8));
      files.add(
          Files.writeString(
              dir.resolve("Fn" + i + ".java"),
              DO_FN.formatted(PACKAGE, i, annotation),
              StandardCharsets.UTF_8));
    }
    return files;
  }
}
