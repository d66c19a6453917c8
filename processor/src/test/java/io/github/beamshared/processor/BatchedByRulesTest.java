package io.github.beamshared.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static io.github.beamshared.processor.Compilations.assertCompilesCleanly;
import static io.github.beamshared.processor.Compilations.assertErrorAt;
import static io.github.beamshared.processor.Compilations.compile;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A {@code @BatchedBy} method pairs with a batch method of its interface, or is reported. */
class BatchedByRulesTest {

  private static final String BATCHED = "  @BatchedBy(\"embedAll\") float[] embed(String text);";

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
      java.util.List<float[]> embedAll(java.util.Set<String> texts);        | embedAll(java.util.Set) takes java.util.Set<java.lang.String> as parameter 1, which cannot be given a java.util.List<java.lang.String>
      java.util.List<float[]> embedAll(java.util.List<String> t, int n);    | embedAll(java.util.List,int) takes 2 parameter(s), not 1
      java.util.List<float[]> embedAll(java.util.List<Integer> texts);      | embedAll(java.util.List) takes java.util.List<java.lang.Integer> as parameter 1, which cannot be given a java.util.List<java.lang.String>
      float[] embedAll(java.util.List<String> texts);                       | embedAll(java.util.List) returns float[], not a list of float[]
      void embedAll(java.util.List<String> texts);                          | embedAll(java.util.List) returns void, not a list of float[]
      java.util.List<String> embedAll(java.util.List<String> texts);        | embedAll(java.util.List) returns java.util.List<java.lang.String>, not a list of float[]
      <T> java.util.List<float[]> embedAll(java.util.List<String> texts);   | embedAll(java.util.List) declares type variables
      """)
  void aBatchMethodThatDoesNotPairIsReportedOnTheAnnotationValue(String batch, String problem) {
    TestSource embedder = embedder(BATCHED, "  " + batch);
    Compilation compilation = compile(embedder);
    assertErrorAt(
        compilation,
        embedder,
        "\"embedAll\"",
        "[SharedBatchSignature]"
            + " BatchedEmbedder.embed(java.lang.String) is @BatchedBy(\"embedAll\"), but "
            + problem
            + ". A batch method takes a List of each parameter and returns a List of results, one"
            + " per call. Declare it as: java.util.List<float[]> embedAll("
            + "java.util.List<java.lang.String> text)");
    assertThat(compilation).hadErrorCount(1);
  }

  @Test
  void aMissingBatchMethodIsReportedWithTheSignatureToDeclare() {
    TestSource embedder = embedder(BATCHED);
    Compilation compilation = compile(embedder);
    assertErrorAt(
        compilation,
        embedder,
        "\"embedAll\"",
        "[SharedBatchMethodMissing]"
            + " BatchedEmbedder.embed(java.lang.String) is @BatchedBy(\"embedAll\"), but"
            + " BatchedEmbedder has no other method named embedAll. Declare it as:"
            + " java.util.List<float[]> embedAll(java.util.List<java.lang.String> text)");
    assertThat(compilation).hadErrorCount(1);
  }

  @Test
  void aMethodWithoutParametersCannotBeBatched() {
    TestSource embedder =
        embedder(
            "  @BatchedBy(\"dimensions\") int dimension();",
            "  java.util.List<Integer> dimensions();");
    Compilation compilation = compile(embedder);
    assertErrorAt(
        compilation,
        embedder,
        "\"dimensions\"",
        "[SharedBatchSignature]"
            + " BatchedEmbedder.dimension() is @BatchedBy(\"dimensions\"), but it takes no"
            + " parameters, so all its calls are alike and a batch could not tell them apart."
            + " Remove @BatchedBy.");
  }

  @Test
  void aGenericMethodCannotBeBatched() {
    TestSource embedder =
        embedder(
            "  @BatchedBy(\"echoAll\") <T> T echo(T value);",
            "  <T> java.util.List<T> echoAll(java.util.List<T> values);");
    Compilation compilation = compile(embedder);
    assertErrorAt(
        compilation,
        embedder,
        "\"echoAll\"",
        "[SharedBatchSignature]"
            + " BatchedEmbedder.echo(java.lang.Object) is @BatchedBy(\"echoAll\"), but it declares"
            + " type variables, so the calls of one batch may have different types.");
  }

  @Test
  void twoBatchMethodsThatBothPairAreReported() {
    TestSource embedder =
        embedder(
            BATCHED,
            "  java.util.List<float[]> embedAll(java.util.List<String> texts);",
            "  java.util.List<float[]> embedAll(java.util.Collection<String> texts);");
    Compilation compilation = compile(embedder);
    assertErrorAt(
        compilation,
        embedder,
        "\"embedAll\"",
        "[SharedBatchSignature]"
            + " BatchedEmbedder.embed(java.lang.String) is @BatchedBy(\"embedAll\"), but several"
            + " methods named embedAll pair with it: embedAll(java.util.Collection),"
            + " embedAll(java.util.List). Keep one, or name another in @BatchedBy.");
  }

  @Test
  void whenNoOverloadPairsEachIsNamed() {
    TestSource embedder =
        embedder(
            BATCHED,
            "  float[] embedAll(String[] texts);",
            "  float[] embedAll(java.util.Set<String> texts);");
    Compilation compilation = compile(embedder);
    assertErrorAt(
        compilation,
        embedder,
        "\"embedAll\"",
        "[SharedBatchSignature]"
            + " BatchedEmbedder.embed(java.lang.String) is @BatchedBy(\"embedAll\"), but none of"
            + " embedAll(java.lang.String[]), embedAll(java.util.Set) takes a List of each parameter"
            + " and returns a List of results.");
  }

  @Test
  void aCheckedExceptionTheMethodDoesNotDeclareIsReported() {
    TestSource embedder =
        embedder(
            BATCHED,
            "  java.util.List<float[]> embedAll(java.util.List<String> texts)"
                + " throws java.io.IOException;");
    Compilation compilation = compile(embedder);
    assertErrorAt(
        compilation,
        embedder,
        "\"embedAll\"",
        "[SharedBatchExceptions]"
            + " BatchedEmbedder.embed(java.lang.String) is @BatchedBy(\"embedAll\"), but"
            + " embedAll(java.util.List) throws java.io.IOException, which embed does not declare."
            + " Every caller of a batch gets what the batch threw: declare java.io.IOException on"
            + " embed, or catch it in embedAll.");
    assertThat(compilation).hadErrorCount(1);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
      maxBatchSize = 0       | maxBatchSize = 0, but a batch takes at least one call. Set 1 to run each call alone, or more.
      maxWaitMicros = -5     | maxWaitMicros = -5 is negative. Set 0 to batch only the calls already waiting
      concurrentBatches = -1 | concurrentBatches = -1 is negative. Set how many batches of a thread-safe resource may run at once, or 0 for one per processor.
      """)
  void impossibleSettingsAreReportedOnTheirValue(String setting, String problem) {
    TestSource embedder =
        embedder(
            "  @BatchedBy(value = \"embedAll\", " + setting + ") float[] embed(String text);",
            "  java.util.List<float[]> embedAll(java.util.List<String> texts);");
    Compilation compilation = compile(embedder);
    String value = setting.substring(setting.indexOf('=') + 2);
    assertErrorAt(
        compilation,
        embedder,
        value + ")",
        "[SharedBatchSettings] BatchedEmbedder.embed(java.lang.String): " + problem);
    assertThat(compilation).hadErrorCount(1);
  }

  @Test
  void batchedByOnAClassMethodIsReported() {
    TestSource model =
        TestSource.inTestPackage(
            "BatchedModel",
            "import io.github.beamshared.BatchedBy;",
            "public class BatchedModel {",
            "  @BatchedBy(\"embedAll\") public float[] embed(String text) { return null; }",
            "  public java.util.List<float[]> embedAll(java.util.List<String> t) { return null; }",
            "}");
    Compilation compilation = compile(model);
    assertErrorAt(
        compilation,
        model,
        "@BatchedBy",
        "[SharedBatchPlacement]"
            + " BatchedModel.embed(java.lang.String) is a method of a class, not of an interface."
            + " Only the calls of a shared interface's abstract or default methods reach the"
            + " generated wrapper that batches them: put @BatchedBy on such a method.");
  }

  @Test
  void batchedByOnAStaticInterfaceMethodIsReported() {
    TestSource embedder =
        embedder(
            "  @BatchedBy(\"embedAll\") static float[] embed(String text) { return null; }",
            "  java.util.List<float[]> embedAll(java.util.List<String> texts);");
    assertErrorAt(
        compile(embedder),
        embedder,
        "@BatchedBy",
        "[SharedBatchPlacement]" + " BatchedEmbedder.embed(java.lang.String) is static.");
  }

  @Test
  void everyPairingTheGeneratedCodeCanCallIsAccepted() {
    assertCompilesCleanly(
        embedder(
            "  @BatchedBy(\"embedAll\") float[] embed(String text) throws java.io.IOException;",
            "  java.util.ArrayList<float[]> embedAll(java.util.Collection<? extends CharSequence> t)"
                + " throws java.io.FileNotFoundException, IllegalStateException;",
            "  @BatchedBy(value = \"countAll\", maxBatchSize = 1, maxWaitMicros = 0,"
                + " concurrentBatches = 2)",
            "  int count(String text, long limit);",
            "  java.util.List<Integer> countAll(java.util.List<String> texts, Iterable<Long> limits);",
            "  @BatchedBy(\"indexAll\") void index(String document) throws Exception;",
            "  void indexAll(java.util.List<String> documents) throws java.io.IOException;",
            "  @BatchedBy(\"scoreAll\") default double score(String text) { return 0; }",
            "  java.util.List<Double> scoreAll(java.util.List<String> texts);",
            "  java.util.List<Double> scoreAll(java.util.Set<String> texts);"));
  }

  @Test
  void aGenericInterfacePairsWithItsTypeVariables() {
    assertCompilesCleanly(
        TestSource.inTestPackage(
            "Cache",
            "import io.github.beamshared.BatchedBy;",
            "public interface Cache<K, V> {",
            "  @BatchedBy(\"getAll\") V get(K key);",
            "  java.util.List<V> getAll(java.util.List<K> keys);",
            "}"));
  }

  @Test
  void anInterfaceCompiledElsewhereIsReportedOnTheFieldUsingIt(@TempDir Path classes)
      throws IOException {
    TestSource embedder =
        embedder(BATCHED, "  java.util.List<float[]> embedAll(java.util.Set<String> texts);");
    Compilation library = Compiler.javac().compile(embedder.file());
    for (JavaFileObject file : library.generatedFiles()) {
      if (file.getKind() == JavaFileObject.Kind.CLASS) {
        Path target = classes.resolve("test").resolve(Path.of(file.getName()).getFileName());
        Files.createDirectories(target.getParent());
        try (InputStream in = file.openInputStream()) {
          Files.copy(in, target);
        }
      }
    }
    List<File> classPath = new ArrayList<>(List.of(classes.toFile()));
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      classPath.add(new File(entry));
    }
    TestSource dofn =
        TestSource.dofn(
            "BatchFn",
            "  @Shared(tag = \"batched\", threadSafe = true)",
            "  transient BatchedEmbedder embedder;",
            "  BatchedEmbedder loadEmbedder() { return null; }");

    Compilation compilation =
        Compiler.javac()
            .withProcessors(new SharedProcessor())
            .withClasspath(classPath)
            .compile(dofn.file());

    Compilations.assertErrorOn(
        compilation,
        dofn,
        "@Shared(tag = \"batched\"",
        "[SharedBatchSignature] BatchedEmbedder.embed(java.lang.String) is"
            + " @BatchedBy(\"embedAll\"), but embedAll(java.util.Set) takes");
    assertThat(compilation).hadErrorContaining("(BatchFn.embedder has this interface.)");
    assertThat(compilation).hadErrorCount(1);
  }

  @Test
  void anInvalidPairingInAFieldsInterfaceIsReportedOnce() {
    TestSource embedder =
        embedder(BATCHED, "  java.util.List<float[]> embedAll(java.util.Set<String> texts);");
    Compilation compilation =
        compile(
            embedder,
            TestSource.dofn(
                "BatchFn",
                "  @Shared(tag = \"batched\")",
                "  transient BatchedEmbedder embedder;",
                "  BatchedEmbedder loadEmbedder() { return null; }"));
    assertThat(compilation).hadErrorCount(1);
  }

  /** An interface {@code BatchedEmbedder} with {@code methods}, importing {@code BatchedBy}. */
  private static TestSource embedder(String... methods) {
    List<String> lines =
        new ArrayList<>(
            List.of(
                "import io.github.beamshared.BatchedBy;", "public interface BatchedEmbedder {"));
    lines.addAll(List.of(methods));
    lines.add("}");
    return TestSource.inTestPackage("BatchedEmbedder", lines.toArray(String[]::new));
  }
}
