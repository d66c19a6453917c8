package io.github.beamshared.processor.writing;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import io.github.beamshared.processor.base.GeneratedNames;
import io.github.beamshared.processor.model.BeamTypes;
import io.github.beamshared.processor.model.Factory;
import io.github.beamshared.processor.model.SharedDoFn;
import io.github.beamshared.processor.model.SharedField;
import java.io.Serializable;
import javax.lang.model.element.Modifier;

/**
 * Writes a field's {@code <Field>Factory}: an inner class of the generated DoFn that calls the
 * user's factory method, passed to the runtime in setup. Not a lambda, whose linking would cost
 * each JVM's first setup about half a millisecond. A {@code @MultiProcessShared} field's factory is
 * {@link Serializable}, holding its DoFn and the pipeline's options as JSON, so that a dedicated
 * host JVM can run it; where the factory takes options and {@code beam-shared-options}, which
 * serializes them, is not on the class path, it cannot be, and such a field is hosted in a worker.
 */
final class FactoryWriter {

  private static final String OPTIONS = "options";

  /** The method of {@code ResourceFactory}. */
  private static final String CREATE = "create";

  /** Whether {@code field}'s factory class can be sent to a dedicated host. */
  static boolean isSerializable(SharedDoFn dofn, SharedField field) {
    return dofn.remotes().containsKey(field)
        && (!dofn.factories().get(field).takesOptions() || dofn.appliesSharedOptions());
  }

  /** {@code new <name>(...)}, in setup, where the pipeline's options are {@code options}. */
  static CodeBlock instance(SharedDoFn dofn, SharedField field, String name) {
    if (!dofn.factories().get(field).takesOptions()) {
      return CodeBlock.of("new $N()", name);
    }
    return isSerializable(dofn, field)
        ? CodeBlock.of("new $N($T.of($N))", name, BeamTypes.SERIALIZABLE_OPTIONS, OPTIONS)
        : CodeBlock.of("new $N($N)", name, OPTIONS);
  }

  TypeSpec factoryClass(SharedDoFn dofn, SharedField field, String name) {
    Factory factory = dofn.factories().get(field);
    TypeName fieldType = TypeName.get(field.type());
    boolean serializable = isSerializable(dofn, field);
    TypeSpec.Builder type =
        TypeSpec.classBuilder(name)
            .addModifiers(Modifier.PRIVATE, Modifier.FINAL)
            .addJavadoc(javadoc(dofn, field, factory, serializable))
            .addSuperinterface(
                ParameterizedTypeName.get(BeamTypes.RESOURCE_FACTORY, fieldType.box()));
    if (serializable) {
      type.addSuperinterface(Serializable.class).addField(ImplementedMethods.serialVersionUid());
    }
    String arguments = "";
    if (factory.takesOptions()) {
      ClassName optionsType =
          serializable ? BeamTypes.SERIALIZABLE_OPTIONS : BeamTypes.PIPELINE_OPTIONS_CLASS;
      type.addField(optionsType, OPTIONS, Modifier.PRIVATE, Modifier.FINAL)
          .addMethod(
              MethodSpec.constructorBuilder()
                  .addParameter(optionsType, OPTIONS)
                  .addStatement("this.$N = $N", OPTIONS, OPTIONS)
                  .build());
      arguments = serializable ? OPTIONS + ".get()" : OPTIONS;
    }
    return type.addMethod(
            MethodSpec.methodBuilder(CREATE)
                .addAnnotation(Override.class)
                .addModifiers(Modifier.PUBLIC)
                .returns(fieldType)
                .addException(Exception.class)
                .addStatement("return $L", call(dofn, factory, arguments))
                .build())
        .build();
  }

  /**
   * The call of the user's factory method. Inside this class a plain call to {@code create} would
   * resolve to its own, so that one is qualified. (Object's methods cannot be factories: their
   * result types differ, and overloads are ambiguous.)
   */
  private static CodeBlock call(SharedDoFn dofn, Factory factory, String arguments) {
    if (!factory.name().equals(CREATE)) {
      return CodeBlock.of("$N($L)", factory.name(), arguments);
    }
    return CodeBlock.of(
        "$T.$L$N($L)",
        GeneratedNames.sharedSubclass(dofn.type()),
        factory.isStatic() ? "" : "this.",
        factory.name(),
        arguments);
  }

  private static CodeBlock javadoc(
      SharedDoFn dofn, SharedField field, Factory factory, boolean serializable) {
    CodeBlock.Builder doc =
        CodeBlock.builder()
            .add(
                "Loads {@code $L} with {@code $L($L)} of {@code $L}.",
                field.name(),
                factory.name(),
                factory.takesOptions() ? OPTIONS : "",
                dofn.type().getSimpleName());
    if (serializable) {
      doc.add(
          " Serializable, with this DoFn$L, so that a dedicated host JVM"
              + " ({@code --sharedHostMode=dedicated}) can load it.",
          factory.takesOptions() ? " and the pipeline's options (as JSON)" : "");
    } else if (dofn.remotes().containsKey(field)) {
      doc.add(
          " Not serializable: the pipeline's options travel only with beam-shared-options on the"
              + " class path, so with {@code --sharedHostMode=dedicated} a worker hosts it.");
    }
    return doc.add("\n").build();
  }
}
