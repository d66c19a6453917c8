package io.github.beamshared.processor.validation;

import com.google.auto.common.MoreElements;
import io.github.beamshared.processor.base.GeneratedNames;
import io.github.beamshared.processor.base.ProcessorTypes;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.NestingKind;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.ElementFilter;

/** Rules for the DoFn class itself: the generated class must be able to extend it. */
public final class DoFnClassValidator {

  private final ProcessorTypes types;
  private final ErrorReporter reporter;

  public DoFnClassValidator(ProcessorTypes types, ErrorReporter reporter) {
    this.types = types;
    this.reporter = reporter;
  }

  public void validate(TypeElement dofn) {
    String name = dofn.getSimpleName().toString();
    String generated = GeneratedNames.sharedSubclass(dofn).simpleName();
    NestingKind nesting = dofn.getNestingKind();
    if (nesting == NestingKind.LOCAL || nesting == NestingKind.ANONYMOUS) {
      reporter.error(
          ErrorCode.DO_FN_NOT_SUBCLASSABLE,
          "A "
              + nesting.name().toLowerCase(Locale.ROOT)
              + " class"
              + " cannot be extended by generated code. Move the DoFn with shared fields to a"
              + " top-level or static nested class.",
          dofn);
      return;
    }
    if (dofn.getModifiers().contains(Modifier.FINAL)) {
      reporter.error(
          ErrorCode.DO_FN_FINAL,
          name
              + " is final, but "
              + generated
              + " must extend it."
              + " Make it abstract and not final.",
          dofn);
    } else if (!dofn.getModifiers().contains(Modifier.ABSTRACT)) {
      reporter.error(
          ErrorCode.DO_FN_NOT_ABSTRACT,
          name
              + " has shared fields but is not abstract, so"
              + " it could be used without "
              + generated
              + ", which sets them up. Declare it abstract"
              + " and use new "
              + generated
              + "(...).",
          dofn);
    }
    // A private class's implicit constructor is private too: one error is enough for both.
    if (!checkNotPrivate(dofn, generated)
        && ElementFilter.constructorsIn(dofn.getEnclosedElements()).stream()
            .allMatch(c -> c.getModifiers().contains(Modifier.PRIVATE))) {
      reporter.error(
          ErrorCode.DO_FN_NOT_SUBCLASSABLE,
          name
              + " has only private constructors, so "
              + generated
              + " cannot extend it. Make a constructor package-private or wider.",
          dofn);
    }
    checkEnclosingInstance(dofn);
  }

  /**
   * The generated subclass is concrete and implements nothing of the user's. Checked apart from
   * {@link #validate}, as a DoFn that other DoFns of the compilation extend may leave methods
   * abstract: those subclasses get the generated subclass instead.
   *
   * @return whether no method is left abstract
   */
  public boolean checkNoAbstractMethods(TypeElement dofn) {
    List<ExecutableElement> abstractMethods = abstractMethods(dofn);
    String generated = GeneratedNames.sharedSubclass(dofn).simpleName();
    for (ExecutableElement method : abstractMethods) {
      Element declaring = method.getEnclosingElement();
      String how =
          ProcessorTypes.isAccessibleFromPackageOf(method, dofn)
              ? "Implement it in "
                  + dofn.getSimpleName()
                  + ", or in a subclass compiled with it,"
                  + " which then gets the generated subclass."
              : "It is package-private in "
                  + MoreElements.getPackage(declaring).getQualifiedName()
                  + ", so no class of "
                  + dofn.getSimpleName()
                  + "'s package can implement it:"
                  + " make it protected in "
                  + declaring.getSimpleName()
                  + ".";
      reporter.error(
          ErrorCode.DO_FN_ABSTRACT_METHOD,
          dofn.getSimpleName()
              + " leaves "
              + method.getSimpleName()
              + "() abstract, but "
              + generated
              + " only sets up shared"
              + " fields and implements nothing else. "
              + how,
          declaring.equals(dofn) ? method : dofn);
    }
    return abstractMethods.isEmpty();
  }

  /**
   * The methods {@code dofn} leaves abstract: those it inherits, and the package-private ones of a
   * superclass in another package, which it does not inherit and cannot implement, unless a class
   * between them, in that package, did.
   */
  public List<ExecutableElement> abstractMethods(TypeElement dofn) {
    List<ExecutableElement> found =
        new ArrayList<>(
            MoreElements.getLocalAndInheritedMethods(dofn, types.types(), types.elements()).stream()
                .filter(method -> method.getModifiers().contains(Modifier.ABSTRACT))
                .toList());
    List<TypeElement> hierarchy = ProcessorTypes.hierarchyBelowDoFn(dofn);
    for (int i = 0; i < hierarchy.size(); i++) {
      for (ExecutableElement method :
          ElementFilter.methodsIn(hierarchy.get(i).getEnclosedElements())) {
        if (method.getModifiers().contains(Modifier.ABSTRACT)
            && !found.contains(method)
            && !ProcessorTypes.isAccessibleFromPackageOf(method, dofn)
            && !isImplementedBelow(method, hierarchy.subList(0, i))) {
          found.add(method);
        }
      }
    }
    return found;
  }

  private boolean isImplementedBelow(ExecutableElement method, List<TypeElement> below) {
    return below.stream()
        .anyMatch(
            type ->
                ElementFilter.methodsIn(type.getEnclosedElements()).stream()
                    .anyMatch(
                        candidate ->
                            !candidate.getModifiers().contains(Modifier.ABSTRACT)
                                && types.elements().overrides(candidate, method, type)));
  }

  /** Returns whether the DoFn or a class enclosing it is private, which it reports. */
  private boolean checkNotPrivate(TypeElement dofn, String generated) {
    for (Element e = dofn; e.getKind() != ElementKind.PACKAGE; e = e.getEnclosingElement()) {
      if (e.getModifiers().contains(Modifier.PRIVATE)) {
        reporter.error(
            ErrorCode.DO_FN_NOT_SUBCLASSABLE,
            e.getSimpleName()
                + " is private, so "
                + generated
                + " cannot extend "
                + dofn.getSimpleName()
                + ". Make it package-private"
                + " or wider.",
            dofn);
        return true;
      }
    }
    return false;
  }

  /** An inner (non-static) DoFn serializes its enclosing instance along with itself. */
  private void checkEnclosingInstance(TypeElement dofn) {
    if (!ProcessorTypes.isInner(dofn)) {
      return;
    }
    TypeElement outer = (TypeElement) dofn.getEnclosingElement();
    if (!types.isSerializable(outer.asType())) {
      reporter.error(
          ErrorCode.DO_FN_CAPTURES_OUTER,
          dofn.getSimpleName()
              + " is an inner class, so"
              + " every instance captures the enclosing "
              + outer.getSimpleName()
              + ", which is not"
              + " Serializable and would fail when Beam serializes the DoFn. Make "
              + dofn.getSimpleName()
              + " static.",
          dofn);
    }
  }
}
