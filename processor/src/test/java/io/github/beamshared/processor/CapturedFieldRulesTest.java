package io.github.beamshared.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static io.github.beamshared.processor.Compilations.assertCompilesCleanly;
import static io.github.beamshared.processor.Compilations.assertErrorOn;
import static io.github.beamshared.processor.Compilations.assertOnlyErrorOn;

import com.google.testing.compile.Compilation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * What Beam serializes with the DoFn: {@code [SharedCapturedNotSerializable]} for a field that
 * cannot be serialized, {@code [SharedDoFnCapturesOuter]} for an inner DoFn whose enclosing
 * instance cannot, and {@code [SharedFieldNotTransient]} for a shared field Beam would serialize.
 */
class CapturedFieldRulesTest {

  /** org.slf4j.Logger is on the test class path through beam-sdks-java-core. */
  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
      Model                                       | a class that does not implement Serializable
      Object                                      | a class that does not implement Serializable
      java.util.function.Function<String, String> | a functional interface that does not extend
      java.util.function.Supplier<String>         | a functional interface that does not extend
      Runnable                                    | a functional interface that does not extend
      Thread                                      | a thread (java.lang.Thread)
      java.util.concurrent.locks.ReentrantLock    | a lock (java.util.concurrent.locks.Lock)
      java.util.concurrent.locks.Lock             | a lock (java.util.concurrent.locks.Lock)
      java.util.concurrent.ExecutorService        | an executor (java.util.concurrent.Executor)
      java.net.Socket                             | a socket (java.net.Socket)
      java.io.InputStream                         | a stream (java.io.InputStream)
      java.sql.Connection                         | a JDBC connection (java.sql.Connection)
      org.slf4j.Logger                            | a logger (org.slf4j.Logger)
      java.util.logging.Logger                    | a logger (java.util.logging.Logger)
      System.Logger                               | a logger (java.lang.System.Logger)
      Thread[]                                    | an array of java.lang.Thread, a thread
      Model[][]                                   | an array of test.Model[], an array of test.Model
      """)
  void fieldThatCannotBeSerializedIsReportedOnTheField(String type, String problem) {
    TestSource source = TestSource.embedFn("EmbedFn", "  " + type + " captured;");
    Compilation compilation =
        assertOnlyErrorOn(
            source, " captured;", "[SharedCapturedNotSerializable] EmbedFn.captured has type ");
    assertErrorOn(compilation, source, " captured;", ", which is " + problem);
    assertErrorOn(
        compilation,
        source,
        " captured;",
        ", so Beam cannot serialize EmbedFn with"
            + " it. Declare the field transient and create its value in @Setup, make it static, or"
            + " give it a Serializable type.");
  }

  @Test
  void functionalInterfaceMessageSaysWhy() {
    assertOnlyErrorOn(
        TestSource.embedFn("EmbedFn", "  Runnable callback;"),
        "callback",
        "[SharedCapturedNotSerializable] EmbedFn.callback has type java.lang.Runnable, which is a"
            + " functional interface that does not extend Serializable (a lambda stored in it does"
            + " not serialize), so Beam cannot serialize EmbedFn with it.");
  }

  @Test
  void fieldsThatSerializeOrAreNotSerializedAreAccepted() {
    assertCompilesCleanly(
        TestSource.embedFn(
            "EmbedFn",
            "  java.util.List<String> names;",
            "  java.util.Map<String, Model> models;",
            "  static Thread worker;",
            "  transient Thread ownWorker;",
            "  transient java.util.function.Function<String, String> function;",
            "  String name;",
            "  int count;",
            "  int[] counts;",
            "  java.time.Duration timeout;",
            "  java.util.concurrent.TimeUnit unit;",
            "  Comparable<String> key;",
            "  Iterable<String> words;",
            "  org.apache.beam.sdk.transforms.SerializableFunction<String, String> parse;"));
  }

  @Test
  void ownInterfaceWithOneAbstractMethodCountsAsFunctionalEvenWithoutTheAnnotation() {
    TestSource source =
        TestSource.embedFn(
            "EmbedFn",
            "  interface Scorer { double score(String text); default int rank() { return 0; } }",
            "  Scorer scorer;");
    assertOnlyErrorOn(
        source,
        "Scorer scorer;",
        "[SharedCapturedNotSerializable] EmbedFn.scorer has type test.EmbedFn.Scorer, which is a"
            + " functional interface that does not extend Serializable");
  }

  @Test
  void fieldInheritedFromAnAbstractBaseIsReportedOnTheDoFn() {
    TestSource base =
        TestSource.declaredAs(
            "abstract class BaseFn extends DoFn<String, String> {", "BaseFn", "  Thread worker;");
    TestSource dofn =
        TestSource.declaredAs(
            "abstract class EmbedFn extends BaseFn {",
            "EmbedFn",
            TestSource.sharedFieldAndFactory());
    assertOnlyErrorOn(
        dofn,
        "class EmbedFn",
        "[SharedCapturedNotSerializable] Inherited field"
            + " BaseFn.worker has type java.lang.Thread, which is a thread (java.lang.Thread), so Beam"
            + " cannot serialize EmbedFn with it.",
        base);
  }

  @Test
  void sharedFieldThatIsNotTransientIsReportedOnceOnTheField() {
    TestSource source =
        TestSource.dofn(
            "EmbedFn",
            "  @Shared(tag = \"model\", threadSafe = true)",
            "  Model model;",
            "  Model loadModel() { return null; }");
    assertOnlyErrorOn(
        source,
        "Model model;",
        "[SharedFieldNotTransient] EmbedFn.model is not"
            + " transient, so Beam would serialize the resource with the DoFn. Declare it transient;"
            + " the generated @Setup fills it on the worker.");
  }

  @Test
  void innerDoFnOfAClassThatIsNotSerializableIsReportedOnTheDoFn() {
    TestSource source = outerWithInnerEmbedFn("class Outer {");
    assertOnlyErrorOn(
        source,
        "class EmbedFn",
        "[SharedDoFnCapturesOuter] EmbedFn is an inner"
            + " class, so every instance captures the enclosing Outer, which is not Serializable and"
            + " would fail when Beam serializes the DoFn. Make EmbedFn static.");
  }

  @Test
  void innerDoFnOfASerializableClassIsAccepted() {
    Compilation compilation =
        assertCompilesCleanly(
            outerWithInnerEmbedFn("class Outer implements java.io.Serializable {"));
    assertThat(compilation)
        .generatedSourceFile("test.Outer_EmbedFn_Shared")
        .contentsAsUtf8String()
        .contains("outer.super();");
  }

  private static TestSource outerWithInnerEmbedFn(String outerDeclaration) {
    return TestSource.declaredAs(
        outerDeclaration,
        "Outer",
        "  abstract class EmbedFn extends DoFn<String, String> {",
        "    @Shared(tag = \"embedder\") transient Embedder embedder;",
        "    Embedder loadEmbedder() { return null; }",
        "  }");
  }
}
