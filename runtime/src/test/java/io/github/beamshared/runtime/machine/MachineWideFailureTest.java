package io.github.beamshared.runtime.machine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.github.beamshared.testsupport.ChildJvm;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Real JVMs meeting failing factories, slow hosts, garbage peers and other interface versions. */
@Timeout(120)
class MachineWideFailureTest {

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
  void factoryFailureReachesEveryWaitingJvmAndTheNextAcquireRetries() throws Exception {
    ChildJvm host = jvms.start("test.loadMillis=1500", "test.failLoads=1");
    ChildJvm first = jvms.start();
    ChildJvm second = jvms.start();
    host.send("acquire");
    host.expect("LOADING");
    first.send("acquire");
    second.send("acquire");

    assertEquals(
        "ACQUIRE-FAILED io.github.beamshared.runtime.SharedResourceException | Loading"
            + " shared resource 'model' failed: java.io.IOException: model file missing"
            + " | cause=java.io.IOException | model file missing",
        host.expect("ACQUIRE"));
    for (ChildJvm waiter : new ChildJvm[] {first, second}) {
      assertEquals(
          "ACQUIRE-FAILED io.github.beamshared.runtime.SharedResourceException | Loading"
              + " shared resource 'model' failed in the JVM hosting it (pid "
              + host.pid()
              + "):"
              + " java.io.IOException: model file missing"
              + " | cause=java.io.IOException | model file missing",
          waiter.expect("ACQUIRE"));
    }
    assertEquals(1, jvms.count("LOADING"), "the waiters waited for the one load");

    assertEquals("ACQUIRED hosting=false host=" + host.pid(), first.ask("acquire", "ACQUIRE"));
    assertEquals(2, jvms.count("LOADING"));
    assertEquals(1, jvms.count("LOADED"));
  }

  @Test
  void loadAndCallTimeoutsNameTheTagTheHostAndTheSetting() throws Exception {
    ChildJvm host = jvms.start("test.loadMillis=3000");
    ChildJvm client =
        jvms.start("beamshared.loadTimeoutSeconds=1", "beamshared.callTimeoutSeconds=1");
    host.send("acquire");
    host.expect("LOADING");

    String load = client.ask("acquire", "ACQUIRE");
    assertTrue(
        load.startsWith(
            "ACQUIRE-FAILED io.github.beamshared.runtime"
                + ".SharedResourceException | The JVM with pid "
                + host.pid()
                + " hosting shared resource"
                + " 'model' did not load it within 1 s."),
        load);
    assertTrue(load.contains("raise -Dbeamshared.loadTimeoutSeconds"), load);

    host.expect("ACQUIRED");
    // The client gave up, and holds no lease: it hung up, and the host granted it none.
    String stats = host.askUntil("stats", "STATS", answer -> answer.contains(" live=1 "));
    assertTrue(stats.startsWith("STATS loads=1 live=1 "), stats);
    assertEquals("ACQUIRED hosting=false host=" + host.pid(), client.ask("acquire", "ACQUIRE"));
    String call = client.ask("call slow 3000", "THROWN");
    assertTrue(
        call.startsWith(
            "THROWN io.github.beamshared.runtime.SharedResourceException | The"
                + " JVM with pid "
                + host.pid()
                + " hosting shared resource 'model' did not answer"
                + " method #4 within 1 s."),
        call);
    assertTrue(call.contains("raise -Dbeamshared.callTimeoutSeconds"), call);
    // Only the timed-out call's connection was dropped: the host and the lease are still there.
    // The host still runs the slow call under the model's lock, so wait until it has finished.
    Thread.sleep(2500);
    assertEquals("RESULT after", client.ask("call echo after", "RESULT"));
    assertEquals("RESULT " + host.pid(), client.ask("call hostPid", "RESULT"));
  }

  @Test
  void anInterruptedCallerGetsAnErrorAndKeepsItsInterruptWhileOthersCallOn() throws Exception {
    ChildJvm host = jvms.start();
    ChildJvm client = jvms.start();
    host.ask("acquire", "ACQUIRED");
    client.ask("acquire", "ACQUIRED");

    String interrupted = client.ask("interrupt 2000", "INTERRUPTED");

    assertTrue(
        interrupted.startsWith(
            "INTERRUPTED io.github.beamshared.runtime"
                + ".SharedResourceException | Interrupted while waiting for shared resource 'model'"),
        interrupted);
    assertTrue(interrupted.endsWith("interrupted=true"), interrupted);
    assertEquals("RESULT still", client.ask("call echo still", "RESULT"));
    assertEquals("RESULT " + host.pid(), client.ask("call hostPid", "RESULT"));
  }

