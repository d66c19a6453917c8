package io.github.beamshared.processor.writing;

import com.google.auto.common.GeneratedAnnotations;
import com.google.auto.common.MoreElements;
import com.palantir.javapoet.AnnotationSpec;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.JavaFile;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterSpec;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import com.palantir.javapoet.TypeVariableName;
import io.github.beamshared.processor.base.GeneratedNames;
import io.github.beamshared.processor.base.ProcessorTypes;
import io.github.beamshared.processor.model.BeamTypes;
import io.github.beamshared.processor.model.Factory;
import io.github.beamshared.processor.model.LifecycleMethod;
import io.github.beamshared.processor.model.SharedDoFn;
import io.github.beamshared.processor.model.SharedField;
import java.io.IOException;
import java.io.Writer;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import javax.annotation.processing.Filer;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.ElementFilter;
import javax.tools.JavaFileObject;

/**
 * Writes {@code <DoFn>_Shared}: constructors passing through to the DoFn's, a {@code @Setup} that
 * leases every shared field from the runtime before the user's setup runs, a {@code @Teardown} that
 * releases them after the user's teardown, and a lock-holding wrapper per interface of the fields
 * declared {@code threadSafe = false}.
 */
public final class SharedDoFnWriter {

  private static final String LEASES_FIELD = "sharedLeases";
  private static final String OPTIONS = "options";

  private final Filer filer;
  private final ProcessorTypes types;
  private final SourceVersion sourceVersion;
  private final FactoryWriter factories = new FactoryWriter();
  private final WrapperWriter wrappers;
  private final RemoteWriter remotes;
  private final BatchMethodWriter batchMethods;

  public SharedDoFnWriter(Filer filer, ProcessorTypes types, SourceVersion sourceVersion) {
    this.filer = filer;
    this.types = types;
    this.sourceVersion = sourceVersion;
    this.wrappers = new WrapperWriter(types);
    this.remotes = new RemoteWriter(types);
    this.batchMethods = new BatchMethodWriter(types);
  }

  public void write(SharedDoFn dofn) throws IOException {
    TypeElement type = dofn.type();
    ClassName name = GeneratedNames.sharedSubclass(type);
    // Outer<X>.InnerFn's generated class, top-level, declares X too.
    List<TypeVariableName> typeVariables =
        ProcessorTypes.typeParametersInScope(type).stream().map(TypeVariableName::get).toList();
    NestedClasses nested = new NestedClasses(dofn, typeVariables);

    TypeSpec.Builder subclass =
        TypeSpec.classBuilder(name)
            .addOriginatingElement(type)
            .addJavadoc(classJavadoc(dofn, name))
            .addModifiers(Modifier.FINAL)
            .addTypeVariables(typeVariables)
            .superclass(TypeName.get(type.asType()))
            .alwaysQualify(nestedTypeNamesBelowDoFn(type))
            .alwaysQualify(dofn.inheritedNames().toArray(String[]::new))
            .alwaysQualify(javaLangNamesTakenInPackageOf(type));
    // Generated code names the user's fields as this.<name>: the leases field must not hide one.
    String leasesField = GeneratedNames.unused(LEASES_FIELD, fieldNamesBelowDoFn(type));
    subclass.addField(ImplementedMethods.serialVersionUid());
    subclass.addField(BeamTypes.HELD_LEASES, leasesField, Modifier.PRIVATE, Modifier.TRANSIENT);
    generatedAnnotation().ifPresent(subclass::addAnnotation);
    // It implements, overrides and calls whatever the user's types declare, deprecated or not:
    // the user sees those warnings on their own code, not again on this class.
    subclass.addAnnotation(ImplementedMethods.suppressWarnings("deprecation", "removal"));
    if (type.getModifiers().contains(Modifier.PUBLIC)) {
      subclass.addModifiers(Modifier.PUBLIC);
    }
    for (ExecutableElement constructor : ElementFilter.constructorsIn(type.getEnclosedElements())) {
      if (!constructor.getModifiers().contains(Modifier.PRIVATE)) {
        subclass.addMethod(constructor(type, constructor));
      }
    }
    subclass.addMethod(setup(dofn, leasesField, nested));
    subclass.addMethod(teardown(dofn, leasesField));
    subclass.addTypes(nested.write(factories, wrappers, remotes, batchMethods));
    TypeSpec written = subclass.build();
    String source =
        JavaFile.builder(name.packageName(), written).skipJavaLangImports(true).build().toString();
    JavaFileObject file =
        filer.createSourceFile(
            name.canonicalName(), written.originatingElements().toArray(new Element[0]));
    try (Writer out = file.openWriter()) {
      out.write(SourceWrapping.wrap(source));
    }
  }

