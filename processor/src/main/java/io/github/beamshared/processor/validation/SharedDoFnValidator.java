package io.github.beamshared.processor.validation;

import com.sun.source.util.Trees;
import io.github.beamshared.processor.base.ProcessorTypes;
import io.github.beamshared.processor.model.BatchedMethod;
import io.github.beamshared.processor.model.BeamTypes;
import io.github.beamshared.processor.model.Factory;
import io.github.beamshared.processor.model.LifecycleMethod;
import io.github.beamshared.processor.model.RemoteInterfaceModel;
import io.github.beamshared.processor.model.SharedDoFn;
import io.github.beamshared.processor.model.SharedField;
import io.github.beamshared.processor.model.Sharing;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import javax.lang.model.element.Element;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.util.ElementFilter;

/**
 * Runs every rule on one DoFn and builds its model only if none failed, so that generation never
 * sees an invalid DoFn and one bad DoFn does not hide the errors of the next.
 */
public final class SharedDoFnValidator {

  private final ProcessorTypes types;
  private final ErrorReporter reporter;
  private final SharedFieldValidator fields;
  private final FieldHierarchyValidator hierarchy;
  private final HiddenTypeNameValidator hiddenTypeNames;
  private final TypeVariableClashValidator typeVariables;
  private final TypeAccessValidator typeAccess;
  private final TagConsistencyValidator tags;
  private final DoFnClassValidator classes;
  private final CapturedFieldsValidator capturedFields;
  private final FactoryValidator factories;
  private final LifecycleValidator lifecycle;
  private final RemoteInterfaceValidator remoteInterfaces;
  private final BatchedByValidator batchedBy;
  private final Optional<CloseCallValidator> closeCalls;
  private boolean notedMissingTrees;

  /** {@code trees} is empty where the compiler is not javac: close calls are then not checked. */
  public SharedDoFnValidator(ProcessorTypes types, Optional<Trees> trees, ErrorReporter reporter) {
    this.types = types;
    this.reporter = reporter;
    this.fields = new SharedFieldValidator(types, reporter);
    this.hierarchy = new FieldHierarchyValidator(reporter);
    this.hiddenTypeNames = new HiddenTypeNameValidator(types, reporter);
    this.typeVariables = new TypeVariableClashValidator(types, reporter);
    this.typeAccess = new TypeAccessValidator(types, reporter);
    this.tags = new TagConsistencyValidator(types.types(), reporter);
    this.classes = new DoFnClassValidator(types, reporter);
    this.capturedFields = new CapturedFieldsValidator(types, reporter);
    this.factories = new FactoryValidator(types, reporter);
    this.lifecycle = new LifecycleValidator(types, reporter);
    Predicate<Element> hasSource =
        element -> trees.map(t -> t.getPath(element) != null).orElse(false);
    this.remoteInterfaces = new RemoteInterfaceValidator(types, reporter, hasSource);
    this.batchedBy = new BatchedByValidator(types, reporter, hasSource);
    this.closeCalls = trees.map(t -> new CloseCallValidator(t, reporter));
  }

  /** The rules for {@code @BatchedBy}, which the processor also runs where a method is declared. */
  public BatchedByValidator batchedBy() {
    return batchedBy;
  }

