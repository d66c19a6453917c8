package io.github.beamshared.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three JVMs call a batched {@code @MultiProcessShared} model hosted by a fourth: the host's
 * batches mix the calls of several JVMs, and every call is answered once, with its own result.
 */
@Timeout(180)
class MachineBatchingTest {

  private static final int CLIENTS = 3;
  private static final int THREADS = 4;
  private static final int CALLS = 100;
  /** The longest the test waits for any one line of a child. */
  private static final long WAIT_SECONDS = 60;

  private final List<Child> children = new ArrayList<>();

  @AfterEach
  void stopChildren() throws InterruptedException {
    for (Child child : children) {
      child.process.destroyForcibly();
    }
    for (Child child : children) {
      child.process.waitFor(WAIT_SECONDS, TimeUnit.SECONDS);
    }
  }

  @Test
  void batchesFormAtTheHostFromTheCallsOfSeveralJvms(@TempDir Path dir) throws Exception {
    // Unix socket paths are short: the rendezvous directory goes in /tmp, not in the build tree.
    Path rendezvous = Files.createTempDirectory(Path.of("/tmp"), "bs-batch");
    try {
      Child host = start("host", rendezvous.toString());
      host.expect("HOSTING \\d+");
      List<Child> clients = new ArrayList<>();
      for (int i = 0; i < CLIENTS; i++) {
        clients.add(start("client", rendezvous.toString(), String.valueOf(THREADS),
            String.valueOf(CALLS)));
      }
      for (Child client : clients) {
        client.expect("READY");
      }
      clients.forEach(client -> client.send("go"));
      for (Child client : clients) {
        Matcher done = client.expect("DONE ok=(\\d+) wrong=(\\d+)");
        assertEquals(THREADS * CALLS, Integer.parseInt(done.group(1)), "answers of " + client);
        assertEquals(0, Integer.parseInt(done.group(2)), "wrong answers of " + client);
      }

      host.send("stats");
      Matcher stats = host.expect("STATS calls=(\\d+) batches=(\\d+) severalJvms=(\\d+)"
          + " largest=(\\d+) texts=(\\d+) askedTwice=(\\d+)");
      int calls = CLIENTS * THREADS * CALLS;
      assertEquals(calls, Integer.parseInt(stats.group(1)), "calls batched at the host");
      assertTrue(Integer.parseInt(stats.group(2)) < calls, "calls were batched: " + stats.group());
      assertTrue(Integer.parseInt(stats.group(3)) > 0,
          "some batches held calls of several JVMs: " + stats.group());
      int largest = Integer.parseInt(stats.group(4));
      assertTrue(largest <= 16, "no batch beyond 16: " + stats.group());
      assertTrue(largest > CLIENTS, "a client sends its threads' calls without waiting for each"
          + " other, so a batch holds more calls than there are client JVMs: " + stats.group());
      assertEquals(calls, Integer.parseInt(stats.group(5)), "every text reached the model");
      assertEquals(0, Integer.parseInt(stats.group(6)), "no text reached the model twice");
    } finally {
      try (var paths = Files.walk(rendezvous)) {
        for (Path path : paths.sorted((a, b) -> b.compareTo(a)).toList()) {
          Files.deleteIfExists(path);
        }
      }
    }
  }

  private Child start(String... args) throws IOException {
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx128m", "-XX:TieredStopAtLevel=1", "-cp",
        System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")),
        BatchingJvm.class.getName()));
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    Child child = new Child(process);
    children.add(child);
    return child;
  }

  /** A child JVM: commands go to its stdin; its output is read line by line as it comes. */
  private static final class Child {
    private final Process process;
    private final PrintStream commands;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final List<String> seen = new ArrayList<>();

    Child(Process process) {
      this.process = process;
      this.commands = new PrintStream(process.getOutputStream(), true, StandardCharsets.UTF_8);
      Thread reader = new Thread(() -> {
        try (BufferedReader out = new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
          for (String line = out.readLine(); line != null; line = out.readLine()) {
            lines.add(line);
          }
        } catch (IOException e) {
          // The child is gone; waits for its lines time out with what it printed.
        }
      }, "child-" + process.pid());
      reader.setDaemon(true);
      reader.start();
    }

    void send(String command) {
      commands.println(command);
    }

    /** The next line matching {@code regex}, waiting at most {@value #WAIT_SECONDS} s. */
    Matcher expect(String regex) throws InterruptedException {
      Pattern pattern = Pattern.compile(regex);
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
      while (true) {
        String line = lines.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
        if (line == null) {
          fail("pid " + process.pid() + " printed no line like " + regex + " within "
              + WAIT_SECONDS + " s; it printed:\n" + String.join("\n", seen));
        }
        seen.add(line);
        Matcher matcher = pattern.matcher(line);
        if (matcher.matches()) {
          return matcher;
        }
      }
    }

    @Override
    public String toString() {
      return "pid " + process.pid();
    }
  }
}
