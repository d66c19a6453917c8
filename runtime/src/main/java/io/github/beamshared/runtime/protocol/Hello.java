package io.github.beamshared.runtime.protocol;

/**
 * A client's handshake, the first message of each of its connections.
 *
 * @param version the client's {@link Protocol#VERSION}
 * @param tag the shared resource's tag
 * @param interfaceName the binary name of the tag's shared interface
 * @param fingerprint the interface's fingerprint, which every JVM sharing the tag must have alike
 * @param pid the client's process id
 * @param threadSafe whether the client declares the resource thread-safe, as the host must
 * @param session 0 to start a session (a control connection), else the session a call connection
 *     joins: the one its control connection's WELCOME named
 */
public record Hello(
    int version,
    String tag,
    String interfaceName,
    String fingerprint,
    long pid,
    boolean threadSafe,
    long session) {}
