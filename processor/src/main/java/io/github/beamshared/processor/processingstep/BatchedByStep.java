package io.github.beamshared.processor.processingstep;

import com.google.auto.common.BasicAnnotationProcessor.Step;
import com.google.auto.common.MoreElements;
import com.google.auto.common.SuperficialValidation;
import com.google.common.collect.ImmutableSetMultimap;
import io.github.beamshared.BatchedBy;
import io.github.beamshared.processor.validation.BatchedByValidator;
import java.util.LinkedHashSet;
import java.util.Set;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;

/**
 * Handles {@code @BatchedBy}: checks each annotated method where it is declared, so that an
 * interface compiled apart from the DoFns using it reports its errors itself. Methods of types that
 * refer to classes not generated yet are deferred to the next round.
 */
public final class BatchedByStep implements Step {

  private final BatchedByValidator validator;

  public BatchedByStep(BatchedByValidator validator) {
    this.validator = validator;
  }

  @Override
  public Set<String> annotations() {
    return Set.of(BatchedBy.class.getCanonicalName());
  }

  @Override
  public Set<? extends Element> process(
      ImmutableSetMultimap<String, Element> elementsByAnnotation) {
    Set<Element> deferred = new LinkedHashSet<>();
    for (Element element : elementsByAnnotation.values()) {
      ExecutableElement method = MoreElements.asExecutable(element);
      if (SuperficialValidation.validateElement(method.getEnclosingElement())) {
        validator.validate(method);
      } else {
        deferred.add(method);
      }
    }
    return deferred;
  }
}
