package io.github.beamshared.runtime.machine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.beamshared.testsupport.ChildJvm;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real JVMs meeting a host that cannot serve or is frozen, and a client whose connection the live
 * host drops.
 */
@Timeout(120)
class SickHostTest {

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
  void aJvmThatCannotServeGivesTheLockBackAndItsRetryHostsCleanly() throws Exception {
    Path socket = Rendezvous.open(jvms.directory()).socketFile("model");
    Files.createDirectories(socket.resolve("in-the-way")); // where the socket must go
    ChildJvm first = jvms.start("beamshared.connectTimeoutSeconds=2");
    ChildJvm second = jvms.start("beamshared.connectTimeoutSeconds=2");

    String failed = first.ask("acquire", "ACQUIRE");
    assertTrue(
        failed.startsWith(
            "ACQUIRE-FAILED io.github.beamshared.runtime"
                + ".SharedResourceException | This JVM won the lock of shared resource 'model' but cannot"
                + " serve it on "
                + socket
                + ", so it gave the lock back for another JVM to host"),
        failed);
    String alsoFailed = second.ask("acquire", "ACQUIRE");
    assertTrue(
        alsoFailed.contains("This JVM won the lock"),
        "the second JVM took the lock the first gave back: " + alsoFailed);

    try (var paths = Files.walk(socket)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
    assertEquals("ACQUIRED hosting=true host=" + first.pid(), first.ask("acquire", "ACQUIRE"));
    assertEquals("ACQUIRED hosting=false host=" + first.pid(), second.ask("acquire", "ACQUIRE"));
  }

  @Test
  void callsToAFrozenHostEndAtTheirTimeoutEvenOnceItsBacklogIsFull() throws Exception {
    ChildJvm host = jvms.start();
    ChildJvm client =
        jvms.start("beamshared.callTimeoutSeconds=1", "beamshared.connectTimeoutSeconds=1");
    host.ask("acquire", "ACQUIRED");
    client.ask("acquire", "ACQUIRED");
    signal("STOP", host.pid());
    try {
      // Each timed-out call closes its connection and the next opens one, which the frozen host
      // never accepts: 70 attempts fill its accept backlog of 50.
      String timed = client.ask("timed 10 7", "TIMED");

      assertTrue(timed.startsWith("TIMED ok=0 failed=70 "), timed);
      long slowest = Long.parseLong(timed.replaceAll(".*slowestMillis=(\\d+).*", "$1"));
      assertTrue(slowest < 2500, "a call took " + slowest + " ms, its timeout being 1 s: " + timed);
      assertTrue(
          timed.contains("did not answer method #0 within 1 s")
              || timed.contains("did not answer the handshake within 1 s")
              || timed.contains("did not accept this JVM's connection and answer its handshake"),
          timed);
    } finally {
      signal("CONT", host.pid());
    }
    assertEquals("RESULT thawed", client.ask("call echo thawed", "RESULT"));
    assertEquals(1, jvms.count("LOADED"), "a frozen host is not a dead one: nothing failed over");
    String stats = client.ask("client-stats", "CLIENT-STATS");
    assertTrue(
        stats.startsWith(
            "CLIENT-STATS host="
                + host.pid()
                + " hostedHere=false calls=72 failed=70"
                + " failovers=0 "),
        "the acquire's call, 70 timed out and the last one answered, no failover: " + stats);
  }

  @Test
  void aConnectionWhoseAnswerWasNotReadWholeIsNotUsedAgain() throws Exception {
    ChildJvm host = jvms.start("beamshared.maxFrameBytes=134217728", "jvm:-Xmx768m");
    ChildJvm client =
        jvms.start("beamshared.maxFrameBytes=134217728", "beamshared.callTimeoutSeconds=20");
    host.ask("acquire", "ACQUIRED");
    client.ask("acquire", "ACQUIRED");

    // 2 million entries fit the host's heap, not the client's 64 MiB; 4 MiB of argument outsize
    // every
    // socket buffer, so writing it on a connection whose answer the host is still writing would
    // block both for good.
    String outcome = client.ask("oom-then-large 2000000 4096", "OOM-THEN-LARGE");

    assertEquals("OOM-THEN-LARGE first=java.lang.OutOfMemoryError second=answered 4096", outcome);
  }

  private static void signal(String signal, long pid) throws Exception {
    Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).start();
    assertTrue(
        kill.waitFor(10, java.util.concurrent.TimeUnit.SECONDS) && kill.exitValue() == 0,
        "kill -" + signal + " " + pid);
  }

