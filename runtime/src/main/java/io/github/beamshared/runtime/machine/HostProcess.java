package io.github.beamshared.runtime.machine;

import java.io.File;
import java.io.IOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A dedicated host JVM that this JVM starts for one tag, watched until it answers: the same java
 * and class path as this JVM (or {@value MachineConfig#HOST_JAVA} and {@value
 * MachineConfig#HOST_JVM_OPTIONS}), running {@link DedicatedHost} on a {@link HostRecipe}. Its
 * input is empty and its output goes to its log in the rendezvous directory, so that it outlives
 * this JVM and depends on nothing of it.
 */
final class HostProcess {

  private static final int LOG_LINES_SHOWN = 20;

  private final Process process;
  private final Path recipeFile;
  private final Path log;
  private final long deadline;

  private HostProcess(Process process, Path recipeFile, Path log, long deadline) {
    this.process = process;
    this.recipeFile = recipeFile;
    this.log = log;
    this.deadline = deadline;
  }

  /**
   * Writes {@code recipe} to {@code recipeFile} and starts a host JVM on it, writing to {@code
   * log}, which has until the host start timeout to answer.
   *
   * @throws IOException if the recipe cannot be written (something the factory holds is not
   *     serializable) or the JVM cannot be started (no such java)
   */
  static HostProcess start(HostRecipe recipe, Path recipeFile, Path log, MachineConfig config)
      throws IOException {
    recipe.write(recipeFile);
    List<String> command = new ArrayList<>();
    command.add(config.hostJava());
    command.addAll(config.hostJvmOptions());
    command.add("-D" + HostMode.DEDICATED_PROPERTY + "=true");
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(DedicatedHost.class.getName());
    command.add(recipeFile.toString());
    try {
      Process process =
          new ProcessBuilder(command)
              .redirectInput(Redirect.from(new File("/dev/null")))
              .redirectErrorStream(true)
              .redirectOutput(Redirect.appendTo(log.toFile()))
              .start();
      return new HostProcess(
          process, recipeFile, log, System.nanoTime() + config.hostStartTimeout().toNanos());
    } catch (IOException | RuntimeException e) {
      Files.deleteIfExists(recipeFile);
      throw e;
    }
  }

  long pid() {
    return process.pid();
  }

  boolean isAlive() {
    return process.isAlive();
  }

  /** Whether it exited because another JVM hosts the tag already: nothing went wrong. */
  boolean foundAnotherHost() {
    return !process.isAlive() && process.exitValue() == DedicatedHost.ANOTHER_HOST;
  }

  boolean timedOut() {
    return System.nanoTime() - deadline > 0;
  }

  /**
   * Stops it, when it did not answer in time, and deletes its recipe if it never read it (a JVM
   * that did not start), so that no DoFn stays behind serialized.
   */
  void stop() {
    process.destroyForcibly();
    try {
      Files.deleteIfExists(recipeFile);
    } catch (IOException e) {
      // Left for the next host of the tag, which overwrites it.
    }
  }

  /** Why it did not answer, with the end of its log. */
  String failure() {
    String how =
        process.isAlive()
            ? "did not answer in time"
            : "exited with code " + process.exitValue() + " before it answered";
    return "The dedicated host JVM (pid "
        + pid()
        + ") "
        + how
        + "; the end of its log "
        + log
        + ":\n"
        + logTail();
  }

  private String logTail() {
    try {
      List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
      return String.join(
          "\n", lines.subList(Math.max(0, lines.size() - LOG_LINES_SHOWN), lines.size()));
    } catch (IOException e) {
      return "(unreadable: " + e + ")";
    }
  }
}
