package io.github.beamshared.runtime.machine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.beamshared.testsupport.ChildJvm;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Real JVMs sharing one tag: one load for the machine, every call answered, one lock. */
@Timeout(120)
class MachineWideSharingTest {

  private static final int JVMS = 4;
  private static final int THREADS = 8;
  private static final int CALLS = 20;
  // Each round is a fresh directory and fresh JVMs racing for the election.
  private static final int ROUNDS = 3;

  @TempDir Path base;

  @Test
  void fourJvmsOfEightThreadsShareOneLoadAndOneLock() throws Exception {
    for (int round = 0; round < ROUNDS; round++) {
      try (ChildJvms jvms = new ChildJvms(Files.createDirectory(base.resolve("" + round)))) {
        List<ChildJvm> children = new ArrayList<>();
        for (int i = 0; i < JVMS; i++) {
          children.add(jvms.start("test.loadMillis=300"));
        }
        for (ChildJvm child : children) {
          child.send("burst " + THREADS + " " + CALLS);
        }
        for (ChildJvm child : children) {
          assertEquals(
              "BURST ok=" + THREADS * CALLS + " failed=0 first=none",
              child.expect("BURST"),
              "round " + round + ": " + child.diagnostics());
        }

        assertEquals(1, jvms.count("LOADED"), "round " + round);
        assertEquals(1, jvms.count("LOADING"), "round " + round);
        // Not thread-safe: every increment of every JVM ran under the host's one lock.
        assertEquals(
            "RESULT " + JVMS * THREADS * CALLS,
            children.get(0).ask("call count", "RESULT"),
            "round " + round);
        List<String> stats = new ArrayList<>();
        for (ChildJvm child : children) {
          stats.add(child.ask("stats", "STATS"));
        }
        List<String> hosts = stats.stream().filter(s -> !s.equals("STATS none")).toList();
        assertEquals(1, hosts.size(), "one host per round: " + stats);
        assertEquals(
            "STATS loads=1 live="
                + JVMS * THREADS
                + " acquires="
                + JVMS * THREADS
                + " locks="
                + (2 * JVMS * THREADS * CALLS + 1),
            hosts.get(0));
        if (round == 0) {
          ChildJvm client = children.get(stats.indexOf("STATS none"));
          assertEquals("ROUNDTRIP ok", client.ask("roundtrip", "ROUNDTRIP"));
        }
      }
    }
  }

  @Test
  void acquiresWaitingForTheHostsLoadAreAnsweredWithoutAThreadEach() throws Exception {
    try (ChildJvms jvms = new ChildJvms(base)) {
      ChildJvm host = jvms.start("test.loadMillis=1500");
      ChildJvm client = jvms.start("test.loadMillis=1500");
      host.send("acquire");
      host.expect("LOADING");

      assertEquals(
          "BURST ok=" + THREADS + " failed=0 first=none",
          client.ask("burst " + THREADS + " 1", "BURST"));
      assertTrue(host.expect("ACQUIRED").startsWith("ACQUIRED hosting=true"));
      assertEquals(1, jvms.count("LOADING"));
      // The acceptor and one thread per connection: the client's control connection, on which
      // its acquires waited for the load one after the other, and its call connections; and the
      // watchdog, which ends the connections of peers too slow to send a message.
      assertEquals(
          "THREADS beamshared-host-model beamshared-host-model-connection" + " beamshared-watchdog",
          host.ask("threads", "THREADS"));
    }
  }

  @Test
  void callersBeyondTheConnectionLimitWaitTheirTurnAndAllGetAnswers() throws Exception {
    try (ChildJvms jvms = new ChildJvms(base)) {
      ChildJvm host = jvms.start("test.threadSafe=true");
      ChildJvm client = jvms.start("test.threadSafe=true");
      host.ask("acquire", "ACQUIRED");
      client.ask("acquire", "ACQUIRED");
      int callers = CallConnections.MAX_CONNECTIONS + 8;

      assertEquals(
          "OVERLAP ok=" + callers + " first=none",
          client.ask("overlap " + callers + " 300", "OVERLAP"));
      // The client's control connection, and one connection per call in flight at most.
      assertEquals(
          "CONNECTIONS " + (1 + CallConnections.MAX_CONNECTIONS),
          host.ask("connections", "CONNECTIONS"));
    }
  }

