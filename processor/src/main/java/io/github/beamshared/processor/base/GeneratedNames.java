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

  /** {@code preferred}, or the first not taken of it followed by 2, by 3, and so on. */
  public static String unused(String preferred, Set<String> taken) {
    String name = preferred;
    for (int i = 2; taken.contains(name); i++) {
      name = preferred + i;
    }
    return name;
  }
}
