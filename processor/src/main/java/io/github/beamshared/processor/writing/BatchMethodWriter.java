package io.github.beamshared.processor.writing;

import com.palantir.javapoet.ArrayTypeName;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import com.palantir.javapoet.TypeVariableName;
import com.palantir.javapoet.WildcardTypeName;
import io.github.beamshared.processor.base.GeneratedNames;
import io.github.beamshared.processor.base.ProcessorTypes;
import io.github.beamshared.processor.model.BatchedMethod;
import io.github.beamshared.processor.model.BeamTypes;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.ExecutableType;
import javax.lang.model.type.TypeKind;

/**
 * Writes the {@code BatchMethod} of a {@code @BatchedBy} method: how the runtime calls the method
 * for a batch of one, and the batch method for more, with each call's arguments collected into one
 * list per parameter. A static nested class of the generated DoFn, generic over the DoFn's type
 * variables when the interface type mentions them.
 */
final class BatchMethodWriter {

  private static final String RESOURCE = "resource";
  private static final String ARGUMENTS = "arguments";
  private static final String CALLS = "calls";
  private static final String CALL = "call";
  // Longer than this, a text may not fit in a return statement within 100 columns.
  private static final int LONG_TEXT = 80;

  private final ProcessorTypes types;

  BatchMethodWriter(ProcessorTypes types) {
    this.types = types;
  }

