package io.github.beamshared.testsupport;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A child JVM running a main class of the running class path: commands go to its stdin, its stdout
 * lines are kept in order, its stderr goes to a file. Every wait is bounded, and {@link #close()}
 * kills it. A child that does not print what a caller waits for fails the caller with an {@link
 * AssertionError} that carries the child's output, so a test reports it as a failure.
 */
public final class ChildJvm implements AutoCloseable {

  /** The longest {@link #expect(String)} and {@link #askUntil} wait. */
  public static final long WAIT_SECONDS = 30;

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
    this.commands = new PrintStream(process.getOutputStream(), true, StandardCharsets.UTF_8);
    Thread reader = new Thread(this::readLines, "child-" + process.pid() + "-stdout");
    reader.setDaemon(true);
    reader.start();
  }

  /** Starts {@code main} with {@code jvmArguments}, then {@code arguments}. */
  public static ChildJvm start(
      Class<?> main, List<String> jvmArguments, List<String> arguments, Path stderr)
      throws IOException {
    List<String> command = new ArrayList<>();
    command.add(ChildProcesses.jdkTool("java").toString());
    command.addAll(jvmArguments);
    command.add("-cp");
    command.add(ChildProcesses.classPath());
    command.add(main.getName());
    command.addAll(arguments);
    Files.createDirectories(stderr.toAbsolutePath().getParent());
    Process process = new ProcessBuilder(command).redirectError(stderr.toFile()).start();
    return new ChildJvm(process, stderr);
  }

  public long pid() {
    return process.pid();
  }

  public void send(String command) {
    commands.println(command);
  }

  /** Sends {@code command} and returns the next line starting with {@code prefix}. */
  public String ask(String command, String prefix) throws InterruptedException {
    send(command);
    return expect(prefix);
  }

  /**
   * Asks {@code command} until its answer, the next line starting with {@code prefix}, is one
   * {@code expected} accepts, for at most {@value #WAIT_SECONDS} s; returns the last answer.
   */
  public String askUntil(String command, String prefix, Predicate<String> expected)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
    String answer = ask(command, prefix);
    while (!expected.test(answer) && System.nanoTime() < deadline) {
      Thread.sleep(50);
      answer = ask(command, prefix);
    }
    return answer;
  }

  /** {@link #expect(String, long)} for at most {@value #WAIT_SECONDS} s. */
  public String expect(String prefix) throws InterruptedException {
    return expect(prefix, WAIT_SECONDS);
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
        throw new AssertionError(
            "Child JVM "
                + pid()
                + " printed no line starting with '"
                + prefix
                + "' within "
                + timeoutSeconds
                + " s. "
                + diagnostics());
      }
      TimeUnit.NANOSECONDS.timedWait(this, Math.min(left, TimeUnit.MILLISECONDS.toNanos(200)));
    }
  }

  /** Every line printed so far that starts with {@code prefix}, in order. */
  public synchronized List<String> lines(String prefix) {
    return lines.stream().filter(line -> line.startsWith(prefix)).toList();
  }

  /** How many lines printed so far start with {@code prefix}. */
  public int count(String prefix) {
    return lines(prefix).size();
  }

  /** What the child wrote to stderr so far: its log. */
  public String log() throws IOException {
    return Files.readString(stderr);
  }

  /** Closes the child's stdin and waits for it to exit, at most {@code seconds}. */
  public boolean finish(long seconds) throws InterruptedException {
    commands.close();
    return process.waitFor(seconds, TimeUnit.SECONDS);
  }

  /** Sends SIGKILL and waits, at most {@value #WAIT_SECONDS} s, for the process to be gone. */
  public void kill() throws InterruptedException {
    process.destroyForcibly();
    if (!process.waitFor(WAIT_SECONDS, TimeUnit.SECONDS)) {
      throw new AssertionError("Child JVM " + pid() + " survived SIGKILL");
    }
  }

  /** Kills the child and waits, bounded, for it to be gone. */
  @Override
  public void close() {
    ChildProcesses.destroyAll(List.of(process));
  }

  /** Whether it runs, what it printed, and the end of its stderr: for failure messages. */
  public synchronized String diagnostics() {
    String errors;
    try {
      errors = log();
    } catch (IOException e) {
      errors = e.toString();
    }
    if (errors.length() > 4000) {
      errors = "..." + errors.substring(errors.length() - 4000);
    }
    return "alive="
        + process.isAlive()
        + "\nstdout:\n"
        + String.join("\n", lines)
        + "\nstderr ("
        + stderr
        + "):\n"
        + errors;
  }

  @Override
  public String toString() {
    return "pid " + pid();
  }

  private void readLines() {
    try (BufferedReader out =
        new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
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
