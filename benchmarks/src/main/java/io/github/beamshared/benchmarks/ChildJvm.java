package io.github.beamshared.benchmarks;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A child JVM running a main class of this module: commands go to its stdin, its stdout lines are
 * kept, its stderr goes to a file. Every wait is bounded, and {@link #close()} kills it.
 */
public final class ChildJvm implements AutoCloseable {

  private final Process process;
  private final Path stderr;
  private final PrintStream commands;
  private final List<String> lines = new ArrayList<>();
  private int consumed;
  // Set once stdout has ended: a child that exited prints nothing more.
  private boolean readerDone;

  private ChildJvm(Process process, Path stderr) {
    this.process = process;
    this.stderr = stderr;
    this.commands = new PrintStream(process.getOutputStream(), true);
    Thread reader = new Thread(this::readLines, "child-" + process.pid() + "-stdout");
    reader.setDaemon(true);
    reader.start();
  }

  /** Starts {@code main} with {@code jvmArguments}, then {@code arguments}. */
  public static ChildJvm start(Class<?> main, List<String> jvmArguments, List<String> arguments,
      Path stderr) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmArguments);
    command.add("-cp");
    command.add(ChildProcesses.classPath());
    command.add(main.getName());
    command.addAll(arguments);
    Files.createDirectories(stderr.getParent());
    Process process = new ProcessBuilder(command).redirectError(stderr.toFile()).start();
    return new ChildJvm(process, stderr);
  }

  public long pid() {
    return process.pid();
  }

  public void send(String command) {
    commands.println(command);
  }

  /** Waits for the next line, after those already returned, that starts with {@code prefix}. */
  public synchronized String expect(String prefix, long timeoutSeconds)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
    while (true) {
      for (int i = consumed; i < lines.size(); i++) {
        if (lines.get(i).startsWith(prefix)) {
          consumed = i + 1;
          return lines.get(i);
        }
      }
      long left = deadline - System.nanoTime();
      if (left <= 0 || (!process.isAlive() && readerDone)) {
        throw new IllegalStateException("Child JVM " + pid() + " printed no line starting with '"
            + prefix + "' within " + timeoutSeconds + " s. " + diagnostics());
      }
      TimeUnit.NANOSECONDS.timedWait(this, Math.min(left, TimeUnit.MILLISECONDS.toNanos(200)));
    }
  }

  /** Every line printed so far that starts with {@code prefix}, in order. */
  public synchronized List<String> lines(String prefix) {
    return lines.stream().filter(line -> line.startsWith(prefix)).toList();
  }

  /** Closes the child's stdin and waits for it to exit, at most {@code seconds}. */
  public boolean finish(long seconds) throws InterruptedException {
    commands.close();
    return process.waitFor(seconds, TimeUnit.SECONDS);
  }

  /** Kills the child and waits, bounded, for it to be gone. */
  @Override
  public void close() {
    process.destroyForcibly();
    try {
      process.waitFor(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private synchronized String diagnostics() {
    String errors;
    try {
      errors = Files.readString(stderr);
    } catch (IOException e) {
      errors = e.toString();
    }
    if (errors.length() > 4000) {
      errors = "..." + errors.substring(errors.length() - 4000);
    }
    return "alive=" + process.isAlive() + "\nstdout:\n" + String.join("\n", lines)
        + "\nstderr (" + stderr + "):\n" + errors;
  }

  private void readLines() {
    try (BufferedReader out =
        new BufferedReader(new InputStreamReader(process.getInputStream()))) {
      for (String line = out.readLine(); line != null; line = out.readLine()) {
        synchronized (this) {
          lines.add(line);
          notifyAll();
        }
      }
    } catch (IOException e) {
      // The child is gone; waits for its lines fail with its output.
    } finally {
      synchronized (this) {
        readerDone = true;
        notifyAll();
      }
    }
  }
}
