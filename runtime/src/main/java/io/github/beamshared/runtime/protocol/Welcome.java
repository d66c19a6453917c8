package io.github.beamshared.runtime.protocol;

/**
 * A host's acceptance of a handshake.
 *
 * @param hostPid the host's process id, which errors name
 * @param session the session the connection started or joined
 * @param maxFrameBytes the largest message the host accepts: the client sends none larger
 */
public record Welcome(long hostPid, long session, int maxFrameBytes) {}
