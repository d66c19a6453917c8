package io.github.beamshared.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static io.github.beamshared.processor.Compilations.assertCompilesCleanly;
import static io.github.beamshared.processor.Compilations.assertErrorAt;
import static io.github.beamshared.processor.Compilations.assertOnlyErrorOn;

import com.google.testing.compile.Compilation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The factory of a shared field: {@code load<Field>} or {@code factory = "..."}, one non-private
 * method of the DoFn (declared or inherited) taking nothing or one PipelineOptions and returning
 * the field's type. A bad factory the DoFn declares is reported on the method; one it inherits, or
 * one that is missing, on the field's annotation.
 */
class FactoryRulesTest {

  @Test
  void missingFactoryIsReportedOnTheAnnotation() {
    TestSource source = TestSource.dofn("EmbedFn", TestSource.sharedField());
    assertOnlyErrorOn(
        source,
        "@Shared",
        "[SharedFactoryMissing] EmbedFn has no method"
            + " loadEmbedder() to create EmbedFn.embedder. Add `test.Embedder loadEmbedder()` (it may"
            + " take PipelineOptions and throw), or name another method with factory = \"...\".");
  }

  @Test
  void missingExplicitFactoryIsReportedOnTheFactoryValue() {
    TestSource source =
        TestSource.dofn(
            "EmbedFn",
            "  @Shared(tag = \"embedder\", factory = \"make\")",
            "  transient Embedder embedder;",
            TestSource.LOAD_EMBEDDER);
    Compilation compilation =
        assertOnlyErrorOn(
            source,
            "@Shared",
            "[SharedFactoryMissing] EmbedFn has no method make() to create EmbedFn.embedder.");
    assertErrorAt(compilation, source, "\"make\"", "[SharedFactoryMissing]");
  }

  @Test
  void explicitFactoryTakingOptionsIsCalledWithThem() {
    Compilation compilation =
        assertCompilesCleanly(
            TestSource.dofn(
                "EmbedFn",
                "  @Shared(tag = \"embedder\", factory = \"make\")",
                "  transient Embedder embedder;",
                "  Embedder make(PipelineOptions options) throws java.io.IOException { return null; }"));
    assertThat(compilation)
        .generatedSourceFile("test.EmbedFn_Shared")
        .contentsAsUtf8String()
        .contains("return make(options);");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "Embedder create() { return null; }                         | EmbedFn_Shared.this.create()",
        "static Embedder create(PipelineOptions o) { return null; }| EmbedFn_Shared.create(options)"
      })
  void factoryNamedLikeTheMethodOfTheGeneratedFactoryIsCalledQualified(
      String factory, String call) {
    Compilation compilation =
        assertCompilesCleanly(
            TestSource.dofn(
                "EmbedFn",
                "  @MultiProcessShared(tag = \"embedder\", factory = \"create\")",
                "  transient Embedder embedder;",
                "  " + factory));
    assertThat(compilation)
        .generatedSourceFile("test.EmbedFn_Shared")
        .contentsAsUtf8String()
        .contains("public Embedder create() throws Exception {\n" + "      return " + call + ";");
  }

  @Test
  void overloadedFactoryIsReportedOnTheAnnotation() {
    TestSource source =
        TestSource.embedFn(
            "EmbedFn", "  Embedder loadEmbedder(PipelineOptions options) { return null; }");
    assertOnlyErrorOn(
        source,
        "@Shared",
        "[SharedFactoryAmbiguous] EmbedFn has 2 methods named"
            + " loadEmbedder, the factory of EmbedFn.embedder. Keep one, or name another method with"
            + " factory = \"...\".");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
      private Embedder loadEmbedder()        | [SharedFactoryPrivate] loadEmbedder() is private, \
      but the generated subclass calls it to create EmbedFn.embedder. Make it package-private \
      or wider.
      String loadEmbedder()                  | [SharedFactoryReturnType] loadEmbedder() returns \
      java.lang.String, which cannot be assigned to EmbedFn.embedder of type test.Embedder.
      Model loadEmbedder()                   | [SharedFactoryReturnType] loadEmbedder() returns \
      test.Model, which cannot be assigned
      void loadEmbedder()                    | [SharedFactoryReturnType] loadEmbedder() returns \
      void, which cannot be assigned
      Embedder loadEmbedder(String path)     | [SharedFactoryParameters] loadEmbedder(...), the \
      factory of EmbedFn.embedder, must take no parameter or one PipelineOptions.
      Embedder loadEmbedder(PipelineOptions options, String path) | [SharedFactoryParameters] \
      loadEmbedder(...), the factory of EmbedFn.embedder, must take no parameter
      """)
  void badFactoryOfTheDoFnIsReportedOnTheMethod(String signature, String message) {
    TestSource source =
        TestSource.dofn(
            "EmbedFn",
            TestSource.sharedField(
                "  " + signature + " {", "    throw new UnsupportedOperationException();", "  }"));
    assertOnlyErrorOn(source, signature, message);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
      private Embedder loadEmbedder() | [SharedFactoryPrivate] loadEmbedder() is private, but the \
      generated subclass calls it to create EmbedFn.embedder.
      String loadEmbedder()           | [SharedFactoryReturnType] loadEmbedder() returns \
      java.lang.String, which cannot be assigned to EmbedFn.embedder of type test.Embedder.
      """)
  void badFactoryInheritedFromABaseIsReportedOnTheAnnotation(String signature, String message) {
    TestSource base =
        TestSource.declaredAs(
            "abstract class BaseFn extends DoFn<String, String> {",
            "BaseFn",
            "  " + signature + " { return null; }");
    TestSource dofn =
        TestSource.declaredAs(
            "abstract class EmbedFn extends BaseFn {", "EmbedFn", TestSource.sharedField());
    assertOnlyErrorOn(dofn, "@Shared", message, base);
  }

  @Test
  void factoryPackagePrivateInAnotherPackageIsReportedOnTheAnnotation() {
    TestSource base =
        TestSource.baseInOtherPackage("  test.Embedder loadEmbedder() { return null; }");
    TestSource dofn =
        TestSource.declaredAs(
            "abstract class EmbedFn extends other.BaseFn {", "EmbedFn", TestSource.sharedField());
    assertOnlyErrorOn(
        dofn,
        "@Shared",
        "[SharedFactoryPrivate] loadEmbedder() is package-private"
            + " in another package, so the generated subclass cannot call it to create"
            + " EmbedFn.embedder. Make it protected or public.",
        base);
  }
}
