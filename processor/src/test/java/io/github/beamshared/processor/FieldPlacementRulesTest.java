package io.github.beamshared.processor;

import static io.github.beamshared.processor.Compilations.assertErrorAt;
import static io.github.beamshared.processor.Compilations.assertOnlyErrorOn;

import com.google.testing.compile.Compilation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Rules for an annotated field on its own: its modifiers, its class, its type, and its annotations.
 * Sources put the annotation on the line above the field, so a test tells an error on the field
 * ({@code "Embedder embedder"}) from one on the annotation ({@code "@Shared"}).
 */
class FieldPlacementRulesTest {

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
      private transient Embedder embedder;      | [SharedFieldPrivate] EmbedFn.embedder is \
      private, so the generated subclass cannot set it. Make it package-private or protected.
      final transient Embedder embedder = null; | [SharedFieldFinal] EmbedFn.embedder is final, \
      but the generated @Setup assigns it. Remove final.
      static Embedder embedder;                 | [SharedFieldStatic] EmbedFn.embedder is \
      static. Remove static
      Embedder embedder;                        | [SharedFieldNotTransient] EmbedFn.embedder is \
      not transient, so Beam would serialize the resource with the DoFn.
      """)
  void modifierThatKeepsTheFieldFromBeingSetIsReportedOnTheField(
      String declaration, String message) {
    TestSource source =
        TestSource.dofn(
            "EmbedFn",
            "  @Shared(tag = \"embedder\")",
            "  " + declaration,
            TestSource.LOAD_EMBEDDER);
    assertOnlyErrorOn(source, "Embedder embedder", message);
  }

  @Test
  void fieldOutsideADoFnIsReportedOnTheAnnotation() {
    TestSource source =
        TestSource.declaredAs("class Holder {", "Holder", TestSource.sharedFieldAndFactory());
    assertOnlyErrorOn(
        source,
        "@Shared",
        "[SharedFieldOutsideDoFn] Holder.embedder is declared in"
            + " test.Holder, which is not a DoFn. Put shared fields in an abstract DoFn");
  }

  @Test
  void bothAnnotationsOnOneFieldAreReportedOnce() {
    TestSource source =
        TestSource.dofn(
            "EmbedFn",
            "  @Shared(tag = \"embedder\")",
            "  @MultiProcessShared(tag = \"embedder\")",
            "  transient Embedder embedder;",
            TestSource.LOAD_EMBEDDER);
    assertOnlyErrorOn(
        source,
        "@Shared",
        "[SharedTwoAnnotations] EmbedFn.embedder has both"
            + " @Shared and @MultiProcessShared. Keep one");
  }

  @Test
  void primitiveFieldIsReportedOnTheField() {
    TestSource source =
        TestSource.dofn(
            "EmbedFn",
            "  @Shared(tag = \"count\", threadSafe = true)",
            "  transient int count;",
            "  int loadCount() { return 1; }");
    assertOnlyErrorOn(
        source,
        "int count;",
        "[SharedFieldType] EmbedFn.count has type int. A"
            + " shared field needs a class or interface type");
  }

  @Test
  void typeVariableFieldIsReportedOnTheField() {
    TestSource source =
        TestSource.declaredAs(
            "abstract class EmbedFn<R> extends DoFn<String, String> {",
            "EmbedFn",
            "  @Shared(tag = \"resource\", threadSafe = true)",
            "  transient R resource;",
            "  R loadResource() { return null; }");
    assertOnlyErrorOn(source, "R resource;", "[SharedFieldType] EmbedFn.resource has type R.");
  }

  @Test
  void classTypeThatIsNotThreadSafeIsReportedOnThreadSafe() {
    TestSource source =
        TestSource.dofn(
            "EmbedFn", TestSource.modelField("@Shared(tag = \"model\", threadSafe = false)"));
    Compilation compilation =
        assertOnlyErrorOn(
            source,
            "@Shared",
            "[SharedUnguardable]"
                + " EmbedFn.model has type test.Model, a class, so its calls cannot be run under the tag's"
                + " lock as threadSafe = false requires. Declare the field as an interface the resource"
                + " implements, or set threadSafe = true");
    assertErrorAt(compilation, source, "false)", "[SharedUnguardable]");
  }

  @Test
  void classTypeThatIsNotThreadSafeByDefaultIsReportedOnTheAnnotation() {
    TestSource source =
        TestSource.dofn("EmbedFn", TestSource.modelField("@Shared(tag = \"model\")"));
    Compilation compilation =
        assertOnlyErrorOn(
            source, "@Shared", "[SharedUnguardable] EmbedFn.model has type test.Model, a class");
    assertErrorAt(compilation, source, "@Shared", "[SharedUnguardable]");
  }

  @Test
  void wildcardTypeThatIsNotThreadSafeIsReportedOnTheField() {
    String type = "java.util.function.Supplier<? extends Embedder>";
    TestSource source =
        TestSource.dofn(
            "EmbedFn",
            "  @Shared(tag = \"supplier\")",
            "  transient " + type + " supplier;",
            "  " + type + " loadSupplier() { return null; }");
    assertOnlyErrorOn(
        source,
        "supplier;",
        "[SharedUnguardable] EmbedFn.supplier has type"
            + " java.util.function.Supplier<? extends test.Embedder>. A wrapper that runs its calls"
            + " under the tag's lock cannot implement a wildcard type");
  }

  @Test
  void multiProcessSharedClassTypeIsReportedOnTheAnnotation() {
    TestSource source =
        TestSource.dofn(
            "EmbedFn",
            TestSource.modelField("@MultiProcessShared(tag = \"model\", threadSafe = true)"));
    assertOnlyErrorOn(
        source,
        "@MultiProcessShared",
        "[SharedNotInterface] EmbedFn.model has type"
            + " test.Model, which is not an interface. Other processes reach a @MultiProcessShared"
            + " resource through a proxy");
  }
}
