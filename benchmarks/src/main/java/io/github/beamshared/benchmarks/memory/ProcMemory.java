package io.github.beamshared.benchmarks.memory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * A process's memory as Linux reports it in {@code /proc}: resident set size (every page mapped in,
 * shared ones counted in each process) and proportional set size (shared pages divided among the
 * processes that map them, so that the PSS of several processes adds up), and its threads.
 */
final class ProcMemory {

  private ProcMemory() {}

  /** Fails early, with a reason, where {@code /proc} does not report memory (macOS, Windows). */
  static void requireProcfs() {
    if (!Files.isReadable(Path.of("/proc/self/status"))) {
      throw new IllegalStateException(
          "The memory benchmark reads /proc/<pid>/status and runs on Linux only");
    }
  }

  /** {@code VmRSS} of the process in KiB; 0 once it has exited. */
  static long residentKib(long pid) throws IOException {
    return field(Path.of("/proc", Long.toString(pid), "status"), "VmRSS:");
  }

  /** {@code Pss} of the process in KiB; 0 once it has exited, -1 where the kernel lacks it. */
  static long proportionalKib(long pid) throws IOException {
    Path rollup = Path.of("/proc", Long.toString(pid), "smaps_rollup");
    if (!Files.exists(Path.of("/proc/self/smaps_rollup"))) {
      return -1;
    }
    return field(rollup, "Pss:");
  }

  /** The number of threads of the process; 0 once it has exited. */
  static long threads(long pid) throws IOException {
    return field(Path.of("/proc", Long.toString(pid), "status"), "Threads:");
  }

  /** The number of a "Name: 1234 kB" or "Name: 12" line. */
  private static long field(Path file, String name) throws IOException {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.US_ASCII);
    } catch (NoSuchFileException exited) {
      return 0;
    } catch (IOException e) {
      // A process exiting while its file is read; anything else would fail on every call.
      if (Files.exists(file)) {
        throw e;
      }
      return 0;
    }
    for (String line : text.split("\n")) {
      if (line.startsWith(name)) {
        return Long.parseLong(line.substring(name.length()).trim().split("\\s+")[0]);
      }
    }
    return 0;
  }
}
