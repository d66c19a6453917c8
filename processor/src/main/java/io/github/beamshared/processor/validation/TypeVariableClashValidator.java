package io.github.beamshared.processor.validation;

import io.github.beamshared.processor.base.ProcessorTypes;
import io.github.beamshared.processor.model.SharedField;
import io.github.beamshared.processor.model.Sharing;
import java.util.Set;
import java.util.stream.Collectors;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.TypeParameterElement;
import javax.lang.model.type.DeclaredType;

/**
 * A guard or stub of a field whose type uses the DoFn's type variables declares them too, and
 * implements each method with the method's own type variables: a method's {@code <T>} would hide
 * the DoFn's {@code T} in the generated signature.
 */
final class TypeVariableClashValidator {

  private final ProcessorTypes types;
  private final ErrorReporter reporter;

  TypeVariableClashValidator(ProcessorTypes types, ErrorReporter reporter) {
    this.types = types;
    this.reporter = reporter;
  }

  void validate(TypeElement dofn, SharedField field) {
    boolean wrapped = field.sharing() == Sharing.MACHINE || !field.threadSafe();
    if (!wrapped
        || !(field.type() instanceof DeclaredType type)
        || !ProcessorTypes.mentionsTypeVariable(type)
        || !ProcessorTypes.isInterface(type)) {
      return;
    }
    Set<String> dofnVariables =
        ProcessorTypes.typeParametersInScope(dofn).stream()
            .map(parameter -> parameter.getSimpleName().toString())
            .collect(Collectors.toSet());
    for (ExecutableElement method : types.instanceMethods((TypeElement) type.asElement())) {
      for (TypeParameterElement variable : method.getTypeParameters()) {
        if (dofnVariables.contains(variable.getSimpleName().toString())) {
          reporter.error(
              ErrorCode.TYPE_VARIABLE_CLASH,
              method.getEnclosingElement().getSimpleName()
                  + "."
                  + method.getSimpleName()
                  + " declares its own type variable "
                  + variable.getSimpleName()
                  + ", and "
                  + field.describe()
                  + " of type "
                  + field.type()
                  + " passes the "
                  + variable.getSimpleName()
                  + " in scope of "
                  + dofn.getSimpleName()
                  + " to the interface: the generated "
                  + (field.sharing() == Sharing.MACHINE ? "stub" : "guard")
                  + " could not tell"
                  + " them apart. Rename one of the two type variables.",
              field.element());
        }
      }
    }
  }
}
