package io.github.beamshared.processor.writing;

import com.palantir.javapoet.AnnotationSpec;
import com.palantir.javapoet.ArrayTypeName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeVariableName;
import io.github.beamshared.processor.base.GeneratedNames;
import io.github.beamshared.processor.base.ProcessorTypes;
import io.github.beamshared.processor.model.BeamTypes;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.type.ExecutableType;
import javax.lang.model.type.TypeMirror;

/**
 * What the nested classes share: wrappers and stubs each implement every method of a shared
 * interface, and the serializable ones declare a serialVersionUID.
 */
final class ImplementedMethods {

  private ImplementedMethods() {}

  static AnnotationSpec suppressWarnings(String... names) {
    AnnotationSpec.Builder annotation = AnnotationSpec.builder(SuppressWarnings.class);
    for (String name : names) {
      annotation.addMember("value", "$S", name);
    }
    return annotation.build();
  }

  /** {@code private static final long serialVersionUID = 1L}, of every serializable class. */
  static FieldSpec serialVersionUid() {
    return FieldSpec.builder(
            long.class, "serialVersionUID", Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
        .initializer("1L")
        .build();
  }

  /** Completes {@code override} of a closing method with a refusal: the runtime owns closing. */
  static MethodSpec refusal(MethodSpec.Builder override) {
    return override
        .addStatement(
            "throw new $T($T.CLOSE_REFUSED)",
            UnsupportedOperationException.class,
            BeamTypes.SHARED_RESOURCES)
        .build();
  }

  /** The method's parameter names, comma separated, to pass them on. */
  static String arguments(ExecutableElement method) {
    return method.getParameters().stream()
        .map(parameter -> parameter.getSimpleName().toString())
        .collect(Collectors.joining(", "));
  }

  /**
   * Completes {@code override} with {@code statement}, a call through the runtime that declares
   * {@code throws Exception}: exceptions the method may throw pass on as they are, and any other
   * (which the runtime never throws for it) becomes a {@code SharedResourceException} saying {@code
   * undeclared}.
   */
  static MethodSpec rethrowing(
      MethodSpec.Builder override,
      CodeBlock statement,
      ExecutableElement method,
      ExecutableType resolved,
      ProcessorTypes types,
      String undeclared) {
    List<TypeName> rethrown = rethrown(resolved, types);
    if (rethrown == null) {
      return override.addStatement("$L", statement).build(); // Declares Exception: all passes.
    }
    String e =
        GeneratedNames.unused(
            "e",
            method.getParameters().stream()
                .map(p -> p.getSimpleName().toString())
                .collect(Collectors.toSet()));
    return override
        .beginControlFlow("try")
        .addStatement("$L", statement)
        .nextControlFlow(
            "catch ($L $N)",
            rethrown.stream().map(t -> CodeBlock.of("$T", t)).collect(CodeBlock.joining(" | ")),
            e)
        .addStatement("throw $N", e)
        .nextControlFlow("catch ($T $N)", Exception.class, e)
        .addStatement(
            "throw new $T($Z$S$W+ $N,$W$N)", BeamTypes.SHARED_RESOURCE_EXCEPTION, undeclared, e, e)
        .endControlFlow()
        .build();
  }

  /**
   * The exceptions a method passes on as they are: unchecked ones and those it declares, the most
   * general of each line only (a multi-catch rejects related types). Null if it declares {@code
   * Exception} or {@code Throwable}, so that nothing needs catching.
   */
  private static List<TypeName> rethrown(ExecutableType method, ProcessorTypes types) {
    List<TypeMirror> general = new ArrayList<>();
    general.add(types.elements().getTypeElement(RuntimeException.class.getName()).asType());
    TypeMirror exception = types.elements().getTypeElement(Exception.class.getName()).asType();
    for (TypeMirror thrown : method.getThrownTypes()) {
      if (types.types().isSubtype(exception, thrown)) {
        return null;
      }
      if (general.stream().noneMatch(g -> types.types().isSubtype(thrown, g))) {
        general.removeIf(g -> types.types().isSubtype(g, thrown));
        general.add(thrown);
      }
    }
    return general.stream().map(TypeName::get).toList();
  }

  /** Whether a cast of an {@code Object} to {@code type} is unchecked. */
  static boolean isGeneric(TypeName type) {
    return type instanceof ParameterizedTypeName
        || type instanceof TypeVariableName
        || (type instanceof ArrayTypeName array && isGeneric(array.componentType()));
  }

  /** {@code embed(String)}: the method's name and simple erased parameter types, for readers. */
  static String readable(ExecutableElement method, ProcessorTypes types) {
    return method.getSimpleName()
        + method.getParameters().stream()
            .map(
                parameter -> {
                  String erased = types.types().erasure(parameter.asType()).toString();
                  return erased.substring(erased.lastIndexOf('.') + 1);
                })
            .collect(Collectors.joining(", ", "(", ")"));
  }
}
