package io.github.beamshared.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.beamshared.testsupport.ChildJvm;
import io.github.beamshared.testsupport.ChildProcesses;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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

  private final List<ChildJvm> children = new ArrayList<>();

  @AfterEach
  void stopChildren() {
    children.forEach(ChildJvm::close);
  }

  @Test
  void batchesFormAtTheHostFromTheCallsOfSeveralJvms(@TempDir Path dir) throws Exception {
    // Unix socket paths are short: the rendezvous directory goes in /tmp, not in the build tree.
    Path rendezvous = Files.createTempDirectory(Path.of("/tmp"), "bs-batch");
    try {
      ChildJvm host = start(dir, "host", rendezvous.toString());
      expect(host, "HOSTING \\d+");
      List<ChildJvm> clients = new ArrayList<>();
      for (int i = 0; i < CLIENTS; i++) {
        clients.add(
            start(
                dir,
                "client",
                rendezvous.toString(),
                String.valueOf(THREADS),
                String.valueOf(CALLS)));
      }
      for (ChildJvm client : clients) {
        client.expect("READY", WAIT_SECONDS);
      }
      clients.forEach(client -> client.send("go"));
      for (ChildJvm client : clients) {
        Matcher done = expect(client, "DONE ok=(\\d+) wrong=(\\d+)");
        assertEquals(THREADS * CALLS, Integer.parseInt(done.group(1)), "answers of " + client);
        assertEquals(0, Integer.parseInt(done.group(2)), "wrong answers of " + client);
      }

      host.send("stats");
      Matcher stats =
          expect(
              host,
              "STATS calls=(\\d+) batches=(\\d+) severalJvms=(\\d+)"
                  + " largest=(\\d+) texts=(\\d+) askedTwice=(\\d+)");
      int calls = CLIENTS * THREADS * CALLS;
      assertEquals(calls, Integer.parseInt(stats.group(1)), "calls batched at the host");
      assertTrue(Integer.parseInt(stats.group(2)) < calls, "calls were batched: " + stats.group());
      assertTrue(
          Integer.parseInt(stats.group(3)) > 0,
          "some batches held calls of several JVMs: " + stats.group());
      int largest = Integer.parseInt(stats.group(4));
      assertTrue(largest <= 16, "no batch beyond 16: " + stats.group());
      assertTrue(
          largest > CLIENTS,
          "a client sends its threads' calls without waiting for each"
              + " other, so a batch holds more calls than there are client JVMs: "
              + stats.group());
      assertEquals(calls, Integer.parseInt(stats.group(5)), "every text reached the model");
      assertEquals(0, Integer.parseInt(stats.group(6)), "no text reached the model twice");
    } finally {
      ChildProcesses.deleteTree(rendezvous);
    }
  }

  private ChildJvm start(Path logs, String... args) throws IOException {
    ChildJvm child =
        ChildJvm.start(
            BatchingJvm.class,
            List.of("-Xmx128m", "-XX:TieredStopAtLevel=1"),
            List.of(args),
            logs.resolve("child-" + children.size() + ".err"));
    children.add(child);
    return child;
  }

  /** The next line starting with the first word of {@code regex}, which must match it whole. */
  private static Matcher expect(ChildJvm child, String regex) throws InterruptedException {
    String line = child.expect(regex.substring(0, regex.indexOf(' ')), WAIT_SECONDS);
    Matcher matcher = Pattern.compile(regex).matcher(line);
    assertTrue(matcher.matches(), child + " printed '" + line + "', not a line like " + regex);
    return matcher;
  }
}
