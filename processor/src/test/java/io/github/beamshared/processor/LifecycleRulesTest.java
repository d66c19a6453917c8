package io.github.beamshared.processor;

import static io.github.beamshared.processor.Compilations.assertOnlyErrorOn;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The user's own {@code @Setup} and {@code @Teardown}, which the generated ones override: they must
 * be overridable, and the setup must receive the options if a factory needs them. Reported on the
 * method if the DoFn declares it, else on the DoFn.
 */
class LifecycleRulesTest {

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
      @Setup public final void setup() {}       | [SharedLifecycleFinal] The @Setup method setup() \
      is final, so the generated subclass cannot override it to set up shared fields. Remove final.
      @Setup private void setup() {}            | [SharedLifecyclePrivate] The @Setup method \
      setup() is private, so the generated subclass cannot override it to set up shared fields.
      @Teardown public final void teardown() {} | [SharedLifecycleFinal] The @Teardown method \
      teardown() is final, so the generated subclass cannot override it to release shared fields.
      @Teardown private void teardown() {}      | [SharedLifecyclePrivate] The @Teardown method \
      teardown() is private, so the generated subclass cannot override it to release shared fields.
      """)
  void lifecycleMethodThatCannotBeOverriddenIsReportedOnTheMethod(String method, String message) {
    assertOnlyErrorOn(TestSource.embedFn("EmbedFn", "  " + method), method, message);
  }

  @Test
  void finalSetupInheritedFromABaseIsReportedOnTheDoFn() {
    TestSource base =
        TestSource.declaredAs(
            "abstract class BaseFn extends DoFn<String, String> {",
            "BaseFn",
            "  @Setup public final void setup() {}");
    TestSource dofn =
        TestSource.declaredAs(
            "abstract class EmbedFn extends BaseFn {",
            "EmbedFn",
            TestSource.sharedFieldAndFactory());
    assertOnlyErrorOn(
        dofn,
        "class EmbedFn",
        "[SharedLifecycleFinal] The @Setup method setup() is" + " final",
        base);
  }

  @Test
  void setupPackagePrivateInAnotherPackageIsReportedOnTheDoFn() {
    TestSource base = TestSource.baseInOtherPackage("  @Setup void setup() {}");
    TestSource dofn =
        TestSource.declaredAs(
            "abstract class EmbedFn extends other.BaseFn {",
            "EmbedFn",
            TestSource.sharedFieldAndFactory());
    assertOnlyErrorOn(
        dofn,
        "class EmbedFn",
        "[SharedLifecyclePrivate] The @Setup method setup()"
            + " is package-private in another package, so the generated subclass cannot override it."
            + " Make it protected or public.",
        base);
  }

  @Test
  void setupWithoutOptionsWhenTheFactoryNeedsThemIsReportedOnTheSetup() {
    TestSource source =
        TestSource.dofn(
            "EmbedFn",
            TestSource.sharedField(
                "  Embedder loadEmbedder(PipelineOptions options) { return null; }",
                "  @Setup public void setup() {}"));
    assertOnlyErrorOn(
        source,
        "void setup()",
        "[SharedSetupWithoutOptions] The factory"
            + " loadEmbedder(PipelineOptions) needs the pipeline's options, but setup(), the @Setup the"
            + " generated subclass overrides, does not receive them. Declare it as"
            + " setup(PipelineOptions options).");
  }
}