  TypeSpec batchMethod(
      String name, DeclaredType type, BatchedMethod batched, List<TypeVariableName> typeVariables) {
    TypeName interfaceName = TypeName.get(type);
    ExecutableType method = resolved(type, batched.method());
    ExecutableType batch = resolved(type, batched.batch());
    TypeSpec.Builder spec =
        TypeSpec.classBuilder(name)
            .addJavadoc(
                "How calls of {@code $L} run in batches: one call of {@code $L} answers up to"
                    + " $L of them.\n",
                ImplementedMethods.readable(batched.method(), types),
                ImplementedMethods.readable(batched.batch(), types),
                batched.maxBatchSize())
            .addModifiers(Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
            .addTypeVariables(typeVariables)
            .addSuperinterface(ParameterizedTypeName.get(BeamTypes.BATCH_METHOD, interfaceName));
    if (method.getParameterTypes().stream()
        .map(TypeName::get)
        .anyMatch(ImplementedMethods::isGeneric)) {
      spec.addAnnotation(ImplementedMethods.suppressWarnings("unchecked"));
    }
    return spec.addMethod(text("name", describe(batched.method())))
        .addMethod(text("batchName", describe(batched.batch())))
        .addMethod(
            MethodSpec.methodBuilder("settings")
                .addAnnotation(Override.class)
                .addModifiers(Modifier.PUBLIC)
                .returns(BeamTypes.BATCH_SETTINGS)
                .addStatement(
                    "return new $T($L, $LL, $L)",
                    BeamTypes.BATCH_SETTINGS,
                    batched.maxBatchSize(),
                    batched.maxWaitMicros(),
                    batched.concurrentBatches())
                .build())
        .addMethod(callOne(interfaceName, batched.method(), method))
        .addMethod(callBatch(interfaceName, batched, method, batch))
        .build();
  }

  /**
   * A method returning {@code value}, {@code "Type.method(Parameters)"}: a long one as two
   * literals, so that the line can break between them.
   */
  private static MethodSpec text(String name, String value) {
    int method = value.indexOf('.') + 1;
    CodeBlock text =
        value.length() > LONG_TEXT
            ? CodeBlock.of("$S$W+ $S", value.substring(0, method), value.substring(method))
            : CodeBlock.of("$S", value);
    return MethodSpec.methodBuilder(name)
        .addAnnotation(Override.class)
        .addModifiers(Modifier.PUBLIC)
        .returns(String.class)
        .addStatement("return $L", text)
        .build();
  }

  private MethodSpec callOne(
      TypeName interfaceName, ExecutableElement element, ExecutableType method) {
    List<CodeBlock> arguments = new ArrayList<>();
    for (int i = 0; i < method.getParameterTypes().size(); i++) {
      arguments.add(
          CodeBlock.of(
              "($T) $N[$L]", TypeName.get(method.getParameterTypes().get(i)), ARGUMENTS, i));
    }
    CodeBlock call =
        CodeBlock.of(
            "$N.$N($L)", RESOURCE, element.getSimpleName(), CodeBlock.join(arguments, ", "));
    MethodSpec.Builder callOne =
        MethodSpec.methodBuilder("callOne")
            .addAnnotation(Override.class)
            .addModifiers(Modifier.PUBLIC)
            .returns(Object.class)
            .addParameter(interfaceName, RESOURCE)
            .addParameter(ArrayTypeName.of(Object.class), ARGUMENTS)
            .addException(Exception.class);
    if (method.getReturnType().getKind() == TypeKind.VOID) {
      return callOne.addStatement("$L", call).addStatement("return null").build();
    }
    return callOne.addStatement("return $L", call).build();
  }

  /**
   * Collects the calls' arguments into one list per parameter, named like the batch method's
   * parameters, and calls the batch method with them.
   */
  private MethodSpec callBatch(
      TypeName interfaceName, BatchedMethod batched, ExecutableType method, ExecutableType batch) {
    Set<String> taken = new HashSet<>(Set.of(RESOURCE, CALLS, CALL));
    List<String> lists = new ArrayList<>();
    for (var parameter : batched.batch().getParameters()) {
      String list = GeneratedNames.unused(parameter.getSimpleName().toString(), taken);
      taken.add(list);
      lists.add(list);
    }
    MethodSpec.Builder callBatch =
        MethodSpec.methodBuilder("callBatch")
            .addAnnotation(Override.class)
            .addModifiers(Modifier.PUBLIC)
            .returns(
                ParameterizedTypeName.get(
                    ClassName.get(List.class), WildcardTypeName.subtypeOf(Object.class)))
            .addParameter(interfaceName, RESOURCE)
            .addParameter(
                ParameterizedTypeName.get(
                    ClassName.get(List.class), ArrayTypeName.of(Object.class)),
                CALLS)
            .addException(Exception.class);
    CodeBlock.Builder collect =
        CodeBlock.builder().beginControlFlow("for ($T[] $N : $N)", Object.class, CALL, CALLS);
    for (int i = 0; i < lists.size(); i++) {
      TypeName element = TypeName.get(method.getParameterTypes().get(i)).box();
      callBatch.addStatement(
          "$T $N = new $T<>($N.size())",
          ParameterizedTypeName.get(ClassName.get(List.class), element),
          lists.get(i),
          ArrayList.class,
          CALLS);
      collect.addStatement("$N.add(($T) $N[$L])", lists.get(i), element, CALL, i);
    }
    callBatch.addCode(collect.endControlFlow().build());
    CodeBlock call =
        CodeBlock.of(
            "$N.$N($L)", RESOURCE, batched.batch().getSimpleName(), String.join(", ", lists));
    if (batch.getReturnType().getKind() == TypeKind.VOID) {
      return callBatch
          .addStatement("$L", call)
          .addComment("One result per call, as the method returns nothing.")
          .addStatement("return $T.nCopies($N.size(), null)", Collections.class, CALLS)
          .build();
    }
    return callBatch.addStatement("return $L", call).build();
  }

  private ExecutableType resolved(DeclaredType type, ExecutableElement method) {
    return (ExecutableType) types.types().asMemberOf(type, method);
  }

  /** {@code Embedder.embed(java.lang.String)}: names the method in messages and statistics. */
  private String describe(ExecutableElement method) {
    return method.getEnclosingElement().getSimpleName() + "." + types.erasedSignature(method);
  }
}
