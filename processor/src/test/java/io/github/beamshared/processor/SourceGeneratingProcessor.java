package io.github.beamshared.processor;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.Map;
import java.util.Set;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.TypeElement;

/**
 * Another processor of the compilation, which writes some sources in its first round: the types a
 * DoFn's shared field may use before they exist.
 */
final class SourceGeneratingProcessor extends AbstractProcessor {

  private final Map<String, String> sources;
  private boolean written;

  /** {@code sources}: the code of each type to write, by qualified name. */
  SourceGeneratingProcessor(Map<String, String> sources) {
    this.sources = sources;
  }

  @Override
  public Set<String> getSupportedAnnotationTypes() {
    return Set.of("*");
  }

  @Override
  public SourceVersion getSupportedSourceVersion() {
    return SourceVersion.latestSupported();
  }

  @Override
  public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
    if (!written) {
      written = true;
      sources.forEach(
          (name, code) -> {
            try (Writer writer = processingEnv.getFiler().createSourceFile(name).openWriter()) {
              writer.write(code);
            } catch (IOException e) {
              throw new UncheckedIOException(e);
            }
          });
    }
    return false;
  }
}