  @Test
  void aCallWhoseConnectionTheLiveHostDroppedFailsAloneAndIsNotSentAgain() throws Exception {
    ChildJvm host = jvms.start("beamshared.frameTimeoutSeconds=1", "jvm:-Xmx512m");
    ChildJvm client = jvms.start();
    host.ask("acquire", "ACQUIRED");
    client.ask("acquire", "ACQUIRED");

    // The client freezes while the host writes an answer far larger than the socket's buffers:
    // the host gives up on the connection after its frame timeout, and lives on.
    client.send("call lengths many:1000000");
    host.expect("IN-LENGTHS");
    signal("STOP", client.pid());
    // Once the answer is encoded, its write stalls and the host drops the call connection.
    String dropped = host.askUntil("connections", "CONNECTIONS", "CONNECTIONS 1"::equals);
    signal("CONT", client.pid());
    assertEquals("CONNECTIONS 1", dropped, "the host kept the frozen client's call connection");

    String failed = client.expect("THROWN");
    assertTrue(
        failed.contains(
            "broke after the call was sent to the JVM with pid "
                + host.pid()
                + " hosting it, which still runs: the call may or may not have run there, so it is not"
                + " sent again."),
        failed);
    assertEquals("RESULT alive", client.ask("call echo alive", "RESULT"));
    assertEquals(1, host.count("IN-LENGTHS"), "the call ran once");
    assertEquals(1, jvms.count("LOADED"), "a live host: nothing failed over");
  }

  @Test
  void aHostOutOfThreadsRefusesConnectionsAndKeepsAccepting() throws Exception {
    Path pids = Path.of("/sys/fs/cgroup/pids");
    Path group = pids.resolve("beamshared-test-" + ProcessHandle.current().pid());
    assumeTrue(
        Files.isWritable(pids),
        "needs a writable cgroup v1 pids controller to cap the"
            + " host's threads, as root has no thread limit (ulimit -u)");
    Files.createDirectory(group);
    try {
      ChildJvm host = jvms.start();
      host.ask("acquire", "ACQUIRED");
      Files.writeString(group.resolve("cgroup.procs"), Long.toString(host.pid()));
      long threads = Long.parseLong(Files.readString(group.resolve("pids.current")).strip());
      Files.writeString(group.resolve("pids.max"), Long.toString(threads + 4));
      Path socket = Rendezvous.open(jvms.directory()).socketFile("model");

      List<RawPeer> peers = new ArrayList<>();
      String refusal = null;
      try {
        for (int i = 0; i < 20 && refusal == null; i++) {
          try {
            peers.add(RawPeer.handshake(socket));
          } catch (IllegalStateException refused) {
            refusal = refused.getMessage();
          }
        }
      } finally {
        for (RawPeer peer : peers) {
          peer.close();
        }
      }
      assertTrue(
          refusal != null
              && refusal.contains("cannot start a thread to serve this" + " connection"),
          "no connection refused for want of threads: " + refusal);

      Thread.sleep(500); // the peers' threads end
      ChildJvm client = jvms.start();
      assertEquals("ACQUIRED hosting=false host=" + host.pid(), client.ask("acquire", "ACQUIRED"));
      assertEquals("RESULT accepted", client.ask("call echo accepted", "RESULT"));
    } finally {
      jvms.close(); // the cgroup can go once its processes have
      Files.deleteIfExists(group);
    }
  }
}
