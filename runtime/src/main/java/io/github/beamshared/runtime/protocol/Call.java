package io.github.beamshared.runtime.protocol;

/**
 * A call as the host receives it.
 *
 * @param method the number of the method in the shared interface (methods sorted by signature)
 * @param arguments the arguments, decoded
 */
@SuppressWarnings("ArrayRecordComponent") // handed to the resource's method, never compared
public record Call(int method, Object[] arguments) {}
