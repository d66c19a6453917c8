package io.github.beamshared.benchmarks.report;

import io.github.beamshared.testsupport.ChildProcesses;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** The machine a run measured, as the report's table of it: every value read from the machine. */
public final class MachineInfo {

  private MachineInfo() {}

  /** Name to value, in the order the report prints them. */
  public static Map<String, String> describe() {
    Map<String, String> info = new LinkedHashMap<>();
    info.put("CPU", cpuModel());
    info.put(
        "nproc",
        run(List.of("nproc"))
            .orElse(Runtime.getRuntime().availableProcessors() + " (available processors)"));
    info.put("memory", totalMemory());
    info.put("load average at start (1, 5, 15 min)", loadAverage());
    info.put(
        "OS",
        System.getProperty("os.name")
            + " "
            + System.getProperty("os.version")
            + " "
            + System.getProperty("os.arch"));
    info.put(
        "java -version",
        run(List.of(ChildProcesses.jdkTool("java").toString(), "-version"))
            .orElse(System.getProperty("java.vm.name") + " " + System.getProperty("java.version"))
            .replace("\n", "; "));
    return info;
  }

  private static String cpuModel() {
    return lines(Path.of("/proc/cpuinfo")).stream()
        .filter(line -> line.startsWith("model name"))
        .map(line -> line.substring(line.indexOf(':') + 1).trim())
        .findFirst()
        .orElse("unknown (no /proc/cpuinfo)");
  }

  private static String totalMemory() {
    return lines(Path.of("/proc/meminfo")).stream()
        .filter(line -> line.startsWith("MemTotal:"))
        .map(line -> Long.parseLong(line.replaceAll("\\D", "")))
        .map(kib -> String.format(Locale.ROOT, "%.1f GiB (MemTotal %d kB)", kib / 1048576.0, kib))
        .findFirst()
        .orElse("unknown (no /proc/meminfo)");
  }

  private static String loadAverage() {
    List<String> lines = lines(Path.of("/proc/loadavg"));
    if (lines.isEmpty()) {
      return "unknown (no /proc/loadavg)";
    }
    String[] fields = lines.get(0).split("\\s+");
    return fields[0] + ", " + fields[1] + ", " + fields[2];
  }

  private static List<String> lines(Path file) {
    try {
      return Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return List.of();
    }
  }

  /** The trimmed output of a short command, empty if it cannot run or fails. */
  private static Optional<String> run(List<String> command) {
    Process process = null;
    try {
      process = new ProcessBuilder(command).redirectErrorStream(true).start();
      process.getOutputStream().close();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
        return Optional.empty();
      }
      return Optional.of(output.trim());
    } catch (IOException e) {
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    } finally {
      if (process != null) {
        ChildProcesses.destroyAll(List.of(process));
      }
    }
  }
}
