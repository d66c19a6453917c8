package io.github.beamshared.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import java.util.stream.Stream;
import javax.annotation.processing.Processor;
import javax.tools.JavaFileObject;

/** Runs javac with the processor on test sources, and the assertions the tests share. */
final class Compilations {

  private Compilations() {}

  /**
   * Compiles {@link TestSource#SUPPORT} and {@code sources}, in this order, with a new {@link
   * SharedProcessor}. The order matters where the processor reports on the later of two fields, as
   * with a tag used twice.
   */
  static Compilation compile(TestSource... sources) {
    return compileWith(new SharedProcessor(), sources);
  }

  static Compilation compileWith(Processor processor, TestSource... sources) {
    return Compiler.javac()
        .withProcessors(processor)
        .compile(
            Stream.concat(TestSource.SUPPORT.stream(), Stream.of(sources))
                .map(TestSource::file)
                .toArray(JavaFileObject[]::new));
  }

  /**
   * Asserts an error containing {@code message} in {@code source}, on the only line containing
   * {@code lineText}.
   */
  static void assertErrorOn(
      Compilation compilation, TestSource source, String lineText, String message) {
    assertThat(compilation)
        .hadErrorContaining(message)
        .inFile(source.file())
        .onLine(source.lineOf(lineText));
  }

  /** {@link #assertErrorOn}, and at the column where {@code columnText} starts on that line. */
  static void assertErrorAt(
      Compilation compilation, TestSource source, String columnText, String message) {
    assertThat(compilation)
        .hadErrorContaining(message)
        .inFile(source.file())
        .onLine(source.lineOf(columnText))
        .atColumn(source.columnOf(columnText));
  }

  /**
   * Compiles {@code alongside}, then {@code source}, and asserts that the only error is {@code
   * message} on the line of {@code source} containing {@code lineText}.
   */
  static Compilation assertOnlyErrorOn(
      TestSource source, String lineText, String message, TestSource... alongside) {
    Compilation compilation =
        compile(Stream.concat(Stream.of(alongside), Stream.of(source)).toArray(TestSource[]::new));
    assertErrorOn(compilation, source, lineText, message);
    assertThat(compilation).hadErrorCount(1);
    return compilation;
  }

  /** Compiles the sources, asserts neither error nor warning, and returns the compilation. */
  static Compilation assertCompilesCleanly(TestSource... sources) {
    Compilation compilation = compile(sources);
    assertThat(compilation).succeededWithoutWarnings();
    return compilation;
  }
}
