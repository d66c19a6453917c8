package io.github.beamshared.processor.writing;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import com.palantir.javapoet.TypeVariableName;
import io.github.beamshared.processor.base.GeneratedNames;
import io.github.beamshared.processor.base.ProcessorTypes;
import io.github.beamshared.processor.model.BeamTypes;
import io.github.beamshared.processor.model.ClosingMethods;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.ExecutableType;
import javax.lang.model.type.TypeKind;

/**
 * Writes the class a shared field receives in place of the resource when its calls must not reach
 * the resource directly: a guard for a field declared {@code threadSafe = false}, whose every
 * method, inherited and default ones included, calls the resource while holding the tag's lock;
 * and, for the {@code @BatchedBy} methods of either kind of field, a call of the tag's queue for
 * that method, where calls run in batches. It is a static nested class of the generated DoFn,
 * generic over the DoFn's type variables when the interface type mentions them.
 */
final class WrapperWriter {

  private final ProcessorTypes types;

  WrapperWriter(ProcessorTypes types) {
    this.types = types;
  }

  /**
   * A wrapper named {@code name} for {@code type}: guarded if {@code guarded}; each method of
   * {@code batchClasses} goes to its queue, made from the named {@code BatchMethod} class.
   */
  TypeSpec wrapper(
      String name,
      DeclaredType type,
      List<TypeVariableName> typeVariables,
      boolean guarded,
      Map<ExecutableElement, String> batchClasses) {
    TypeName interfaceName = TypeName.get(type);
    TypeSpec.Builder wrapper =
        TypeSpec.classBuilder(name)
            .addJavadoc(javadoc(type, guarded, batchClasses))
            .addModifiers(Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
            .addTypeVariables(typeVariables)
            .addSuperinterface(interfaceName)
            .addField(
                FieldSpec.builder(interfaceName, "delegate", Modifier.PRIVATE, Modifier.FINAL)
                    .build());
    MethodSpec.Builder constructor =
        MethodSpec.constructorBuilder()
            .addParameter(ParameterizedTypeName.get(BeamTypes.LEASE, interfaceName), "lease")
            .addStatement("this.delegate = lease.get()");
    if (guarded) {
      wrapper.addField(
          FieldSpec.builder(BeamTypes.RESOURCE_LOCK, "lock", Modifier.PRIVATE, Modifier.FINAL)
              .build());
      constructor.addStatement("this.lock = lease.lock()");
    }
    Map<ExecutableElement, String> queues = queueFields(batchClasses);
    queues.forEach(
        (method, queue) -> {
          wrapper.addField(
              FieldSpec.builder(BeamTypes.BATCH_QUEUE, queue, Modifier.PRIVATE, Modifier.FINAL)
                  .build());
          constructor.addStatement(
              "this.$N =$Wlease.batchQueue($Znew $N$L(),$W$L)",
              queue,
              batchClasses.get(method),
              typeVariables.isEmpty() ? "" : "<>",
              !guarded);
        });
    wrapper.addMethod(constructor.build());
    for (ExecutableElement method : types.instanceMethods((TypeElement) type.asElement())) {
      wrapper.addMethod(implementation(method, type, guarded, queues.get(method)));
    }
    return wrapper.build();
  }

  private CodeBlock javadoc(
      DeclaredType type, boolean guarded, Map<ExecutableElement, String> batchClasses) {
    CodeBlock.Builder doc = CodeBlock.builder();
    if (guarded) {
      doc.add(
          "Runs every call of {@link $T} under the lock of its tag, because the field was"
              + " declared\n{@code threadSafe = false}: one call, or one batch, at a time across every"
              + " DoFn instance and\nthread.\n",
          types.types().erasure(type));
    } else {
      doc.add(
          "Passes the calls of {@link $T} to the resource, which is thread-safe, except those"
              + " of\n{@code @BatchedBy} methods.\n",
          types.types().erasure(type));
    }
    if (!batchClasses.isEmpty()) {
      doc.add(
          "\n<p>A call of a {@code @BatchedBy} method joins the tag's queue for it: the calls"
              + " waiting there,\nfrom every thread (and, machine-wide, every JVM), run together in one"
              + " call of its batch\nmethod, in arrival order.\n");
    }
    return doc.build();
  }

  /** A queue field per batched method, named after it: {@code embedQueue}. */
  private static Map<ExecutableElement, String> queueFields(
      Map<ExecutableElement, String> batchClasses) {
    Set<String> taken = new HashSet<>(Set.of("delegate", "lock"));
    Map<ExecutableElement, String> queues = new LinkedHashMap<>();
    for (ExecutableElement method : batchClasses.keySet()) {
      String queue = GeneratedNames.unused(method.getSimpleName() + "Queue", taken);
      taken.add(queue);
      queues.put(method, queue);
    }
    return queues;
  }

  private MethodSpec implementation(
      ExecutableElement method, DeclaredType type, boolean guarded, String queue) {
    MethodSpec.Builder builder = MethodSpec.overriding(method, type, types.types());
    if (ClosingMethods.isClosing(method)) {
      return ImplementedMethods.refusal(builder);
    }
    boolean returns = method.getReturnType().getKind() != TypeKind.VOID;
    if (queue != null) {
      ExecutableType resolved = (ExecutableType) types.types().asMemberOf(type, method);
      CodeBlock call =
          CodeBlock.of(
              "this.$N.call($Znew Object[] {$L})", queue, ImplementedMethods.arguments(method));
      CodeBlock statement =
          returns
              ? CodeBlock.of("return ($T) $L", TypeName.get(resolved.getReturnType()), call)
              : call;
      return ImplementedMethods.rethrowing(
          builder,
          statement,
          method,
          resolved,
          types,
          "A batch of " + method.getSimpleName() + " threw an undeclared ");
    }
    CodeBlock call =
        CodeBlock.of(
            "this.delegate.$N($L)", method.getSimpleName(), ImplementedMethods.arguments(method));
    CodeBlock statement = returns ? CodeBlock.of("return $L", call) : call;
    if (!guarded) {
      return builder.addStatement("$L", statement).build();
    }
    return builder
        .addStatement("this.lock.lock()")
        .beginControlFlow("try")
        .addStatement("$L", statement)
        .nextControlFlow("finally")
        .addStatement("this.lock.unlock()")
        .endControlFlow()
        .build();
  }
}