  @Test
  void acquiresFailingTogetherAllGetTheFactorysError() throws Exception {
    ChildJvm host = jvms.start("test.failLoads=1000", "test.loadMillis=300");
    ChildJvm client = jvms.start();
    assertTrue(host.ask("acquire", "ACQUIRE").startsWith("ACQUIRE-FAILED"));

    String churn = client.ask("churn 8 2", "CHURN");

    assertTrue(
        churn.startsWith(
            "CHURN ok=0 failed=16 lost=0 first=io.github.beamshared.runtime"
                + ".SharedResourceException | Loading shared resource 'model' failed in the JVM hosting"
                + " it (pid "
                + host.pid()
                + "): java.io.IOException: model file missing"),
        churn);
  }

  @Test
  void aClientWhoseAcquireFailedHoldsNoConnection() throws Exception {
    ChildJvm host = jvms.start("test.failLoads=2");
    ChildJvm client = jvms.start();
    assertTrue(host.ask("acquire", "ACQUIRE").startsWith("ACQUIRE-FAILED"));

    assertTrue(client.ask("acquire", "ACQUIRE").startsWith("ACQUIRE-FAILED"));

    // As after its last release: no thread of the runtime left, and none at the host for it.
    assertEquals("THREADS ", client.askUntil("threads", "THREADS", "THREADS "::equals));
    assertEquals(
        "CONNECTIONS 0", host.askUntil("connections", "CONNECTIONS", "CONNECTIONS 0"::equals));
    assertEquals("ACQUIRED hosting=false host=" + host.pid(), client.ask("acquire", "ACQUIRE"));
  }

  @Test
  void aCallerInterruptedBeforeItConnectsFailsAloneAndNothingFailsOver() throws Exception {
    ChildJvm host = jvms.start();
    ChildJvm client = jvms.start();
    host.ask("acquire", "ACQUIRED");
    client.ask("acquire", "ACQUIRED");

    String outcome = client.ask("interrupt-connect 2000", "INTERRUPTED-CONNECT");

    assertTrue(
        outcome.startsWith(
            "INTERRUPTED-CONNECT io.github.beamshared.runtime"
                + ".SharedResourceException | Interrupted while waiting for shared resource 'model'"),
        outcome);
    assertTrue(outcome.endsWith("| slow answered busy"), outcome);
    assertEquals(1, jvms.count("IN-CALL busy"), "the other thread's call ran once");
    assertTrue(
        host.ask("stats", "STATS").startsWith("STATS loads=1 live=2 acquires=2 "),
        "the client did not fail over and acquire again");
  }

  @Test
  void aLeaseReleasedByAnInterruptedThreadFailsNothingOver() throws Exception {
    ChildJvm host = jvms.start();
    ChildJvm client = jvms.start();
    host.ask("acquire", "ACQUIRED");
    client.ask("acquire", "ACQUIRED");
    client.ask("acquire", "ACQUIRED");

    assertEquals(
        "INTERRUPTED-RELEASE released, interrupted=true | slow answered busy",
        client.ask("interrupt-release 2000", "INTERRUPTED-RELEASE"));
    assertEquals(1, jvms.count("IN-CALL busy"), "the other thread's call ran once");
    assertTrue(
        host.ask("stats", "STATS").startsWith("STATS loads=1 live=2 acquires=3 "),
        "the client did not fail over and acquire again");
  }

  @Test
  void aResultThatCannotBeEncodedFailsThatCallAloneAndRunsItOnce() throws Exception {
    ChildJvm host = jvms.start();
    ChildJvm client = jvms.start();
    host.ask("acquire", "ACQUIRED");
    client.ask("acquire", "ACQUIRED");

    String thrown = client.ask("call lengths unencodable", "THROWN");

    assertTrue(
        thrown.startsWith(
            "THROWN io.github.beamshared.runtime.SharedResourceException |"
                + " The host of shared resource 'model' cannot encode its answer:"
                + " java.lang.IllegalStateException: modified while encoded"),
        thrown);
    assertEquals(1, jvms.count("IN-LENGTHS"), "run once: the host was not taken for dead");
    assertEquals("RESULT {a=[1, 2]}", client.ask("call lengths a", "RESULT"));
    assertTrue(host.ask("stats", "STATS").startsWith("STATS loads=1 live=2 acquires=2 "));
  }