  private Optional<AnnotationSpec> generatedAnnotation() {
    return GeneratedAnnotations.generatedAnnotation(types.elements(), sourceVersion)
        .map(
            generated ->
                AnnotationSpec.builder(ClassName.get(generated))
                    .addMember("value", "$S", "io.github.beamshared.processor.SharedProcessor")
                    .build());
  }

  private static CodeBlock classJavadoc(SharedDoFn dofn, ClassName name) {
    CodeBlock.Builder doc =
        CodeBlock.builder()
            .add(
                "{@link $T} with its shared fields set up: use {@code new $L(...)} where you would"
                    + " use\n{@code $L}.\n\n",
                dofn.type(),
                name.simpleName(),
                dofn.type().getSimpleName())
            .add(
                "<p>{@code @Setup} leases each field's resource from {@link $T} by its tag. A tag's"
                    + " factory runs\nonce, for its first lease: once per JVM for {@code @Shared}, once per"
                    + " machine, in the JVM that\nhosts it, for {@code @MultiProcessShared}; every other"
                    + " DoFn instance and thread gets the same\nresource:\n\n<ul>\n",
                BeamTypes.SHARED_RESOURCES);
    for (SharedField field : dofn.fields()) {
      Factory factory = dofn.factories().get(field);
      doc.add(
          "  <li>{@code $L}: $L tag <code>$L</code>$L, loaded by {@code $L($L)}, $L$L\n",
          field.name(),
          field.sharing().simpleName(),
          javadocText(field.tag()),
          field.copies() == 1 ? "" : " (" + field.copies() + " copies on the machine)",
          factory.name(),
          factory.takesOptions() ? "options" : "",
          field.threadSafe()
              ? "called concurrently (threadSafe = true)"
              : "one call at a time under the tag's lock (threadSafe = false)",
          dofn.batchesOf(field).isEmpty()
              ? ""
              : dofn.batchesOf(field).stream()
                  .map(batched -> "{@code " + batched.method().getSimpleName() + "}")
                  .collect(Collectors.joining(", ", "; calls of ", " run in batches")));
    }
    return doc.add(
            "</ul>\n\n<p>{@code @Teardown} releases the leases but never closes a resource:"
                + " it stays loaded for the next\nDoFn instance until {@link $T#unload(String)}.\n\n"
                + "<p>Generated by beam-shared from {@code $L}; do not edit.\n",
            BeamTypes.SHARED_RESOURCES,
            dofn.type().getQualifiedName())
        .build();
  }

  /**
   * {@code text} as a quoted Java string that reads the same in the Javadoc: a tag may hold {@code
   * *}{@code /}, which would end the comment, or braces and {@code @}, which start tags.
   */
  private static String javadocText(String text) {
    return CodeBlock.of("$S", text)
        .toString()
        .replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("*/", "*&#47;")
        .replace("{", "&#123;")
        .replace("}", "&#125;")
        .replace("@", "&#64;");
  }

