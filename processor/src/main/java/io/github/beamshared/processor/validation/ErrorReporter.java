package io.github.beamshared.processor.validation;

import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.Tree;
import com.sun.source.util.Trees;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.annotation.processing.Messager;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.tools.Diagnostic;

/**
 * Prints every error of the processor and counts them, so that validation of one DoFn goes on after
 * its first error and generation is skipped for a DoFn that had any. Each message starts with a
 * short code in brackets, e.g. {@code [SharedBlankTag]}, to search for in the README. An error
 * found again, as one interface's problem is by every field of that interface, is counted but
 * printed once.
 */
public final class ErrorReporter {

  private final Messager messager;
  private final Set<List<Object>> printed = new HashSet<>();
  private int errors;

  public ErrorReporter(Messager messager) {
    this.messager = messager;
  }

  public void error(ErrorCode code, String message, Element element) {
    print(code, message, element, null, null);
  }

  /** An error the IDE underlines on {@code annotation} of {@code element}. */
  public void error(ErrorCode code, String message, Element element, AnnotationMirror annotation) {
    print(code, message, element, annotation, null);
  }

  /** An error the IDE underlines on one {@code value} of {@code annotation}. */
  public void error(
      ErrorCode code,
      String message,
      Element element,
      AnnotationMirror annotation,
      AnnotationValue value) {
    print(code, message, element, annotation, value);
  }

  public void note(String message, Element element) {
    messager.printMessage(Diagnostic.Kind.NOTE, message, element);
  }

  /**
   * An error at {@code tree} of {@code unit}, a statement or expression, printed by {@code trees}.
   */
  void error(ErrorCode code, String message, Trees trees, Tree tree, CompilationUnitTree unit) {
    errors++;
    trees.printMessage(Diagnostic.Kind.ERROR, text(code, message), tree, unit);
  }

  public int errorCount() {
    return errors;
  }

  private void print(
      ErrorCode code,
      String message,
      Element element,
      AnnotationMirror annotation,
      AnnotationValue value) {
    errors++;
    String text = text(code, message);
    if (printed.add(Arrays.asList(text, element, annotation, value))) {
      messager.printMessage(Diagnostic.Kind.ERROR, text, element, annotation, value);
    }
  }

  private static String text(ErrorCode code, String message) {
    return "[" + code.code() + "] " + message;
  }
}
