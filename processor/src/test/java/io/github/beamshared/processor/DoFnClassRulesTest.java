package io.github.beamshared.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static io.github.beamshared.processor.Compilations.assertOnlyErrorOn;
import static io.github.beamshared.processor.Compilations.compile;

import com.google.common.truth.Truth;
import com.google.testing.compile.Compilation;
import org.junit.jupiter.api.Test;

/**
 * Rules for the DoFn class that declares shared fields: {@code <DoFn>_Shared} must be able to
 * extend it, and must be the only way to use it. Errors are on the class.
 */
class DoFnClassRulesTest {

  @Test
  void doFnThatIsNotAbstractIsReported() {
    TestSource source =
        TestSource.declaredAs(
            "class EmbedFn extends DoFn<String, String> {",
            "EmbedFn",
            TestSource.sharedFieldAndFactory());
    assertOnlyErrorOn(
        source,
        "class EmbedFn",
        "[SharedDoFnNotAbstract] EmbedFn has shared fields"
            + " but is not abstract, so it could be used without EmbedFn_Shared, which sets them up."
            + " Declare it abstract and use new EmbedFn_Shared(...).");
  }

  @Test
  void finalDoFnIsReported() {
    TestSource source =
        TestSource.declaredAs(
            "final class EmbedFn extends DoFn<String, String> {",
            "EmbedFn",
            TestSource.sharedFieldAndFactory());
    assertOnlyErrorOn(
        source,
        "class EmbedFn",
        "[SharedDoFnFinal] EmbedFn is final, but"
            + " EmbedFn_Shared must extend it. Make it abstract and not final.");
  }

  @Test
  void privateNestedDoFnIsReportedOnce() {
    TestSource source =
        TestSource.declaredAs(
            "class Outer {",
            "Outer",
            "  private abstract static class EmbedFn extends DoFn<String, String> {",
            "    @Shared(tag = \"embedder\") transient Embedder embedder;",
            "    Embedder loadEmbedder() { return null; }",
            "  }");
    assertOnlyErrorOn(
        source,
        "class EmbedFn",
        "[SharedDoFnNotSubclassable] EmbedFn is private,"
            + " so Outer_EmbedFn_Shared cannot extend EmbedFn. Make it package-private or wider.");
  }

  @Test
  void doFnInAPrivateClassIsReported() {
    TestSource source =
        TestSource.declaredAs(
            "class Outer {",
            "Outer",
            "  private static class Inner {",
            "    abstract static class EmbedFn extends DoFn<String, String> {",
            "      @Shared(tag = \"embedder\") transient Embedder embedder;",
            "      Embedder loadEmbedder() { return null; }",
            "    }",
            "  }");
    assertOnlyErrorOn(
        source,
        "class EmbedFn",
        "[SharedDoFnNotSubclassable] Inner is private, so"
            + " Outer_Inner_EmbedFn_Shared cannot extend EmbedFn.");
  }

  @Test
  void doFnWithOnlyPrivateConstructorsIsReported() {
    TestSource source =
        TestSource.embedFn(
            "EmbedFn", "  private EmbedFn() {}", "  private EmbedFn(String name) {}");
    assertOnlyErrorOn(
        source,
        "class EmbedFn",
        "[SharedDoFnNotSubclassable] EmbedFn has only"
            + " private constructors, so EmbedFn_Shared cannot extend it. Make a constructor"
            + " package-private or wider.");
  }

  @Test
  void abstractMethodOfTheDoFnIsReportedOnTheMethod() {
    TestSource source = TestSource.embedFn("EmbedFn", "  abstract String prefix();");
    assertOnlyErrorOn(
        source,
        "prefix();",
        "[SharedDoFnAbstractMethod] EmbedFn leaves prefix()"
            + " abstract, but EmbedFn_Shared only sets up shared fields and implements nothing else."
            + " Implement it in EmbedFn");
  }

  @Test
  void abstractMethodInheritedFromABaseIsReportedOnTheDoFn() {
    TestSource base =
        TestSource.declaredAs(
            "abstract class BaseFn extends DoFn<String, String> {",
            "BaseFn",
            "  abstract String prefix();");
    TestSource dofn =
        TestSource.declaredAs(
            "abstract class EmbedFn extends BaseFn {",
            "EmbedFn",
            TestSource.sharedFieldAndFactory());
    assertOnlyErrorOn(
        dofn, "class EmbedFn", "[SharedDoFnAbstractMethod] EmbedFn leaves prefix() abstract", base);
  }

