package io.github.beamshared.processor;

import com.google.testing.compile.JavaFileObjects;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import javax.tools.JavaFileObject;

/**
 * A Java source for a test compilation, with its lines kept so that a test finds the line (and
 * column) it expects a diagnostic on by a unique piece of text rather than by counting.
 *
 * <p>Sources in package {@code test} start with the seven lines of {@link #HEADER}, so the
 * declaration of a {@link #dofn} is on line 8 and its body starts on line 9.
 */
record TestSource(String qualifiedName, List<String> lines) {

  /** Package and imports of every source in package {@code test}. */
  static final List<String> HEADER =
      List.of(
          "package test;",
          "",
          "import io.github.beamshared.MultiProcessShared;",
          "import io.github.beamshared.Shared;",
          "import org.apache.beam.sdk.options.PipelineOptions;",
          "import org.apache.beam.sdk.transforms.DoFn;",
          "");

  /** The tests' usual shared field: an interface, guarded, loaded by {@link #LOAD_EMBEDDER}. */
  static final List<String> EMBEDDER =
      List.of("  @Shared(tag = \"embedder\")", "  transient Embedder embedder;");

  static final String LOAD_EMBEDDER = "  Embedder loadEmbedder() { return null; }";

  /**
   * Support types every compilation gets: {@code Embedder}, an interface with every closing method;
   * {@code Model}, a class that is not Serializable.
   */
  static final List<TestSource> SUPPORT =
      List.of(
          inTestPackage(
              "Embedder",
              "public interface Embedder extends AutoCloseable {",
              "  float[] embed(String text);",
              "  @Override void close();",
              "  void shutdown();",
              "  void shutdownNow();",
              "  void destroy();",
              "  void dispose();",
              "}"),
          inTestPackage(
              "Model",
              "public class Model {",
              "  public float[] embed(String text) { return new float[0]; }",
              "  public void close() {}",
              "}"));

  /** {@link #HEADER}, then {@code lines}: a top-level type {@code simpleName} in package test. */
  static TestSource inTestPackage(String simpleName, String... lines) {
    return new TestSource("test." + simpleName, concat(HEADER, Arrays.asList(lines)));
  }

  /** {@code abstract class name extends DoFn<String, String>} around {@code body}. */
  static TestSource dofn(String name, String... body) {
    return declaredAs("abstract class " + name + " extends DoFn<String, String> {", name, body);
  }

  /** {@link #dofn} with {@link #EMBEDDER}, {@link #LOAD_EMBEDDER}, then {@code more}. */
  static TestSource embedFn(String name, String... more) {
    return dofn(name, sharedFieldAndFactory(more));
  }

  /** {@link #EMBEDDER}, then {@code more}: a class body whose factory is up to the test. */
  static String[] sharedField(String... more) {
    return concat(EMBEDDER, List.of(more)).toArray(String[]::new);
  }

  /** {@link #EMBEDDER}, {@link #LOAD_EMBEDDER}, then {@code more}: a valid class body. */
  static String[] sharedFieldAndFactory(String... more) {
    return sharedField(concat(List.of(LOAD_EMBEDDER), List.of(more)).toArray(String[]::new));
  }

  /** A shared field {@code Model model} under {@code annotation}, and its factory. */
  static String[] modelField(String annotation) {
    return new String[] {
      "  " + annotation, "  transient Model model;", "  Model loadModel() { return null; }"
    };
  }

  /** {@code public abstract class BaseFn extends DoFn<String, String>} in package other. */
  static TestSource baseInOtherPackage(String... body) {
    return new TestSource(
        "other.BaseFn",
        concat(
            List.of("package other;", "", "import org.apache.beam.sdk.transforms.DoFn;", ""),
            type("public abstract class BaseFn extends DoFn<String, String> {", body)));
  }

  /** A top-level type {@code name} in package test, declared by {@code declaration}. */
  static TestSource declaredAs(String declaration, String name, String... body) {
    return inTestPackage(name, type(declaration, body).toArray(String[]::new));
  }

  private static List<String> type(String declaration, String... body) {
    return concat(List.of(declaration), concat(Arrays.asList(body), List.of("}")));
  }

  private static List<String> concat(List<String> first, List<String> second) {
    List<String> all = new ArrayList<>(first);
    all.addAll(second);
    return List.copyOf(all);
  }

  JavaFileObject file() {
    return JavaFileObjects.forSourceLines(qualifiedName, lines);
  }

  /** The 1-based number of the only line containing {@code text}. */
  long lineOf(String text) {
    int[] matches =
        IntStream.range(0, lines.size()).filter(i -> lines.get(i).contains(text)).toArray();
    if (matches.length != 1) {
      throw new IllegalArgumentException(
          matches.length + " lines of " + qualifiedName + " contain \"" + text + "\"");
    }
    return matches[0] + 1;
  }

  /** The 1-based column where {@code text} starts on the only line containing it. */
  long columnOf(String text) {
    return lines.get((int) lineOf(text) - 1).indexOf(text) + 1;
  }
}
