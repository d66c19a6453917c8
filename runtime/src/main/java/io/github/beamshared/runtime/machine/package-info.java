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
 * io.github.beamshared.runtime.machine.MachineConfig}.
 *
 * <p>A tag may have several copies, each elected and served as above under files of its own; a JVM
 * joins the least leased one ({@code CopyChooser}). In dedicated mode the JVM that wins a copy's
 * election starts a host JVM for it ({@code HostProcess}), which runs {@link
 * io.github.beamshared.runtime.machine.DedicatedHost} on a {@code HostRecipe}.
 *
 * <p>A host answers the status command's requests with a {@code HostControl}; {@link
 * io.github.beamshared.runtime.machine.HostProbe} asks one host, for the command and for {@code
 * CopyChooser}; {@link io.github.beamshared.runtime.machine.HostSockets} is what the command
 * ({@code runtime.control}) sees of the directory from outside.
 */
package io.github.beamshared.runtime.machine;
