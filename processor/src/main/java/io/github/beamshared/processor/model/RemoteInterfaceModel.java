package io.github.beamshared.processor.model;

import java.util.List;
import java.util.Set;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeMirror;

/**
 * The interface of a {@code @MultiProcessShared} field as another JVM calls it.
 *
 * @param type the field's interface type, with its type arguments
 * @param methods the methods in the order that numbers them: index = method number on the wire
 * @param fingerprint a digest of every method signature, compared when a client connects
 * @param serializableTypes classes in the signatures that cross through Java serialization
 */
public record RemoteInterfaceModel(
    DeclaredType type,
    List<ExecutableElement> methods,
    String fingerprint,
    Set<TypeMirror> serializableTypes) {}