  @Test
  void anAnswerOverTheClientsOwnFrameLimitFailsThatCallAloneAndRunsItOnce() throws Exception {
    ChildJvm host = jvms.start();
    ChildJvm client = jvms.start("beamshared.maxFrameBytes=100000");
    host.ask("acquire", "ACQUIRED");
    client.ask("acquire", "ACQUIRED");

    String thrown = client.ask("call lengths many:20000", "THROWN");

    assertTrue(
        thrown.startsWith(
            "THROWN io.github.beamshared.runtime.SharedResourceException |"
                + " The answer of the JVM with pid "
                + host.pid()
                + " hosting shared resource 'model' is"
                + " too large for this JVM: A message of "),
        thrown);
    assertTrue(
        thrown.contains(
            "exceeds the limit of 100000 bytes; set -Dbeamshared.maxFrameBytes"
                + " to the same value in every JVM."),
        thrown);
    assertEquals(1, jvms.count("IN-LENGTHS"), "run once: the host was not taken for dead");
    assertEquals("RESULT {a=[1, 2]}", client.ask("call lengths a", "RESULT"));
    assertTrue(host.ask("stats", "STATS").startsWith("STATS loads=1 live=2 acquires=2 "));
  }

  @Test
  void anArgumentOverTheHostsFrameLimitFailsThatCallAloneWithoutReachingTheHost() throws Exception {
    ChildJvm host = jvms.start("beamshared.maxFrameBytes=100000");
    ChildJvm client = jvms.start();
    host.ask("acquire", "ACQUIRED");
    client.ask("acquire", "ACQUIRED");

    String thrown = client.ask("call lengths " + "w".repeat(120_000), "THROWN");

    assertTrue(
        thrown.startsWith(
            "THROWN io.github.beamshared.runtime.SharedResourceException |"
                + " Cannot send to the JVM with pid "
                + host.pid()
                + " hosting shared resource 'model':"
                + " a message of "),
        thrown);
    assertTrue(
        thrown.contains(
            "exceeds its limit of 100000 bytes; set"
                + " -Dbeamshared.maxFrameBytes to the same value in every JVM."),
        thrown);
    assertEquals(0, jvms.count("IN-LENGTHS"));
    assertEquals("RESULT {a=[1, 2]}", client.ask("call lengths a", "RESULT"));
    assertTrue(host.ask("stats", "STATS").startsWith("STATS loads=1 live=2 acquires=2 "));
  }

  @Test
  void aBareThrowableArrivesAsARemoteResourceException() throws Exception {
    ChildJvm host = jvms.start();
    ChildJvm client = jvms.start();
    host.ask("acquire", "ACQUIRED");
    client.ask("acquire", "ACQUIRED");

    assertEquals(
        "THROWN io.github.beamshared.runtime.RemoteResourceException |"
            + " java.lang.Throwable: neither Exception nor Error | cause=none",
        client.ask("call fail throwable", "THROWN"));
  }

