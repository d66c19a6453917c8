package io.github.beamshared.runtime.machine;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * The {@link ModelChild} JVMs one test starts, all meeting in one sharing directory. Every wait
 * for a line is bounded, and {@link #close()} kills whatever still runs.
 */
final class ChildJvms implements AutoCloseable {

  /** The longest a test waits for any one line. */
  static final long WAIT_SECONDS = 30;

  private final Path directory;
  private final Path logs;
  private final List<Child> children = new ArrayList<>();

  /** Children meeting in {@code base/r}, with their stderr in {@code base}. */
  ChildJvms(Path base) {
    this.directory = base.resolve("r");
    this.logs = base;
  }

  Path directory() {
    return directory;
  }

  /**
   * Starts a child with the system properties {@code properties} ("key=value"); one written
   * "jvm:FLAG" is a JVM flag instead, e.g. "jvm:-Xmx512m", which overrides the default 64 MiB.
   */
  Child start(String... properties) throws IOException, InterruptedException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String classPath = System.getProperty("surefire.test.class.path",
        System.getProperty("java.class.path"));
    List<String> command = new ArrayList<>(List.of(java, "-Xshare:auto",
        "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx64m", "-cp", classPath,
        "-Dbeamshared.dir=" + directory, "-Dorg.slf4j.simpleLogger.defaultLogLevel=info"));
    for (String property : properties) {
      command.add(property.startsWith("jvm:") ? property.substring(4) : "-D" + property);
    }
    command.add(ModelChild.class.getName());
    Path stderr = logs.resolve("child-" + children.size() + ".err");
    Process process = new ProcessBuilder(command)
        .redirectError(stderr.toFile())
        .start();
    Child child = new Child(process, stderr);
    children.add(child);
    child.expect("READY");
    return child;
  }

  /** How many lines starting with {@code prefix} all children printed so far. */
  int count(String prefix) {
    return children.stream().mapToInt(child -> child.count(prefix)).sum();
  }

  /** Waits until the children printed {@code expected} lines starting with {@code prefix}. */
  void awaitCount(String prefix, int expected) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
    while (count(prefix) != expected) {
      if (System.nanoTime() > deadline) {
        fail(count(prefix) + " lines start with '" + prefix + "', not " + expected + ". "
            + children.stream().map(Child::diagnostics).toList());
      }
      Thread.sleep(10);
    }
  }

  @Override
  public void close() {
    for (Child child : children) {
      child.process.destroyForcibly();
    }
    try {
      for (Child child : children) {
        child.process.waitFor(WAIT_SECONDS, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** One child JVM: commands go to its stdin, and its stdout lines are kept in order. */
  static final class Child {

    private final Process process;
    private final Path stderr;
    private final PrintStream commands;
    private final List<String> lines = new ArrayList<>();
    private int consumed;

    private Child(Process process, Path stderr) {
      this.process = process;
      this.stderr = stderr;
      this.commands = new PrintStream(process.getOutputStream(), true);
      Thread reader = new Thread(this::readLines, "child-" + process.pid() + "-stdout");
      reader.setDaemon(true);
      reader.start();
    }

    long pid() {
      return process.pid();
    }

    void send(String command) {
      commands.println(command);
    }

    /** Sends {@code command} and returns the next line starting with {@code prefix}. */
    String ask(String command, String prefix) throws InterruptedException {
      send(command);
      return expect(prefix);
    }

    /**
     * Asks {@code command} until its answer, the next line starting with {@code prefix}, is one
     * {@code expected} accepts, for at most {@value #WAIT_SECONDS} s; returns the last answer.
     */
    String askUntil(String command, String prefix, Predicate<String> expected)
        throws InterruptedException {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
      String answer = ask(command, prefix);
      while (!expected.test(answer) && System.nanoTime() < deadline) {
        Thread.sleep(50);
        answer = ask(command, prefix);
      }
      return answer;
    }

    /** Waits for the next line, after those already returned, that starts with {@code prefix}. */
    synchronized String expect(String prefix) throws InterruptedException {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
      while (true) {
        for (int i = consumed; i < lines.size(); i++) {
          if (lines.get(i).startsWith(prefix)) {
            consumed = i + 1;
            return lines.get(i);
          }
        }
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          fail("Child " + pid() + " printed no line starting with '" + prefix + "' within "
              + WAIT_SECONDS + " s. " + diagnostics());
        }
        TimeUnit.NANOSECONDS.timedWait(this, left);
      }
    }

    synchronized int count(String prefix) {
      return (int) lines.stream().filter(line -> line.startsWith(prefix)).count();
    }

    /** Sends SIGKILL and waits for the process to be gone. */
    void kill() throws InterruptedException {
      process.destroyForcibly();
      if (!process.waitFor(WAIT_SECONDS, TimeUnit.SECONDS)) {
        fail("Child " + pid() + " survived SIGKILL");
      }
    }

    /** What the child wrote to stderr so far: its log. */
    String log() throws IOException {
      return Files.readString(stderr);
    }

    synchronized String diagnostics() {
      String errors;
      try {
        errors = Files.readString(stderr);
      } catch (IOException e) {
        errors = e.toString();
      }
      return "alive=" + process.isAlive() + "\nstdout:\n" + String.join("\n", lines)
          + "\nstderr:\n" + errors;
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
        // The child is gone; waits for its lines time out with its output.
      }
    }
  }
}