  @Test
  void subclassThatOnlyInheritsSharedFieldsButIsNotAbstractIsReportedOnIt() {
    TestSource base =
        TestSource.declaredAs(
            "abstract class BaseFn extends DoFn<String, String> {",
            "BaseFn",
            TestSource.sharedFieldAndFactory());
    TestSource child = TestSource.declaredAs("class ChildFn extends BaseFn {", "ChildFn");
    assertOnlyErrorOn(
        child,
        "class ChildFn",
        "[SharedDoFnNotAbstract] ChildFn has shared fields"
            + " but is not abstract, so it could be used without ChildFn_Shared, which sets them up."
            + " Declare it abstract and use new ChildFn_Shared(...).",
        base);
  }

  @Test
  void methodLeftAbstractForSubclassesIsReportedOnTheSubclassThatLeavesItToo() {
    TestSource base =
        TestSource.declaredAs(
            "abstract class BaseFn extends DoFn<String, String> {",
            "BaseFn",
            TestSource.sharedFieldAndFactory("  abstract String prefix();"));
    TestSource child = TestSource.declaredAs("abstract class ChildFn extends BaseFn {", "ChildFn");
    assertOnlyErrorOn(
        child,
        "class ChildFn",
        "[SharedDoFnAbstractMethod] ChildFn leaves prefix()"
            + " abstract, but ChildFn_Shared only sets up shared fields and implements nothing else."
            + " Implement it in ChildFn, or in a subclass compiled with it, which then gets the"
            + " generated subclass.",
        base);
  }

  @Test
  void packagePrivateAbstractMethodOfABaseInAnotherPackageIsReportedOnTheDoFn() {
    TestSource base = TestSource.baseInOtherPackage("  abstract String convert(String text);");
    TestSource dofn =
        TestSource.declaredAs(
            "abstract class EmbedFn extends other.BaseFn {",
            "EmbedFn",
            TestSource.sharedFieldAndFactory(
                "  String convert(String text) { return text; }")); // does not override it
    assertOnlyErrorOn(
        dofn,
        "class EmbedFn",
        "[SharedDoFnAbstractMethod] EmbedFn leaves convert()"
            + " abstract, but EmbedFn_Shared only sets up shared fields and implements nothing else."
            + " It is package-private in other, so no class of EmbedFn's package can implement it:"
            + " make it protected in BaseFn.",
        base);
  }

  @Test
  void generatedNameThatIsTakenIsReported() {
    TestSource nested =
        TestSource.declaredAs(
            "class Outer {",
            "Outer",
            "  abstract static class EmbedFn extends DoFn<String, String> {",
            "    @Shared(tag = \"embedder\") transient Embedder embedder;",
            "    Embedder loadEmbedder() { return null; }",
            "  }");
    TestSource topLevel = TestSource.embedFn("Outer_EmbedFn");
    assertOnlyErrorOn(
        topLevel,
        "class Outer_EmbedFn",
        "[SharedWriteFailed] Could not write"
            + " test.Outer_EmbedFn_Shared, the generated subclass of test.Outer_EmbedFn",
        nested);
  }

  /**
   * javac gives annotation processors no element of a local (or anonymous) class, so the processor
   * never sees this DoFn: nothing is reported and nothing generated. Documents the limitation;
   * DoFnClassValidator's check for local classes cannot fire under javac.
   */
  @Test
  void localDoFnIsNotSeenByTheProcessor() {
    Compilation compilation =
        compile(
            TestSource.declaredAs(
                "class Pipeline {",
                "Pipeline",
                "  void build() {",
                "    abstract class EmbedFn extends DoFn<String, String> {",
                "      @Shared(tag = \"embedder\") transient Embedder embedder;",
                "      Embedder loadEmbedder() { return null; }",
                "    }",
                "  }"));
    assertThat(compilation).succeededWithoutWarnings();
    Truth.assertThat(compilation.generatedSourceFiles()).isEmpty();
  }
}
