package io.github.beamshared.processor.model;

import com.google.auto.common.AnnotationMirrors;
import com.google.auto.common.MoreElements;
import java.util.Optional;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.Types;

/**
 * One field annotated with {@code @Shared} or {@code @MultiProcessShared}, with the annotation's
 * values read once.
 *
 * @param type the field's type as the DoFn being generated sees it: in {@code Base<T>}, a field
 *     {@code Model<T>} is a {@code Model<Integer>} to a subclass extending {@code Base<Integer>}
 */
public record SharedField(
    VariableElement element, AnnotationMirror annotation, Sharing sharing, TypeMirror type) {

  /** The field's annotation of either kind; empty if it has none. */
  public static Optional<SharedField> of(VariableElement field) {
    for (Sharing sharing : Sharing.values()) {
      var mirror = MoreElements.getAnnotationMirror(field, sharing.annotation());
      if (mirror.isPresent()) {
        return Optional.of(new SharedField(field, mirror.get(), sharing, field.asType()));
      }
    }
    return Optional.empty();
  }

  public String name() {
    return element.getSimpleName().toString();
  }

  /** This field as a member of {@code dofn}, which declares or inherits it. */
  public SharedField seenFrom(DeclaredType dofn, Types types) {
    return new SharedField(element, annotation, sharing, types.asMemberOf(dofn, element));
  }

  public String tag() {
    return (String) value("tag").getValue();
  }

  public boolean threadSafe() {
    return (Boolean) value("threadSafe").getValue();
  }

  /** How many copies the machine holds: {@code @MultiProcessShared}'s {@code copies}, else 1. */
  public int copies() {
    return sharing == Sharing.MACHINE ? (Integer) value("copies").getValue() : 1;
  }

  /** The factory method's name: the annotation's {@code factory}, else {@code load<Name>}. */
  public String factoryName() {
    String explicit = (String) value("factory").getValue();
    return explicit.isEmpty()
        ? "load" + Character.toUpperCase(name().charAt(0)) + name().substring(1)
        : explicit;
  }

  /** Whether the factory's name was given explicitly. */
  public boolean hasExplicitFactory() {
    return !((String) value("factory").getValue()).isEmpty();
  }

  /** An annotation value by name, the default included, for reading and for error positions. */
  public AnnotationValue value(String name) {
    return AnnotationMirrors.getAnnotationValue(annotation, name);
  }

  /** {@code "EmbedFn.embedder"}, for messages. */
  public String describe() {
    return element.getEnclosingElement().getSimpleName() + "." + name();
  }
}
