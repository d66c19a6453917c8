package io.github.beamshared.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static io.github.beamshared.processor.Compilations.assertErrorOn;
import static io.github.beamshared.processor.Compilations.compile;

import com.google.testing.compile.Compilation;
import org.junit.jupiter.api.Test;

/** An error in one DoFn, or of one rule, hides no other: every error is reported. */
class ErrorIsolationTest {

  @Test
  void errorsOfTwoDoFnsInTwoFilesAreBothReported() {
    TestSource blankTag =
        TestSource.dofn(
            "FirstFn",
            "  @Shared(tag = \" \")",
            "  transient Embedder embedder;",
            TestSource.LOAD_EMBEDDER);
    TestSource missingFactory = TestSource.dofn("SecondFn", TestSource.sharedField());
    Compilation compilation = compile(blankTag, missingFactory);
    assertErrorOn(compilation, blankTag, "@Shared", "[SharedBlankTag] FirstFn.embedder");
    assertErrorOn(compilation, missingFactory, "@Shared", "[SharedFactoryMissing] SecondFn has no");
    assertThat(compilation).hadErrorCount(2);
  }

  @Test
  void everyErrorOfOneDoFnIsReported() {
    TestSource source =
        TestSource.declaredAs(
            "class EmbedFn extends DoFn<String, String> {",
            "EmbedFn",
            "  @Shared(tag = \"embedder\")",
            "  private transient Embedder embedder;",
            "  Thread worker;",
            "  @Setup public final void setup() {}",
            "  @Teardown public void teardown() { embedder.close(); }");
    Compilation compilation = compile(source);
    assertErrorOn(compilation, source, "class EmbedFn", "[SharedDoFnNotAbstract]");
    assertErrorOn(compilation, source, "@Shared", "[SharedFactoryMissing]");
    assertErrorOn(compilation, source, "Embedder embedder", "[SharedFieldPrivate]");
    assertErrorOn(compilation, source, "Thread worker", "[SharedCapturedNotSerializable]");
    assertErrorOn(compilation, source, "void setup()", "[SharedLifecycleFinal]");
    assertErrorOn(compilation, source, "embedder.close()", "[SharedClose]");
    assertThat(compilation).hadErrorCount(6);
  }
}
