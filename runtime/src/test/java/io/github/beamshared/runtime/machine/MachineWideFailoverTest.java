package io.github.beamshared.runtime.machine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.github.beamshared.testsupport.ChildJvm;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Real JVMs dying with SIGKILL: hosts are replaced, clients are forgotten, nothing is lost. */
@Timeout(120)
class MachineWideFailoverTest {

  @TempDir Path base;

  private ChildJvms jvms;

  @BeforeEach
  void setUp() {
    jvms = new ChildJvms(base);
  }

  @AfterEach
  void killChildren() {
    jvms.close();
  }

  @Test
  void killedHostIsReplacedByAClientAndNoCallIsLost() throws Exception {
    ChildJvm host = jvms.start();
    ChildJvm first = jvms.start();
    ChildJvm second = jvms.start();
    assertTrue(host.ask("acquire", "ACQUIRED").startsWith("ACQUIRED hosting=true"));
    assertEquals("ACQUIRED hosting=false host=" + host.pid(), first.ask("acquire", "ACQUIRED"));
    assertEquals("ACQUIRED hosting=false host=" + host.pid(), second.ask("acquire", "ACQUIRED"));
    first.ask("stream 4", "STREAMING");
    second.ask("stream 4", "STREAMING");
    host.expect("IN-CALL s");
    Thread.sleep(200); // calls are in flight from both clients

    host.kill();

    jvms.awaitCount("LOADED", 2); // the new host reloaded with its own factory
    ChildJvm newHost = first.count("LOADED") == 1 ? first : second;
    ChildJvm client = newHost == first ? second : first;
    newHost.expect("IN-CALL s"); // the other client's calls reach the new host
    Thread.sleep(200);
    for (ChildJvm child : new ChildJvm[] {first, second}) {
      String stream = child.ask("stop", "STREAM");
      assertTrue(stream.matches("STREAM ok=\\d+ failed=0 first=none"), stream);
    }
    assertEquals("RESULT " + newHost.pid(), client.ask("call hostPid", "RESULT"));
    assertEquals("RESULT " + newHost.pid(), newHost.ask("call hostPid", "RESULT"));
    // The calls in flight ran again: a warning says so, with the tag and the method.
    String warning =
        "WARN io.github.beamshared.runtime.machine.TagCalls - Shared resource 'model':"
            + " the JVM with pid "
            + host.pid()
            + " hosting it died during a call of #4; the"
            + " call runs again on the next host, and may have run twice";
    assertTrue(
        (first.log() + second.log()).contains(warning),
        "no warning in the clients' logs:\n" + first.log() + second.log());
    // The new host backs its own lease and counts the client's re-acquired one.
    assertTrue(newHost.ask("stats", "STATS").startsWith("STATS loads=1 live=2 "));
  }

  @Test
  void aHostKilledWhileAClientsFirstAcquireWaitsForItsLoadIsReplacedByThatClient()
      throws Exception {
    ChildJvm host = jvms.start("test.loadMillis=5000");
    // Its first acquire waits longer than its connect timeout: failing over must not count
    // that wait as trying to connect.
    ChildJvm client = jvms.start("beamshared.connectTimeoutSeconds=1");
    host.send("acquire");
    host.expect("LOADING");
    client.send("acquire");
    Thread.sleep(2_000); // the client has connected and waits for the load

    host.kill();

    assertEquals("ACQUIRED hosting=true host=" + client.pid(), client.expect("ACQUIRE"));
    assertEquals(1, client.count("LOADED"));
  }

  @Test
  void staleLockAndSocketFilesOfAKilledHostAreRecovered() throws Exception {
    ChildJvm killed = jvms.start();
    assertTrue(killed.ask("acquire", "ACQUIRED").startsWith("ACQUIRED hosting=true"));
    killed.kill();
    Path socket = jvms.directory().resolve(Rendezvous.shortName("model") + ".sock");
    Path lock = jvms.directory().resolve(Rendezvous.shortName("model") + ".lock");
    assertTrue(Files.exists(socket) && Files.exists(lock), "SIGKILL leaves both files behind");

    ChildJvm host = jvms.start();
    ChildJvm client = jvms.start();

    assertTrue(host.ask("acquire", "ACQUIRED").startsWith("ACQUIRED hosting=true"));
    assertEquals("ACQUIRED hosting=false host=" + host.pid(), client.ask("acquire", "ACQUIRED"));
    assertEquals("RESULT hello", client.ask("call echo hello", "RESULT"));
  }

  @Test
  void killedClientDisturbsNobodyAndItsLeasesAreReleased() throws Exception {
    ChildJvm host = jvms.start("test.threadSafe=true");
    ChildJvm doomed = jvms.start("test.threadSafe=true");
    ChildJvm other = jvms.start("test.threadSafe=true");
    host.ask("acquire", "ACQUIRED");
    doomed.ask("acquire", "ACQUIRED");
    doomed.ask("acquire", "ACQUIRED");
    other.ask("acquire", "ACQUIRED");
    assertTrue(host.ask("stats", "STATS").startsWith("STATS loads=1 live=4 "));
    doomed.send("call slow 10000");
    host.expect("IN-CALL slow");

    doomed.kill();

    awaitLiveLeases(host, 2);
    assertEquals("RESULT still-here", other.ask("call echo still-here", "RESULT"));
    assertEquals("RESULT host", host.ask("call echo host", "RESULT"));
    assertEquals(1, jvms.count("LOADED"));
  }

  @Test
  void theCallsOfAKilledClientThatHadNotStartedNeverRun() throws Exception {
    ChildJvm host = jvms.start();
    ChildJvm doomed = jvms.start();
    host.ask("acquire", "ACQUIRED");
    doomed.ask("acquire", "ACQUIRED");
    // Six calls of 2 s on a resource that is not thread-safe: one runs, five wait for the lock.
    doomed.send("overlap 6 2000");
    host.expect("IN-CALL o");
    host.askUntil("connections", "CONNECTIONS", answer -> answer.equals("CONNECTIONS 7"));

    doomed.kill();

    // The running call ends within its 2 s; the five waiting end as their turns come, unrun.
    assertEquals(
        "CONNECTIONS 0",
        host.askUntil("connections", "CONNECTIONS", answer -> answer.equals("CONNECTIONS 0")));
    assertEquals(1, host.count("IN-CALL o"), "only the call running when its client died ran");
    awaitLiveLeases(host, 1);
    assertEquals("RESULT host", host.ask("call echo host", "RESULT"));
  }

  private static void awaitLiveLeases(ChildJvm host, int live) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(ChildJvms.WAIT_SECONDS);
    String stats;
    while (!(stats = host.ask("stats", "STATS")).contains(" live=" + live + " ")) {
      if (System.nanoTime() > deadline) {
        fail("The host still reports " + stats);
      }
      Thread.sleep(20);
    }
  }
}
