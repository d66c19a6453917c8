package io.github.beamshared.processor.writing;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import com.palantir.javapoet.TypeVariableName;
import io.github.beamshared.processor.model.BeamTypes;
import io.github.beamshared.processor.model.ClosingMethods;
import io.github.beamshared.processor.validation.ProcessorTypes;
import java.util.List;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;

/**
 * Writes the wrapper a {@code threadSafe = false} field receives: a class implementing the field's
 * interface whose every method, inherited and default ones included, calls the resource while
 * holding the tag's lock. It is a static nested class of the generated DoFn, generic over the
 * DoFn's type variables when the interface type mentions them.
 */
final class GuardWriter {

  private final ProcessorTypes types;

  GuardWriter(ProcessorTypes types) {
    this.types = types;
  }

  /** A guard named {@code name} for {@code type}. */
  TypeSpec guard(
      String name, DeclaredType type, List<TypeVariableName> typeVariables) {
    TypeName interfaceName = TypeName.get(type);
    TypeSpec.Builder guard = TypeSpec.classBuilder(name)
        .addJavadoc("Runs every call of {@link $T} under the lock of its tag, because the field was"
            + " declared\n{@code threadSafe = false}: one call at a time across every DoFn"
            + " instance and thread.\n", types.types().erasure(type))
        .addModifiers(Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
        .addTypeVariables(typeVariables)
        .addSuperinterface(interfaceName)
        .addField(FieldSpec.builder(interfaceName, "delegate", Modifier.PRIVATE, Modifier.FINAL)
            .build())
        .addField(FieldSpec.builder(BeamTypes.RESOURCE_LOCK, "lock", Modifier.PRIVATE,
            Modifier.FINAL).build())
        .addMethod(MethodSpec.constructorBuilder()
            .addParameter(ParameterizedTypeName.get(BeamTypes.LEASE, interfaceName), "lease")
            .addStatement("this.delegate = lease.get()")
            .addStatement("this.lock = lease.lock()")
            .build());
    for (ExecutableElement method : types.instanceMethods((TypeElement) type.asElement())) {
      guard.addMethod(guardedCall(method, type));
    }
    return guard.build();
  }

  private MethodSpec guardedCall(ExecutableElement method, DeclaredType type) {
    MethodSpec.Builder builder = MethodSpec.overriding(method, type, types.types());
    if (ClosingMethods.isClosing(method)) {
      return ImplementedMethods.refusal(builder);
    }
    CodeBlock call = CodeBlock.of("this.delegate.$N($L)", method.getSimpleName(),
        ImplementedMethods.arguments(method));
    return builder
        .addStatement("this.lock.lock()")
        .beginControlFlow("try")
        .addStatement(method.getReturnType().getKind() == TypeKind.VOID ? "$L" : "return $L", call)
        .nextControlFlow("finally")
        .addStatement("this.lock.unlock()")
        .endControlFlow()
        .build();
  }
}