  @Test
  void connectTimeoutNamesTheJvmHoldingTheLock() throws Exception {
    Rendezvous rendezvous = Rendezvous.open(jvms.directory());
    try (FileChannel lock =
        FileChannel.open(
            rendezvous.lockFile("model"), StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
      lock.lock(); // held, but nobody serves: a host stuck before binding its socket
      lock.write(ByteBuffer.wrap("4242".getBytes(StandardCharsets.UTF_8)));
      ChildJvm client = jvms.start("beamshared.connectTimeoutSeconds=1");

      String failure = client.ask("acquire", "ACQUIRE");

      assertTrue(
          failure.startsWith(
              "ACQUIRE-FAILED io.github.beamshared.runtime"
                  + ".SharedResourceException | No JVM answered for shared resource 'model'"),
          failure);
      assertTrue(
          failure.contains("within 1 s, although the JVM with pid 4242 holds its lock"), failure);
      assertTrue(failure.contains("raise -Dbeamshared.connectTimeoutSeconds"), failure);
    }
  }

  @Test
  void garbageAndOversizedFramesDisconnectOnlyThatPeer() throws Exception {
    ChildJvm host = jvms.start();
    ChildJvm client = jvms.start();
    host.ask("acquire", "ACQUIRED");
    client.ask("acquire", "ACQUIRED");
    Path socket = Rendezvous.open(jvms.directory()).socketFile("model");
    byte[] random = new byte[4096];
    new Random(42).nextBytes(random);

    assertDisconnected(socket, frame(Integer.MAX_VALUE, 0).array());
    assertDisconnected(socket, frame(-7, 0).array());
    assertDisconnected(socket, random);
    // A well-formed frame, but a call before the handshake.
    assertDisconnected(socket, frame(9, 9).put((byte) 4).array());
    // A handshake cut short inside its frame: a kind, and only two bytes of the id.
    assertDisconnected(socket, frame(3, 3).put((byte) 1).array());

    assertEquals("RESULT alive", client.ask("call echo alive", "RESULT"));
    ChildJvm late = jvms.start();
    assertEquals("ACQUIRED hosting=false host=" + host.pid(), late.ask("acquire", "ACQUIRED"));
    assertEquals(1, jvms.count("LOADED"));
  }

  @Test
  void anotherThreadSafeSettingIsRefusedNamingBoth() throws Exception {
    ChildJvm host = jvms.start();
    ChildJvm other = jvms.start("test.threadSafe=true");
    host.ask("acquire", "ACQUIRED");

    String refused = other.ask("acquire", "ACQUIRE");

    assertTrue(
        refused.startsWith(
            "ACQUIRE-FAILED io.github.beamshared.runtime"
                + ".SharedResourceException | Shared resource 'model': the JVM with pid "
                + other.pid()
                + " declares it @MultiProcessShared(threadSafe = true), but the host (pid "
                + host.pid()
                + ") threadSafe = false, and the host's setting decides whether calls are serialized."
                + " Declare the same threadSafe in every JVM sharing the tag, or give them different"
                + " tags."),
        refused);
  }

  @Test
  void anotherInterfaceVersionIsRefusedNamingBothFingerprints() throws Exception {
    ChildJvm host = jvms.start();
    ChildJvm other = jvms.start("test.fingerprint=model-v2");
    host.ask("acquire", "ACQUIRED");

    String refused = other.ask("acquire", "ACQUIRE");

    assertTrue(
        refused.startsWith(
            "ACQUIRE-FAILED io.github.beamshared.runtime"
                + ".SharedResourceException | Shared resource 'model': the JVM with pid "
                + other.pid()
                + " has io.github.beamshared.runtime.machine.Model with fingerprint model-v2, but the"
                + " host (pid "
                + host.pid()
                + ") has io.github.beamshared.runtime.machine.Model with"
                + " fingerprint model-v1."),
        refused);
    // Within one JVM, a tag stays bound to the interface version it was first acquired with.
    String rebound = host.ask("acquire-v2", "ACQUIRE");
    assertTrue(
        rebound.contains(
            "Shared resource tag 'model' is bound to @MultiProcessShared"
                + "(threadSafe = false) io.github.beamshared.runtime.machine.Model (fingerprint model-v1)"
                + " and cannot also be acquired as"),
        rebound);
    assertTrue(rebound.contains("(fingerprint model-v2)"), rebound);
  }

  /** A frame announcing {@code length} bytes and holding {@code bodyBytes} zeros so far. */
  private static ByteBuffer frame(int length, int bodyBytes) {
    return ByteBuffer.allocate(4 + bodyBytes).order(ByteOrder.nativeOrder()).putInt(length);
  }

  /** Writes {@code bytes} as a raw peer and expects the host to hang up. */
  private static void assertDisconnected(Path socket, byte[] bytes) throws Exception {
    try (SocketChannel peer = SocketChannel.open(StandardProtocolFamily.UNIX)) {
      peer.connect(UnixDomainSocketAddress.of(socket));
      try {
        peer.write(ByteBuffer.wrap(bytes));
      } catch (IOException hungUpAlready) {
        return;
      }
      peer.configureBlocking(false);
      ByteBuffer sink = ByteBuffer.allocate(1024);
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(ChildJvms.WAIT_SECONDS);
      while (System.nanoTime() < deadline) {
        sink.clear();
        try {
          if (peer.read(sink) < 0) {
            return;
          }
        } catch (IOException reset) {
          return;
        }
        Thread.sleep(5);
      }
      fail("The host kept the connection of a peer that sent " + bytes.length + " bad bytes");
    }
  }
}
