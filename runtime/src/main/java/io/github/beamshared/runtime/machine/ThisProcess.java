package io.github.beamshared.runtime.machine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** This JVM's process id, which its handshakes, lock files and messages name. */
final class ThisProcess {

  static final long PID = currentPid();

  private ThisProcess() {}

  // /proc/self names this process; ProcessHandle.current() would first set up the JDK's process
  // handling (~3 ms of a fresh JVM's first acquire). Elsewhere, ProcessHandle it is.
  private static long currentPid() {
    try {
      return Long.parseLong(Files.readSymbolicLink(Path.of("/proc/self")).toString());
    } catch (IOException | RuntimeException notLinux) {
      return ProcessHandle.current().pid();
    }
  }
}
