/**
 * Machine-wide sharing: one instance of a tag's resource for all JVMs of one OS user on a machine.
 *
 * <p>{@link io.github.beamshared.runtime.machine.MachineRegistry} keeps one {@code MachineTag} per
 * tag. The JVM that wins the tag's file lock in the {@code Rendezvous} directory hosts the resource
 * ({@code HostServer}, one {@code HostConnection} per connection) and uses it directly; the others
 * reach it through the generated stub over one {@code ClientChannel} each: a control connection for
 * leases and a pool of call {@code Connection}s, whose waits a {@code Watchdog} bounds. Messages
 * are defined in the {@link io.github.beamshared.runtime.protocol protocol} package; their values
 * are encoded by the {@code transport} package. Settings are in {@link
 * io.github.beamshared.runtime.machine.MachineConfig}. A host answers the status command's requests
 * with a {@code HostControl}; {@link io.github.beamshared.runtime.machine.HostSockets} is what the
 * command ({@code runtime.control}) sees of the directory from outside.
 */
package io.github.beamshared.runtime.machine;
