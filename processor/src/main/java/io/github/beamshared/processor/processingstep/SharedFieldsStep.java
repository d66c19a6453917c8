package io.github.beamshared.processor.processingstep;

import com.google.auto.common.BasicAnnotationProcessor.Step;
import com.google.auto.common.MoreElements;
import com.google.auto.common.SuperficialValidation;
import com.google.common.collect.ImmutableSetMultimap;
import io.github.beamshared.processor.model.SharedField;
import io.github.beamshared.processor.model.Sharing;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import javax.lang.model.element.Element;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.DeclaredType;

/**
 * Handles {@code @Shared} and {@code @MultiProcessShared}: groups the annotated fields by the class
 * declaring them and hands each class to {@link PendingSubclasses}, which validates it and writes
 * its {@code <DoFn>_Shared} at the round's end. Classes that refer to types not generated yet are
 * deferred to the next round by the base processor.
 */
public final class SharedFieldsStep implements Step {

  private final PendingSubclasses pending;

  public SharedFieldsStep(PendingSubclasses pending) {
    this.pending = pending;
  }

  @Override
  public Set<String> annotations() {
    return Arrays.stream(Sharing.values())
        .map(sharing -> sharing.annotation().getCanonicalName())
        .collect(Collectors.toCollection(LinkedHashSet::new));
  }

  @Override
  public Set<? extends Element> process(
      ImmutableSetMultimap<String, Element> elementsByAnnotation) {
    Map<TypeElement, List<SharedField>> fieldsByOwner = new LinkedHashMap<>();
    // In the order javac found them (a field with both annotations once), so that errors that
    // depend on which field came first, like a tag conflict, land on the same field every run.
    for (Element element : new LinkedHashSet<>(elementsByAnnotation.values())) {
      VariableElement field = MoreElements.asVariable(element);
      SharedField.of(field)
          .ifPresent(
              shared ->
                  fieldsByOwner
                      .computeIfAbsent(
                          (TypeElement) field.getEnclosingElement(), owner -> new ArrayList<>())
                      .add(shared));
    }
    Set<Element> deferred = new LinkedHashSet<>();
    fieldsByOwner.forEach(
        (owner, fields) -> {
          if (fields.stream().allMatch(SharedFieldsStep::typeIsComplete)) {
            pending.add(owner, fields);
          } else {
            fields.forEach(field -> deferred.add(field.element()));
          }
        });
    return deferred;
  }

  /**
   * Whether the field's type, with the signatures of its methods, is known: a type another
   * processor generates in this round is not, until the next. The base processor has checked the
   * DoFn itself.
   */
  static boolean typeIsComplete(SharedField field) {
    return !(field.type() instanceof DeclaredType declared)
        || SuperficialValidation.validateElement(declared.asElement());
  }
}
