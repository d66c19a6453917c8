package io.github.beamshared.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static io.github.beamshared.processor.Compilations.assertCompilesCleanly;

import com.google.common.truth.StringSubject;
import com.google.testing.compile.Compilation;
import org.junit.jupiter.api.Test;

/**
 * With {@code SharedOptions} on the class path (here a source of the same shape), generated setup
 * applies the pipeline's options before a machine-wide acquire.
 */
class SharedOptionsGenerationTest {

  private static final TestSource SHARED_OPTIONS =
      new TestSource(
          "io.github.beamshared.options.SharedOptions",
          java.util.List.of(
              "package io.github.beamshared.options;",
              "public interface SharedOptions extends org.apache.beam.sdk.options.PipelineOptions {",
              "  static java.util.Map<String, String> settings(",
              "      org.apache.beam.sdk.options.PipelineOptions options) {",
              "    return java.util.Map.of();",
              "  }",
              "}"));

  private static final String MACHINE_FIELD = "  @MultiProcessShared(tag = \"embedder\")";

  @Test
  void setupWithoutAUserSetupTakesTheOptionsAndAppliesThem() {
    Compilation compilation =
        assertCompilesCleanly(
            SHARED_OPTIONS,
            TestSource.dofn(
                "EmbedFn",
                MACHINE_FIELD,
                "  transient Embedder embedder;",
                TestSource.LOAD_EMBEDDER));
    StringSubject generated =
        assertThat(compilation).generatedSourceFile("test.EmbedFn_Shared").contentsAsUtf8String();
    generated.contains(
        "public void setUpSharedResources(PipelineOptions options) {\n"
            + "    SharedResources.configure(SharedOptions.settings(options));\n"
            + "    HeldLeases leases = new HeldLeases();");
  }

  @Test
  void userSetupWithoutOptionsGetsANoteAndNoConfiguration() {
    TestSource dofn =
        TestSource.dofn(
            "EmbedFn",
            MACHINE_FIELD,
            "  transient Embedder embedder;",
            TestSource.LOAD_EMBEDDER,
            "  @Setup public void prepare() {}");
    Compilation compilation = assertCompilesCleanly(SHARED_OPTIONS, dofn);
    assertThat(compilation)
        .hadNoteContaining(
            "prepare() takes no PipelineOptions, so"
                + " SharedOptions (--sharedDirectory, ...) are not applied")
        .inFile(dofn.file())
        .onLine(dofn.lineOf("prepare()"));
    assertThat(compilation)
        .generatedSourceFile("test.EmbedFn_Shared")
        .contentsAsUtf8String()
        .doesNotContain("configure(");
  }

  @Test
  void jvmWideFieldsGetTheOptionsAppliedToo() {
    Compilation compilation = assertCompilesCleanly(SHARED_OPTIONS, TestSource.embedFn("EmbedFn"));
    assertThat(compilation)
        .generatedSourceFile("test.EmbedFn_Shared")
        .contentsAsUtf8String()
        .contains(
            "public void setUpSharedResources(PipelineOptions options) {\n"
                + "    SharedResources.configure(SharedOptions.settings(options));");
  }
}
