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

  private static final TestSource SERIALIZABLE_OPTIONS =
      new TestSource(
          "io.github.beamshared.options.SerializableOptions",
          java.util.List.of(
              "package io.github.beamshared.options;",
              "import org.apache.beam.sdk.options.PipelineOptions;",
              "public final class SerializableOptions implements java.io.Serializable {",
              "  private final transient PipelineOptions options;",
              "  private SerializableOptions(PipelineOptions options) { this.options = options; }",
              "  public static SerializableOptions of(PipelineOptions options) {",
              "    return new SerializableOptions(options);",
              "  }",
              "  public PipelineOptions get() { return options; }",
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

  @Test
  void aMachineWideFactoryTakingOptionsHoldsThemSerializable() {
    Compilation compilation =
        assertCompilesCleanly(
            SHARED_OPTIONS,
            SERIALIZABLE_OPTIONS,
            TestSource.dofn(
                "EmbedFn",
                MACHINE_FIELD,
                "  transient Embedder embedder;",
                "  Embedder loadEmbedder(PipelineOptions options) { return null; }"));
    StringSubject generated =
        assertThat(compilation).generatedSourceFile("test.EmbedFn_Shared").contentsAsUtf8String();
    generated.contains("new EmbedderFactory(SerializableOptions.of(options))");
    generated.contains(
        "private final class EmbedderFactory implements ResourceFactory<Embedder>, Serializable {\n"
            + "    private static final long serialVersionUID = 1L;\n\n"
            + "    private final SerializableOptions options;");
    generated.contains("return loadEmbedder(options.get());");
  }

  @Test
  void withoutTheOptionsModuleAFactoryTakingOptionsIsNotSerializable() {
    Compilation compilation =
        assertCompilesCleanly(
            TestSource.dofn(
                "EmbedFn",
                MACHINE_FIELD,
                "  transient Embedder embedder;",
                "  Embedder loadEmbedder(PipelineOptions options) { return null; }"));
    StringSubject generated =
        assertThat(compilation).generatedSourceFile("test.EmbedFn_Shared").contentsAsUtf8String();
    generated.contains(
        "private final class EmbedderFactory implements ResourceFactory<Embedder> {");
    generated.contains("private final PipelineOptions options;");
    generated.contains("Not serializable");
    generated.contains("return loadEmbedder(options);");
  }
}
