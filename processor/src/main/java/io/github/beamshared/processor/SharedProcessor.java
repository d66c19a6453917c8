package io.github.beamshared.processor;

import com.google.auto.common.BasicAnnotationProcessor;
import com.google.auto.service.AutoService;
import com.sun.source.util.Trees;
import io.github.beamshared.processor.base.ProcessorTypes;
import io.github.beamshared.processor.processingstep.BatchedByStep;
import io.github.beamshared.processor.processingstep.PendingSubclasses;
import io.github.beamshared.processor.processingstep.SharedFieldsStep;
import io.github.beamshared.processor.validation.ErrorReporter;
import io.github.beamshared.processor.validation.SharedDoFnValidator;
import io.github.beamshared.processor.writing.SharedDoFnWriter;
import java.util.List;
import java.util.Optional;
import javax.annotation.processing.ProcessingEnvironment;
import javax.annotation.processing.Processor;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;

/**
 * The beam-shared annotation processor: validates DoFns with {@code @Shared} and
 * {@code @MultiProcessShared} fields and generates their {@code _Shared} subclasses. Registered as
 * an isolating processor for Gradle's incremental builds: each generated file depends on its DoFn
 * only.
 */
@AutoService(Processor.class)
public final class SharedProcessor extends BasicAnnotationProcessor {

  private PendingSubclasses pending;

  @Override
  protected Iterable<? extends Step> steps() {
    ErrorReporter reporter = new ErrorReporter(processingEnv.getMessager());
    ProcessorTypes types =
        new ProcessorTypes(processingEnv.getElementUtils(), processingEnv.getTypeUtils());
    SharedDoFnValidator validator =
        new SharedDoFnValidator(types, javacTrees(processingEnv), reporter);
    pending =
        new PendingSubclasses(
            types,
            validator,
            new SharedDoFnWriter(processingEnv.getFiler(), types, processingEnv.getSourceVersion()),
            reporter);
    return List.of(new SharedFieldsStep(pending), new BatchedByStep(validator.batchedBy()));
  }

  @Override
  protected void postRound(RoundEnvironment round) {
    pending.writeAll(round);
  }

  @Override
  public SourceVersion getSupportedSourceVersion() {
    return SourceVersion.latestSupported();
  }

  /** Empty under compilers that are not javac (Eclipse's, IDE and Gradle wrappers). */
  private static Optional<Trees> javacTrees(ProcessingEnvironment env) {
    try {
      return Optional.of(Trees.instance(env));
    } catch (IllegalArgumentException | LinkageError notJavac) {
      return Optional.empty();
    }
  }
}
