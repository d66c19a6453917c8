/**
 * How values cross between JVMs: length-prefixed frames ({@link
 * io.github.beamshared.runtime.transport.FrameChannel}), values ({@link
 * io.github.beamshared.runtime.transport.WireCodec}) and throwables ({@link
 * io.github.beamshared.runtime.transport.ThrowableCodec}). Every class decoded by name, and every
 * class in a Java serialization stream, must pass {@link
 * io.github.beamshared.runtime.transport.AdmittedTypes}.
 */
package io.github.beamshared.runtime.transport;
