package io.github.beamshared.runtime.protocol;

/**
 * A request of the status command ({@code io.github.beamshared.runtime.control}): STATUS, UNLOAD or
 * STOP, the only message of a connection of its own, which the host answers and then hangs up.
 *
 * @param version the command's {@link Protocol#VERSION}: a host of another refuses the request
 * @param pid the command's process id, which the host's log names
 * @param tag the tag to unload or stop, which the host checks is its own (two tags' socket names
 *     may collide); "" for a STATUS, which asks whichever tag the socket serves
 */
public record ControlRequest(int version, long pid, String tag) {}