  private MethodSpec constructor(TypeElement type, ExecutableElement constructor) {
    MethodSpec.Builder builder =
        MethodSpec.constructorBuilder()
            .addJavadoc(
                "Creates the DoFn as {@code $L}'s constructor does.\n", type.getSimpleName())
            .varargs(constructor.isVarArgs());
    // What the user's constructor suppresses, this one, which passes everything on, does too.
    Set<String> suppressed = new LinkedHashSet<>();
    SuppressWarnings userSuppressed = constructor.getAnnotation(SuppressWarnings.class);
    if (userSuppressed != null) {
      suppressed.addAll(List.of(userSuppressed.value()));
    }
    if (constructor.getAnnotation(SafeVarargs.class) != null) {
      builder.addAnnotation(SafeVarargs.class);
      suppressed.add("varargs"); // passing the array on to a safe constructor is safe
    }
    if (!suppressed.isEmpty()) {
      builder.addAnnotation(ImplementedMethods.suppressWarnings(suppressed.toArray(String[]::new)));
    }
    if (!constructor.getModifiers().isEmpty()) {
      builder.addModifiers(Modifier.PUBLIC); // Wider than protected: users instantiate this class.
    }
    constructor.getTypeParameters().forEach(p -> builder.addTypeVariable(TypeVariableName.get(p)));
    constructor.getThrownTypes().forEach(t -> builder.addException(TypeName.get(t)));
    String arguments =
        constructor.getParameters().stream()
            .map(parameter -> parameter.getSimpleName().toString())
            .collect(Collectors.joining(", "));
    if (ProcessorTypes.isInner(type)) {
      TypeElement outer = (TypeElement) type.getEnclosingElement();
      String outerName =
          GeneratedNames.unused(
              "outer",
              constructor.getParameters().stream()
                  .map(parameter -> parameter.getSimpleName().toString())
                  .collect(Collectors.toSet()));
      builder.addParameter(TypeName.get(outer.asType()), outerName);
      builder.addParameters(parameters(constructor));
      return builder.addStatement("$N.super($L)", outerName, arguments).build();
    }
    return builder
        .addParameters(parameters(constructor))
        .addStatement("super($L)", arguments)
        .build();
  }

  private MethodSpec setup(SharedDoFn dofn, String leasesField, NestedClasses nested) {
    Optional<LifecycleMethod> userSetup = dofn.setup();
    MethodSpec.Builder setup =
        lifecycleMethod(userSetup, "setUpSharedResources", BeamTypes.SETUP_ANNOTATION);
    setup.addJavadoc(
        "Leases the shared resources, loading any not loaded yet in this JVM$L.\n",
        userSetup
            .map(m -> ", then runs {@link " + dofn.type().getSimpleName() + "#" + m.name() + "}")
            .orElse(""));
    if (dofn.setupTakesOptions()) {
      setup.addParameter(BeamTypes.PIPELINE_OPTIONS_CLASS, OPTIONS);
    }
    if (dofn.appliesSharedOptions()) {
      setup.addStatement(
          "$T.configure($T.settings($N))",
          BeamTypes.SHARED_RESOURCES,
          BeamTypes.SHARED_OPTIONS,
          OPTIONS);
    }
    setup
        .addStatement("$T leases = new $T()", BeamTypes.HELD_LEASES, BeamTypes.HELD_LEASES)
        .addStatement("$N = leases", leasesField)
        .beginControlFlow("try");
    for (SharedField field : dofn.fields()) {
      TypeName fieldType = TypeName.get(field.type());
      String lease = field.name() + "Lease";
      CodeBlock create = FactoryWriter.instance(dofn, field, nested.factory(field));
      String diamond = ProcessorTypes.mentionsTypeVariable(field.type()) ? "<>" : "";
      // $W and $Z: JavaPoet breaks the line there if it would pass 100 columns.
      CodeBlock acquire =
          dofn.remotes().containsKey(field)
              ? CodeBlock.of(
                  "$T.machineWide($Z$S,$Wnew $N$L(),$W$L,$W$L$L)",
                  BeamTypes.SHARED_RESOURCES,
                  field.tag(),
                  nested.remote(field),
                  diamond,
                  field.threadSafe(),
                  field.copies() == 1 ? CodeBlock.of("") : CodeBlock.of("$L,$W", field.copies()),
                  create)
              : CodeBlock.of(
                  "$T.jvmWide($Z$S,$W$T.class,$W$L)",
                  BeamTypes.SHARED_RESOURCES,
                  field.tag(),
                  types.types().erasure(field.type()),
                  create);
      setup.addStatement(
          "$T$W$N =$Wleases.add($L)",
          ParameterizedTypeName.get(BeamTypes.LEASE, fieldType.box()),
          lease,
          acquire);
      Optional<String> wrapper = nested.wrapper(field);
      if (wrapper.isPresent()) {
        setup.addStatement(
            "this.$N =$Wnew $N$L($Z$N)", field.name(), wrapper.get(), diamond, lease);
      } else {
        setup.addStatement("this.$N = $N.get()", field.name(), lease);
      }
    }
    userSetup.ifPresent(
        m -> setup.addStatement("super.$N($L)", m.name(), m.takesOptions() ? OPTIONS : ""));
    return setup
        .nextControlFlow("catch ($T failure)", Throwable.class)
        .addComment("Hold nothing if this DoFn instance never finishes setting up.")
        .addStatement("leases.releaseAll()")
        .addStatement("throw failure")
        .endControlFlow()
        .build();
  }

