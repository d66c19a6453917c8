package io.github.beamshared.processor.base;

import com.palantir.javapoet.ClassName;
import java.util.Set;
import javax.lang.model.element.TypeElement;

/** Names of generated classes, joined from the enclosing names like AutoValue's, and members. */
public final class GeneratedNames {

  private GeneratedNames() {}

  /** {@code Outer.EmbedFn} becomes {@code Outer_EmbedFn_Shared}, in the same package. */
  public static ClassName sharedSubclass(TypeElement dofn) {
    ClassName name = ClassName.get(dofn);
    return ClassName.get(name.packageName(), String.join("_", name.simpleNames()) + "_Shared");
  }

  /** {@code preferred}, or the first of {@code preferred2}, {@code preferred3}, ... not taken. */
  public static String unused(String preferred, Set<String> taken) {
    String name = preferred;
    for (int i = 2; taken.contains(name); i++) {
      name = preferred + i;
    }
    return name;
  }
}
