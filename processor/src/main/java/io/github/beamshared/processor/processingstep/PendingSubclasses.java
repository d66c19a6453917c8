package io.github.beamshared.processor.processingstep;

import com.google.auto.common.SuperficialValidation;
import com.palantir.javapoet.ClassName;
import io.github.beamshared.processor.base.GeneratedNames;
import io.github.beamshared.processor.base.ProcessorTypes;
import io.github.beamshared.processor.model.SharedDoFn;
import io.github.beamshared.processor.model.SharedField;
import io.github.beamshared.processor.validation.ErrorCode;
import io.github.beamshared.processor.validation.ErrorReporter;
import io.github.beamshared.processor.validation.SharedDoFnValidator;
import io.github.beamshared.processor.writing.SharedDoFnWriter;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.element.Element;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.util.ElementFilter;

/**
 * Validates and writes the {@code _Shared} subclasses at the end of each round, once the round's
 * DoFns are known: a DoFn that only inherits shared fields gets a subclass of its own, and one that
 * leaves methods abstract for its subclasses to implement gets none, as they do.
 */
public final class PendingSubclasses {

  private final ProcessorTypes types;
  private final SharedDoFnValidator validator;
  private final SharedDoFnWriter writer;
  private final ErrorReporter reporter;
  private final Map<TypeElement, List<SharedField>> declaring = new LinkedHashMap<>();
  // DoFns that refer to a type not generated yet, by name: declaring shared fields, or not.
  private final List<String> deferred = new ArrayList<>();
  // The DoFns among the compilation's sources, of every round so far.
  private final List<TypeElement> sourceDoFns = new ArrayList<>();

  public PendingSubclasses(
      ProcessorTypes types,
      SharedDoFnValidator validator,
      SharedDoFnWriter writer,
      ErrorReporter reporter) {
    this.types = types;
    this.validator = validator;
    this.writer = writer;
    this.reporter = reporter;
  }

  /** A class that declares shared fields, {@code fields}, to validate at the round's end. */
  void add(TypeElement owner, List<SharedField> fields) {
    declaring.put(owner, fields);
  }

  /**
   * Validates the round's DoFns, those that declare shared fields and those that only inherit them,
   * with the ones deferred before, then writes every valid one.
   */
  public void writeAll(RoundEnvironment round) {
    // Each DoFn with the shared fields it declares: none if it only inherits them.
    Map<TypeElement, List<SharedField>> owners = new LinkedHashMap<>();
    for (String name : deferred) {
      TypeElement owner = types.elements().getTypeElement(name);
      owners.put(
          owner,
          ElementFilter.fieldsIn(owner.getEnclosedElements()).stream()
              .flatMap(field -> SharedField.of(field).stream())
              .toList());
    }
    deferred.clear();
    owners.putAll(declaring);
    declaring.clear();
    for (TypeElement type : typesIn(round.getRootElements())) {
      if (types.isDoFn(type) && !isGenerated(type)) {
        sourceDoFns.add(type);
        if (onlyInheritsSharedFields(type)) {
          owners.putIfAbsent(type, List.of());
        }
      }
    }
    List<SharedDoFn> valid = new ArrayList<>();
    owners.forEach(
        (owner, fields) -> {
          if (!isComplete(owner)) {
            if (!round.processingOver()) {
              deferred.add(owner.getQualifiedName().toString());
            }
          } else if (isBaseOnly(owner)) {
            validator.validateBase(owner, fields);
          } else {
            validator.validate(owner, fields).ifPresent(valid::add);
          }
        });
    for (SharedDoFn dofn : valid) {
      if (validator.checkNoAbstractMethods(dofn.type())) {
        write(dofn);
      }
    }
  }

  /**
   * A DoFn that leaves methods abstract for the DoFns extending it here to implement: they get the
   * generated subclass, so what only it would need is not checked on this one. Its own fields are,
   * and its subclasses check the rest with the types they bind.
   */
  private boolean isBaseOnly(TypeElement type) {
    return types.isDoFn(type) && validator.leavesMethodsAbstract(type) && isExtendedInSources(type);
  }

  private boolean onlyInheritsSharedFields(TypeElement type) {
    List<SharedField> all = validator.sharedFieldsOf(type);
    return !all.isEmpty()
        && all.stream().noneMatch(field -> field.element().getEnclosingElement().equals(type));
  }

  /**
   * Whether the DoFn, its superclasses and its fields' types are all known: one may use a type that
   * another processor generates in this round, and so be complete in the next.
   */
  private boolean isComplete(TypeElement dofn) {
    return ProcessorTypes.hierarchyBelowDoFn(dofn).stream()
            .allMatch(SuperficialValidation::validateElement)
        && validator.sharedFieldsOf(dofn).stream().allMatch(SharedFieldsStep::typeIsComplete);
  }

  private boolean isExtendedInSources(TypeElement base) {
    return sourceDoFns.stream()
        .anyMatch(
            dofn -> !dofn.equals(base) && ProcessorTypes.hierarchyBelowDoFn(dofn).contains(base));
  }

  /** Our own output, which extends the DoFn it was generated for. */
  private static boolean isGenerated(TypeElement type) {
    return type.getSuperclass().getKind() == TypeKind.DECLARED
        && GeneratedNames.sharedSubclass(
                (TypeElement) ((DeclaredType) type.getSuperclass()).asElement())
            .equals(ClassName.get(type));
  }

  private void write(SharedDoFn dofn) {
    try {
      writer.write(dofn);
    } catch (IOException e) {
      reporter.error(
          ErrorCode.WRITE_FAILED,
          "Could not write "
              + GeneratedNames.sharedSubclass(dofn.type())
              + ", the generated subclass of "
              + dofn.type().getQualifiedName()
              + " ("
              + e
              + "). If another class already has that"
              + " name, rename it or the DoFn.",
          dofn.type());
    }
  }

  /** The types among {@code elements}, nested ones included. */
  private static List<TypeElement> typesIn(Iterable<? extends Element> elements) {
    List<TypeElement> all = new ArrayList<>();
    for (TypeElement type : ElementFilter.typesIn(elements)) {
      all.add(type);
      all.addAll(typesIn(type.getEnclosedElements()));
    }
    return all;
  }
}
