package io.github.beamshared.processor.validation;

import com.google.auto.common.MoreElements;
import io.github.beamshared.processor.base.ProcessorTypes;
import io.github.beamshared.processor.model.SharedField;
import java.util.LinkedHashSet;
import java.util.Set;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.TypeParameterElement;
import javax.lang.model.type.ArrayType;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.ExecutableType;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.type.WildcardType;

/**
 * The classes and interfaces that code generated for a DoFn writes down: a shared field's type and,
 * for an interface, the types in its methods' signatures, which the guard and the stub repeat, as
 * members of the field's type, as the DoFn sees it.
 */
final class NamedTypes {

  private final ProcessorTypes types;

  NamedTypes(ProcessorTypes types) {
    this.types = types;
  }

  /** Every type named for {@code field}, nested types and their enclosing ones alike. */
  Set<TypeElement> of(SharedField field) {
    Set<TypeElement> named = new LinkedHashSet<>();
    collect(field.type(), named);
    if (field.type() instanceof DeclaredType declared
        && declared.asElement().getKind() == ElementKind.INTERFACE) {
      for (ExecutableElement method :
          MoreElements.getLocalAndInheritedMethods(
              (TypeElement) declared.asElement(), types.types(), types.elements())) {
        collect(method, (ExecutableType) types.types().asMemberOf(declared, method), named);
      }
    }
    return named;
  }

  /** The types in the signature of {@code method}, as {@code signature} reads it. */
  static void collect(ExecutableElement method, ExecutableType signature, Set<TypeElement> named) {
    collect(signature.getReturnType(), named);
    signature.getParameterTypes().forEach(parameter -> collect(parameter, named));
    signature.getThrownTypes().forEach(thrown -> collect(thrown, named));
    for (TypeParameterElement variable : method.getTypeParameters()) {
      variable.getBounds().forEach(bound -> collect(bound, named));
    }
  }

  static void collect(TypeMirror type, Set<TypeElement> named) {
    switch (type.getKind()) {
      case ARRAY -> collect(((ArrayType) type).getComponentType(), named);
      case WILDCARD -> {
        WildcardType wildcard = (WildcardType) type;
        if (wildcard.getExtendsBound() != null) {
          collect(wildcard.getExtendsBound(), named);
        }
        if (wildcard.getSuperBound() != null) {
          collect(wildcard.getSuperBound(), named);
        }
      }
      case DECLARED -> {
        DeclaredType declared = (DeclaredType) type;
        named.add((TypeElement) declared.asElement());
        declared.getTypeArguments().forEach(argument -> collect(argument, named));
      }
      default -> {
        // Primitives, void and type variables name no class.
      }
    }
  }
}
