package io.github.beamshared.processor.writing;

import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import com.palantir.javapoet.TypeVariableName;
import io.github.beamshared.processor.base.GeneratedNames;
import io.github.beamshared.processor.base.ProcessorTypes;
import io.github.beamshared.processor.model.BatchedMethod;
import io.github.beamshared.processor.model.SharedDoFn;
import io.github.beamshared.processor.model.SharedField;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.type.DeclaredType;

/**
 * The nested classes of one generated DoFn, named once so that setup code and the classes agree:
 * per field a {@code <Field>Factory}; per distinct field type, a {@code Guarded<Type>} for fields
 * declared {@code threadSafe = false}, a {@code Batching<Type>} for thread-safe fields with
 * {@code @BatchedBy} methods, a {@code <Type>Remote} for {@code @MultiProcessShared} fields, and a
 * {@code <Method>Batch} per batched method. A name two classes would share is numbered.
 */
final class NestedClasses {

  private final SharedDoFn dofn;
  private final List<TypeVariableName> typeVariables;
  private final Set<String> taken = new HashSet<>();
  private final Map<TypeName, String> guards = new LinkedHashMap<>();
  private final Map<TypeName, String> batchings = new LinkedHashMap<>();
  private final Map<TypeName, String> remotes = new LinkedHashMap<>();
  private final Map<TypeName, Map<ExecutableElement, String>> batchMethods = new LinkedHashMap<>();
  private final Map<SharedField, String> factories = new LinkedHashMap<>();

  NestedClasses(SharedDoFn dofn, List<TypeVariableName> typeVariables) {
    this.dofn = dofn;
    this.typeVariables = typeVariables;
    for (SharedField field : dofn.fields()) {
      String fieldName = field.name();
      factories.put(
          field,
          name(Character.toUpperCase(fieldName.charAt(0)) + fieldName.substring(1) + "Factory"));
      TypeName type = TypeName.get(field.type());
      List<BatchedMethod> batched = dofn.batchesOf(field);
      if (!batched.isEmpty() && !batchMethods.containsKey(type)) {
        Map<ExecutableElement, String> names = new LinkedHashMap<>();
        for (BatchedMethod method : batched) {
          String simple = method.method().getSimpleName().toString();
          names.put(
              method.method(),
              name(Character.toUpperCase(simple.charAt(0)) + simple.substring(1) + "Batch"));
        }
        batchMethods.put(type, names);
      }
      if (!field.threadSafe()) {
        guards.computeIfAbsent(type, unused -> name("Guarded" + simpleName(field)));
      } else if (!batched.isEmpty()) {
        batchings.computeIfAbsent(type, unused -> name("Batching" + simpleName(field)));
      }
      if (dofn.remotes().containsKey(field)) {
        remotes.computeIfAbsent(type, unused -> name(simpleName(field) + "Remote"));
      }
    }
  }

  /** The class {@code field} receives in place of the resource, if any. */
  Optional<String> wrapper(SharedField field) {
    TypeName type = TypeName.get(field.type());
    return Optional.ofNullable(field.threadSafe() ? batchings.get(type) : guards.get(type));
  }

  /** The {@code ResourceFactory} class of {@code field}. */
  String factory(SharedField field) {
    return factories.get(field);
  }

  /** The {@code RemoteInterface} of a {@code @MultiProcessShared} field's type. */
  String remote(SharedField field) {
    return remotes.get(TypeName.get(field.type()));
  }

  /** Whether the classes of {@code field}'s type are generic over the DoFn's type variables. */
  List<TypeVariableName> typeVariablesOf(SharedField field) {
    return ProcessorTypes.mentionsTypeVariable(field.type()) ? typeVariables : List.of();
  }

  /** Every nested class, written by the given writers. */
  List<TypeSpec> write(
      FactoryWriter factoryWriter,
      WrapperWriter wrappers,
      RemoteWriter remoteWriter,
      BatchMethodWriter batchWriter) {
    List<TypeSpec> classes = new ArrayList<>();
    Set<String> written = new HashSet<>();
    for (SharedField field : dofn.fields()) {
      classes.add(factoryWriter.factoryClass(dofn, field, factory(field)));
      DeclaredType type = (DeclaredType) field.type();
      Map<ExecutableElement, String> batchClasses =
          batchMethods.getOrDefault(TypeName.get(type), Map.of());
      Optional<String> wrapper = wrapper(field);
      if (wrapper.isPresent() && written.add(wrapper.get())) {
        classes.add(
            wrappers.wrapper(
                wrapper.get(), type, typeVariablesOf(field), !field.threadSafe(), batchClasses));
      }
      String remote = remote(field);
      if (dofn.remotes().containsKey(field) && written.add(remote)) {
        classes.add(
            remoteWriter.remote(
                remote, dofn.remotes().get(field), typeVariablesOf(field), batchClasses));
      }
      for (BatchedMethod batched : dofn.batchesOf(field)) {
        String name = batchClasses.get(batched.method());
        if (written.add(name)) {
          classes.add(batchWriter.batchMethod(name, type, batched, typeVariablesOf(field)));
        }
      }
    }
    return classes;
  }

  private String name(String preferred) {
    String name = GeneratedNames.unused(preferred, taken);
    taken.add(name);
    return name;
  }

  private static String simpleName(SharedField field) {
    return ((DeclaredType) field.type()).asElement().getSimpleName().toString();
  }
}
