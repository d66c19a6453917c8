package io.github.beamshared.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static io.github.beamshared.processor.Compilations.assertErrorOn;
import static io.github.beamshared.processor.Compilations.compileWith;

import com.google.testing.compile.Compilation;
import org.junit.jupiter.api.Test;

/**
 * Under a compiler that is not javac, or a wrapper around javac's environment, there are no {@code
 * Trees}: the processor says so in one note, does not check close calls, and otherwise validates
 * and generates as usual.
 */
class TreesUnavailableTest {

  @Test
  void withoutTreesCloseCallsAreNotCheckedButTheSubclassIsGenerated() {
    TestSource source =
        TestSource.embedFn(
            "EmbedFn", "  @Teardown public void teardown() {", "    embedder.close();", "  }");
    Compilation compilation = compileWith(new WithoutTreesProcessor(), source);
    assertThat(compilation).succeeded();
    assertThat(compilation)
        .hadNoteContaining(
            "beam-shared: javac's Trees API is not available in"
                + " this compiler, so calls that close shared resources are not checked.")
        .inFile(source.file())
        .onLine(source.lineOf("class EmbedFn"));
    assertThat(compilation).hadNoteCount(1);
    assertThat(compilation).generatedSourceFile("test.EmbedFn_Shared");
  }

  @Test
  void withoutTreesOtherRulesStillApplyAndTheNoteIsGivenOnce() {
    TestSource valid = TestSource.embedFn("FirstFn");
    TestSource blankTag =
        TestSource.dofn(
            "SecondFn",
            "  @Shared(tag = \"\")",
            "  transient Embedder embedder;",
            TestSource.LOAD_EMBEDDER);
    Compilation compilation = compileWith(new WithoutTreesProcessor(), valid, blankTag);
    assertErrorOn(compilation, blankTag, "@Shared", "[SharedBlankTag] SecondFn.embedder");
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation).hadNoteContaining("Trees API is not available").inFile(valid.file());
    assertThat(compilation).hadNoteCount(1);
  }
}
