package io.github.beamshared.processor.writing;

import com.palantir.javapoet.ClassName;
import javax.lang.model.element.TypeElement;

/** Names of generated classes, joined from the enclosing names like AutoValue's. */
public final class GeneratedNames {

  private GeneratedNames() {}

  /** {@code Outer.EmbedFn} becomes {@code Outer_EmbedFn_Shared}, in the same package. */
  public static ClassName sharedSubclass(TypeElement dofn) {
    ClassName name = ClassName.get(dofn);
    return ClassName.get(name.packageName(), String.join("_", name.simpleNames()) + "_Shared");
  }
}