  private MethodSpec teardown(SharedDoFn dofn, String leasesField) {
    Optional<LifecycleMethod> userTeardown = dofn.teardown();
    MethodSpec.Builder teardown =
        lifecycleMethod(userTeardown, "tearDownSharedResources", BeamTypes.TEARDOWN_ANNOTATION);
    teardown.addJavadoc(
        "$L the shared resources without closing them: they stay loaded for the"
            + " next DoFn\ninstance.\n",
        userTeardown
            .map(
                m ->
                    "Runs {@link "
                        + dofn.type().getSimpleName()
                        + "#"
                        + m.name()
                        + "}, then releases")
            .orElse("Releases"));
    userTeardown.ifPresent(
        m ->
            teardown
                .beginControlFlow("try")
                .addStatement("super.$N()", m.name())
                .nextControlFlow("finally"));
    for (SharedField field : dofn.fields()) {
      teardown.addStatement("this.$N = null", field.name());
    }
    teardown
        .beginControlFlow("if ($N != null)", leasesField)
        .addStatement("$N.releaseAll()", leasesField)
        .addStatement("$N = null", leasesField)
        .endControlFlow();
    userTeardown.ifPresent(m -> teardown.endControlFlow());
    return teardown.build();
  }

  /** Overrides the user's lifecycle method if there is one, else declares a new one. */
  private static MethodSpec.Builder lifecycleMethod(
      Optional<LifecycleMethod> user, String defaultName, ClassName annotation) {
    MethodSpec.Builder method =
        MethodSpec.methodBuilder(user.map(LifecycleMethod::name).orElse(defaultName))
            .addModifiers(Modifier.PUBLIC);
    user.ifPresent(
        m -> {
          method.addAnnotation(Override.class);
          m.method().getThrownTypes().forEach(t -> method.addException(TypeName.get(t)));
        });
    return method.addAnnotation(annotation);
  }

  /**
   * Simple names that would resolve to the user's own nested types inside the subclass, so imported
   * types of the same name must be written qualified. DoFn's own nested types (Setup, Teardown) are
   * left out so that they read as {@code DoFn.Setup}; the model names those that hide a type the
   * generated code uses.
   */
  private static String[] nestedTypeNamesBelowDoFn(TypeElement dofn) {
    return ProcessorTypes.hierarchyBelowDoFn(dofn).stream()
        .flatMap(type -> ElementFilter.typesIn(type.getEnclosedElements()).stream())
        .map(nested -> nested.getSimpleName().toString())
        .distinct()
        .toArray(String[]::new);
  }

  /**
   * Names of {@code java.lang} types, which generated code writes unqualified (Override,
   * SuppressWarnings, Exception, ...), that a class of the DoFn's own package takes there.
   */
  private String[] javaLangNamesTakenInPackageOf(TypeElement dofn) {
    return ElementFilter.typesIn(MoreElements.getPackage(dofn).getEnclosedElements()).stream()
        .map(type -> type.getSimpleName().toString())
        .filter(name -> types.elements().getTypeElement("java.lang." + name) != null)
        .toArray(String[]::new);
  }

  private static Set<String> fieldNamesBelowDoFn(TypeElement dofn) {
    return ProcessorTypes.hierarchyBelowDoFn(dofn).stream()
        .flatMap(type -> ElementFilter.fieldsIn(type.getEnclosedElements()).stream())
        .map(field -> field.getSimpleName().toString())
        .collect(Collectors.toSet());
  }

  private static List<ParameterSpec> parameters(ExecutableElement method) {
    return method.getParameters().stream().map(ParameterSpec::get).toList();
  }
}