  /**
   * Validates {@code owner} and the shared fields it declares, all but {@link
   * #checkNoAbstractMethods}.
   *
   * @return the DoFn's model, or empty if an error was reported
   */
  public Optional<SharedDoFn> validate(TypeElement owner, List<SharedField> declared) {
    int errorsBefore = reporter.errorCount();
    validateDeclaredFields(declared);
    if (!types.isDoFn(owner)) {
      return Optional.empty(); // Each field already says it is outside a DoFn.
    }
    classes.validate(owner);
    capturedFields.validate(owner);
    List<SharedField> all = sharedFieldsOf(owner);
    hierarchy.validate(owner, all);
    all.stream()
        .filter(field -> !field.element().getEnclosingElement().equals(owner))
        .forEach(inherited -> tags.validateInherited(owner, inherited));
    all.forEach(field -> typeVariables.validate(owner, field));
    all.forEach(field -> typeAccess.validate(owner, field));
    Set<String> toQualify = hiddenTypeNames.validate(owner, all);
    Map<SharedField, Factory> factoryOf = new LinkedHashMap<>();
    for (SharedField field : all) {
      factories.resolve(owner, field).ifPresent(factory -> factoryOf.put(field, factory));
    }
    Map<SharedField, List<BatchedMethod>> batchesOf = new LinkedHashMap<>();
    for (SharedField field : all) {
      if (ProcessorTypes.isInterface(field.type())) {
        batchedBy.resolve(field).ifPresent(batched -> batchesOf.put(field, batched));
      }
    }
    Map<SharedField, RemoteInterfaceModel> remoteOf = new LinkedHashMap<>();
    for (SharedField field : all) {
      if (field.sharing() == Sharing.MACHINE && ProcessorTypes.isInterface(field.type())) {
        remoteInterfaces.resolve(field).ifPresent(remote -> remoteOf.put(field, remote));
      }
    }
    Optional<LifecycleMethod> setup = lifecycle.setup(owner);
    Optional<LifecycleMethod> teardown = lifecycle.teardown(owner);
    lifecycle.checkOptions(owner, setup, factoryOf.values());
    checkCloseCalls(owner, all);
    boolean appliesSharedOptions = appliesSharedOptions(setup);
    return reporter.errorCount() == errorsBefore
        ? Optional.of(
            new SharedDoFn(
                owner,
                all,
                factoryOf,
                remoteOf,
                batchesOf,
                setup,
                teardown,
                appliesSharedOptions,
                toQualify))
        : Optional.empty();
  }

  /**
   * Validates a DoFn that gets no generated subclass of its own, as its subclasses do: the fields
   * it declares, and the code it has, which must not close them.
   */
  public void validateBase(TypeElement base, List<SharedField> declared) {
    validateDeclaredFields(declared);
    checkCloseCalls(base, sharedFieldsOf(base));
  }

  private void validateDeclaredFields(List<SharedField> declared) {
    declared.forEach(fields::validate);
    declared.forEach(tags::validate);
  }

  /**
   * Reports the methods {@code dofn} leaves abstract, which its generated subclass would have to
   * implement.
   *
   * @return whether there were none
   */
  public boolean checkNoAbstractMethods(TypeElement dofn) {
    return classes.checkNoAbstractMethods(dofn);
  }

  public boolean leavesMethodsAbstract(TypeElement dofn) {
    return !classes.abstractMethods(dofn).isEmpty();
  }

  /**
   * Settings given as pipeline options reach the runtime through the generated setup: when {@code
   * SharedOptions} is on the class path and the setup receives the options. Every DoFn with shared
   * fields applies them, as some ({@code --sharedUnloadWhenUnused}) concern JVM-wide ones too.
   */
  private boolean appliesSharedOptions(Optional<LifecycleMethod> setup) {
    if (types.type(BeamTypes.SHARED_OPTIONS.canonicalName()).isEmpty()) {
      return false;
    }
    if (setup.isPresent() && !setup.get().takesOptions()) {
      reporter.note(
          "beam-shared: "
              + setup.get().name()
              + "() takes no PipelineOptions, so"
              + " SharedOptions (--sharedDirectory, ...) are not applied to this DoFn's shared"
              + " fields; system properties still are. Declare "
              + setup.get().name()
              + "(PipelineOptions options) to apply them.",
          setup.get().method());
      return false;
    }
    return true;
  }

  private void checkCloseCalls(TypeElement owner, List<SharedField> all) {
    if (closeCalls.isPresent()) {
      closeCalls.get().validate(owner, all);
    } else if (!notedMissingTrees) {
      notedMissingTrees = true;
      reporter.note(
          "beam-shared: javac's Trees API is not available in this compiler, so calls"
              + " that close shared resources are not checked. Code generation is not affected.",
          owner);
    }
  }

  /**
   * The shared fields of {@code dofn} and of its superclasses, the base class's first, with their
   * types as {@code dofn} sees them.
   */
  public List<SharedField> sharedFieldsOf(TypeElement dofn) {
    DeclaredType seenFrom = (DeclaredType) dofn.asType();
    List<SharedField> all = new ArrayList<>();
    for (TypeElement type : ProcessorTypes.hierarchyBelowDoFn(dofn)) {
      List<SharedField> declared = new ArrayList<>();
      for (VariableElement field : ElementFilter.fieldsIn(type.getEnclosedElements())) {
        SharedField.of(field)
            .map(shared -> shared.seenFrom(seenFrom, types.types()))
            .ifPresent(declared::add);
      }
      all.addAll(0, declared);
    }
    return all;
  }
}