  @Test
  void connectionsLeftUnusedAfterABurstAreClosedByTheNextCall() throws Exception {
    try (ChildJvms jvms = new ChildJvms(base)) {
      ChildJvm host = jvms.start("test.threadSafe=true");
      ChildJvm client =
          jvms.start("test.threadSafe=true", MachineConfig.IDLE_CONNECTION_TIMEOUT + "=1");
      host.ask("acquire", "ACQUIRED");
      client.ask("acquire", "ACQUIRED");
      assertEquals("OVERLAP ok=8 first=none", client.ask("overlap 8 300", "OVERLAP"));
      assertEquals("CONNECTIONS 9", host.ask("connections", "CONNECTIONS"));

      Thread.sleep(1_500);
      assertEquals("ROUNDTRIP ok", client.ask("roundtrip", "ROUNDTRIP"));

      // The control connection and the one the round trip used; the host's threads of the
      // others end as their connections close.
      awaitAnswer(host, "connections", "CONNECTIONS 2");
    }
  }

  @Test
  void aClientReleasingItsLastLeaseHangsUpAndItsNextAcquireConnectsAgain() throws Exception {
    try (ChildJvms jvms = new ChildJvms(base)) {
      ChildJvm host = jvms.start();
      ChildJvm client = jvms.start("beamshared.callTimeoutSeconds=1");
      host.ask("acquire", "ACQUIRED");
      assertEquals("ACQUIRED hosting=false host=" + host.pid(), client.ask("acquire", "ACQUIRED"));
      assertEquals("CONNECTIONS 2", host.ask("connections", "CONNECTIONS")); // control, one call

      assertEquals("RELEASED 1", client.ask("release", "RELEASED"));

      // The host's threads for the client end, and its lease with them; the client keeps no
      // thread of the runtime, not even the call watchdog.
      awaitAnswer(host, "connections", "CONNECTIONS 0");
      awaitAnswer(client, "threads", "THREADS ");
      assertTrue(host.ask("stats", "STATS").startsWith("STATS loads=1 live=1 "));
      assertEquals("ACQUIRED hosting=false host=" + host.pid(), client.ask("acquire", "ACQUIRED"));
      assertEquals("RESULT again", client.ask("call echo again", "RESULT"));
      assertEquals(1, jvms.count("LOADED"));
      // The watchdog started again with the new connection and still ends an overdue call.
      assertTrue(
          client
              .ask("call slow 3000", "THROWN")
              .contains("did not answer method #4" + " within 1 s."));
    }
  }

  @Test
  void leasesAcquiredAndReleasedByManyThreadsAtOnceNeverLoseTheirConnection() throws Exception {
    try (ChildJvms jvms = new ChildJvms(base)) {
      ChildJvm host = jvms.start();
      ChildJvm client = jvms.start();
      host.ask("acquire", "ACQUIRED");

      // Each thread's release may be the client's last, which hangs up: never under an acquire.
      assertEquals("CHURN ok=800 failed=0 lost=0 first=none", client.ask("churn 8 100", "CHURN"));

      assertTrue(
          host.askUntil("stats", "STATS", answer -> answer.contains(" live=1 "))
              .startsWith("STATS loads=1 live=1 "));
      awaitAnswer(client, "threads", "THREADS ");
    }
  }

  /** Asks {@code command} until the answer is {@code expected}. */
  private static void awaitAnswer(ChildJvm child, String command, String expected)
      throws InterruptedException {
    assertEquals(expected, child.askUntil(command, expected.split(" ")[0], expected::equals));
  }

  @Test
  void sharingWithinTheJvmOnlyWhenMachineWideIsOff() throws Exception {
    try (ChildJvms jvms = new ChildJvms(base)) {
      ChildJvm first = jvms.start("beamshared.machineWide=false");
      ChildJvm second = jvms.start("beamshared.machineWide=false");

      assertTrue(first.ask("acquire", "ACQUIRED").startsWith("ACQUIRED hosting=true"));
      assertTrue(second.ask("acquire", "ACQUIRED").startsWith("ACQUIRED hosting=true"));
      assertEquals(2, jvms.count("LOADED"));
      assertTrue(Files.notExists(jvms.directory()), "no sharing directory is created");
    }
  }
}
