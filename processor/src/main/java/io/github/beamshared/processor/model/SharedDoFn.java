package io.github.beamshared.processor.model;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.lang.model.element.TypeElement;

/**
 * A validated DoFn: everything the writer needs, nothing it has to look up again.
 *
 * @param type the user's abstract DoFn
 * @param fields its shared fields, inherited ones included, in declaration order
 * @param factories the factory of each field
 * @param remotes the wire model of each {@code @MultiProcessShared} field's interface
 * @param batches the {@code @BatchedBy} methods of each field's interface, none for a class
 * @param setup the user's {@code @Setup} method, if any
 * @param teardown the user's {@code @Teardown} method, if any
 * @param appliesSharedOptions whether setup applies {@code SharedOptions} before acquiring
 * @param inheritedNames simple names of the user's types that Beam's DoFn hides with member types
 *     of the same name, so the generated subclass must write them qualified
 */
public record SharedDoFn(
    TypeElement type,
    List<SharedField> fields,
    Map<SharedField, Factory> factories,
    Map<SharedField, RemoteInterfaceModel> remotes,
    Map<SharedField, List<BatchedMethod>> batches,
    Optional<LifecycleMethod> setup,
    Optional<LifecycleMethod> teardown,
    boolean appliesSharedOptions,
    Set<String> inheritedNames) {

  /** The {@code @BatchedBy} methods of {@code field}'s interface. */
  public List<BatchedMethod> batchesOf(SharedField field) {
    return batches.getOrDefault(field, List.of());
  }

  /** Whether the generated setup receives the pipeline's options: it overrides or needs them. */
  public boolean setupTakesOptions() {
    return setup
        .map(LifecycleMethod::takesOptions)
        .orElseGet(
            () ->
                appliesSharedOptions
                    || factories.values().stream().anyMatch(Factory::takesOptions));
  }
}
