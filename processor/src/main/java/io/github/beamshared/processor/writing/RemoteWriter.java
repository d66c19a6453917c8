package io.github.beamshared.processor.writing;

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
import io.github.beamshared.processor.model.BeamTypes;
import io.github.beamshared.processor.model.ClosingMethods;
import io.github.beamshared.processor.model.RemoteInterfaceModel;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.ExecutableType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;

/**
 * Writes the {@code RemoteInterface} of a {@code @MultiProcessShared} field's interface: the
 * dispatch {@code switch} the hosting JVM runs, and the proxy ({@code Stub}) other JVMs call.
 * Method numbers are the positions in {@link RemoteInterfaceModel#methods()}.
 */
final class RemoteWriter {

  private final ProcessorTypes types;

  RemoteWriter(ProcessorTypes types) {
    this.types = types;
  }

  /**
   * The remote interface named {@code name}; the methods of {@code batchClasses} are batched at the
   * host, each by the named {@code BatchMethod} class.
   */
  TypeSpec remote(
      String name,
      RemoteInterfaceModel model,
      List<TypeVariableName> typeVariables,
      Map<ExecutableElement, String> batchClasses) {
    DeclaredType type = model.type();
    TypeName interfaceName = TypeName.get(type);
    TypeName erased = TypeName.get(types.types().erasure(type));
    boolean generic = !(interfaceName instanceof ClassName);
    // In the default package, an interface named Stub could not be told from the nested class.
    String stubName =
        GeneratedNames.unused("Stub", Set.of(type.asElement().getSimpleName().toString()));
    TypeSpec.Builder remote =
        TypeSpec.classBuilder(name)
            .addJavadoc(
                "Calls {@link $T} across the JVMs of this machine: the hosting JVM runs"
                    + " {@link #dispatch},\nthe others call the resource through {@link $L}. Method"
                    + " numbers follow the sorted\nsignatures; the fingerprint changes with any of"
                    + " them.\n",
                erased,
                stubName)
            .addModifiers(Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
            .addTypeVariables(typeVariables)
            .addSuperinterface(ParameterizedTypeName.get(BeamTypes.REMOTE_INTERFACE, interfaceName))
            .addField(ImplementedMethods.serialVersionUid());
    if (generic || needsUncheckedCasts(model)) {
      remote.addAnnotation(ImplementedMethods.suppressWarnings("unchecked"));
    }
    MethodSpec.Builder typeMethod =
        MethodSpec.methodBuilder("type")
            .addAnnotation(Override.class)
            .addModifiers(Modifier.PUBLIC)
            .returns(ParameterizedTypeName.get(ClassName.get(Class.class), interfaceName));
    if (generic) {
      typeMethod.addStatement(
          "return ($T) ($T) $T.class",
          ParameterizedTypeName.get(ClassName.get(Class.class), interfaceName),
          ParameterizedTypeName.get(
              ClassName.get(Class.class), WildcardTypeName.subtypeOf(Object.class)),
          erased);
    } else {
      typeMethod.addStatement("return $T.class", erased);
    }
    remote
        .addMethod(typeMethod.build())
        .addMethod(
            MethodSpec.methodBuilder("fingerprint")
                .addAnnotation(Override.class)
                .addModifiers(Modifier.PUBLIC)
                .returns(String.class)
                .addStatement("return $S", model.fingerprint())
                .build())
        .addMethod(serializableTypes(model))
        .addMethod(
            MethodSpec.methodBuilder("stub")
                .addAnnotation(Override.class)
                .addModifiers(Modifier.PUBLIC)
                .returns(interfaceName)
                .addParameter(BeamTypes.REMOTE_CALLS, "calls")
                .addStatement(
                    "return new $L$L(calls)", stubName, typeVariables.isEmpty() ? "" : "<>")
                .build())
        .addMethod(dispatch(model, interfaceName, erased))
        .addMethod(methodName(model));
    if (!batchClasses.isEmpty()) {
      remote.addMethod(
          batchMethod(model, interfaceName, batchClasses, typeVariables.isEmpty() ? "" : "<>"));
    }
    return remote.addType(stub(stubName, model, interfaceName, typeVariables)).build();
  }

  private MethodSpec serializableTypes(RemoteInterfaceModel model) {
    TypeName classes =
        ParameterizedTypeName.get(
            ClassName.get(Set.class),
            ParameterizedTypeName.get(
                ClassName.get(Class.class), WildcardTypeName.subtypeOf(Object.class)));
    CodeBlock literals =
        model.serializableTypes().stream()
            .map(t -> CodeBlock.of("$T.class", t))
            .collect(CodeBlock.joining(", "));
    return MethodSpec.methodBuilder("serializableTypes")
        .addAnnotation(Override.class)
        .addModifiers(Modifier.PUBLIC)
        .returns(classes)
        .addStatement("return $T.of($L)", Set.class, literals)
        .build();
  }

  /** Each method number's method, as messages name it: {@code embed(String)}. */
  private MethodSpec methodName(RemoteInterfaceModel model) {
    CodeBlock.Builder cases = CodeBlock.builder().add("return switch (method) {\n").indent();
    for (int i = 0; i < model.methods().size(); i++) {
      ExecutableElement method = model.methods().get(i);
      cases.add("case $L -> $S;\n", i, ImplementedMethods.readable(method, types));
    }
    cases.add("default -> $S + method;\n", "#").unindent().add("};\n");
    return MethodSpec.methodBuilder("methodName")
        .addAnnotation(Override.class)
        .addModifiers(Modifier.PUBLIC)
        .returns(String.class)
        .addParameter(int.class, "method")
        .addCode(cases.build())
        .build();
  }

  /** Which method numbers the host batches, and how. */
  private static MethodSpec batchMethod(
      RemoteInterfaceModel model,
      TypeName interfaceName,
      Map<ExecutableElement, String> batchClasses,
      String diamond) {
    CodeBlock.Builder cases = CodeBlock.builder().add("return switch (method) {\n").indent();
    for (int i = 0; i < model.methods().size(); i++) {
      String batchClass = batchClasses.get(model.methods().get(i));
      if (batchClass != null) {
        cases.add("case $L -> new $N$L();\n", i, batchClass, diamond);
      }
    }
    cases.add("default -> null;\n").unindent().add("};\n");
    return MethodSpec.methodBuilder("batchMethod")
        .addAnnotation(Override.class)
        .addModifiers(Modifier.PUBLIC)
        .returns(ParameterizedTypeName.get(BeamTypes.BATCH_METHOD, interfaceName))
        .addParameter(int.class, "method")
        .addCode(cases.build())
        .build();
  }

  private MethodSpec dispatch(RemoteInterfaceModel model, TypeName interfaceName, TypeName erased) {
    CodeBlock.Builder cases = CodeBlock.builder().add("return switch (method) {\n").indent();
    for (int i = 0; i < model.methods().size(); i++) {
      ExecutableElement method = model.methods().get(i);
      ExecutableType resolved = resolved(model, method);
      List<CodeBlock> arguments = new ArrayList<>();
      for (int p = 0; p < resolved.getParameterTypes().size(); p++) {
        TypeMirror parameter = resolved.getParameterTypes().get(p);
        // The method's own type variables are not in scope here; their erasure is.
        TypeMirror cast =
            ProcessorTypes.mentions(
                    parameter,
                    variable -> method.getTypeParameters().contains(variable.asElement()))
                ? types.types().erasure(parameter)
                : parameter;
        arguments.add(CodeBlock.of("($T) arguments[$L]", TypeName.get(cast), p));
      }
      CodeBlock call =
          CodeBlock.of("target.$N($L)", method.getSimpleName(), CodeBlock.join(arguments, ", "));
      if (ClosingMethods.isClosing(method)) {
        cases.add(
            "case $L -> throw new $T($T.CLOSE_REFUSED);\n",
            i,
            UnsupportedOperationException.class,
            BeamTypes.SHARED_RESOURCES);
      } else if (resolved.getReturnType().getKind() == TypeKind.VOID) {
        cases
            .add("case $L -> {\n", i)
            .indent()
            .addStatement("$L", call)
            .addStatement("yield null")
            .unindent()
            .add("}\n");
      } else {
        cases.add("case $L -> $L;\n", i, call);
      }
    }
    cases
        .add(
            "default -> throw new $T($Z$S$W+ method);\n",
            IllegalArgumentException.class,
            erased + " has no method number ")
        .unindent()
        .add("};\n");
    return MethodSpec.methodBuilder("dispatch")
        .addAnnotation(Override.class)
        .addModifiers(Modifier.PUBLIC)
        .returns(Object.class)
        .addParameter(interfaceName, "target")
        .addParameter(int.class, "method")
        .addParameter(Object[].class, "arguments")
        .addException(Exception.class)
        .addCode(cases.build())
        .build();
  }

  private TypeSpec stub(
      String name,
      RemoteInterfaceModel model,
      TypeName interfaceName,
      List<TypeVariableName> typeVariables) {
    TypeSpec.Builder stub =
        TypeSpec.classBuilder(name)
            .addJavadoc(
                "The resource as JVMs that do not host it see it: every call goes to the"
                    + " host.\n")
            .addModifiers(Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
            .addTypeVariables(typeVariables)
            .addSuperinterface(interfaceName)
            .addField(BeamTypes.REMOTE_CALLS, "calls", Modifier.PRIVATE, Modifier.FINAL)
            .addMethod(
                MethodSpec.constructorBuilder()
                    .addParameter(BeamTypes.REMOTE_CALLS, "calls")
                    .addStatement("this.calls = calls")
                    .build());
    for (int i = 0; i < model.methods().size(); i++) {
      stub.addMethod(stubMethod(model, model.methods().get(i), i));
    }
    return stub.build();
  }

  private MethodSpec stubMethod(RemoteInterfaceModel model, ExecutableElement method, int number) {
    ExecutableType resolved = resolved(model, method);
    MethodSpec.Builder builder = MethodSpec.overriding(method, model.type(), types.types());
    if (ClosingMethods.isClosing(method)) {
      return ImplementedMethods.refusal(builder);
    }
    CodeBlock call =
        CodeBlock.of(
            "this.calls.call($L, new Object[] {$L})", number, ImplementedMethods.arguments(method));
    TypeMirror returned = resolved.getReturnType();
    CodeBlock statement =
        returned.getKind() == TypeKind.VOID
            ? call
            : CodeBlock.of("return ($T) $L", TypeName.get(returned), call);
    return ImplementedMethods.rethrowing(
        builder,
        statement,
        method,
        resolved,
        types,
        "The host of " + types.types().erasure(model.type()) + " threw an undeclared ");
  }

  private ExecutableType resolved(RemoteInterfaceModel model, ExecutableElement method) {
    return (ExecutableType) types.types().asMemberOf(model.type(), method);
  }

  /** Whether a cast of a wire value to a parameter or result type is unchecked. */
  private boolean needsUncheckedCasts(RemoteInterfaceModel model) {
    return model.methods().stream()
        .map(m -> resolved(model, m))
        .flatMap(
            m -> {
              List<TypeMirror> all = new ArrayList<>(m.getParameterTypes());
              all.add(m.getReturnType());
              return all.stream();
            })
        .map(TypeName::get)
        .anyMatch(ImplementedMethods::isGeneric);
  }
}
