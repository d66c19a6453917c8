/**
 * The status command, the runtime jar's main class: {@code java -jar
 * beam-shared-runtime-<version>.jar status [--dir D] [--json]}, {@code unload TAG} and {@code stop
 * TAG}. {@link io.github.beamshared.runtime.control.Main} reads the arguments; {@link
 * io.github.beamshared.runtime.machine.HostProbe} asks one host over its socket, checking its OS
 * user and bounding every wait; {@code StatusListing} asks every host of a rendezvous directory at
 * once; {@code TextTable} and {@code Json} print what they answered. The command runs from the
 * runtime jar alone, so nothing here loads slf4j.
 */
package io.github.beamshared.runtime.control;
