package io.github.beamshared.runtime.machine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.beamshared.runtime.protocol.Message;
import io.github.beamshared.runtime.protocol.MessageType;
import io.github.beamshared.runtime.protocol.Protocol;
import io.github.beamshared.runtime.transport.AdmittedTypes;
import io.github.beamshared.testsupport.ChildJvm;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.ObjectOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A host JVM meeting peers of its own OS user that send what no beam-shared client sends: each is
 * refused at a bounded cost, and the host goes on serving its clients.
 */
@Timeout(120)
class HostilePeerTest {

  /** {@code Model.lengths(List)}, whose argument the host decodes before it runs the call. */
  private static final int LENGTHS = 6;

  private static final byte SERIALIZED = 24;
  private static final Duration ANSWER = Duration.ofSeconds(10);

  @TempDir Path base;

  private ChildJvms jvms;
  private ChildJvm host;
  private ChildJvm client;
  private Path socket;

  @BeforeEach
  void startHostAndClient() throws Exception {
    jvms = new ChildJvms(base);
    // Short deadlines and small limits, so that each is reached in a test's time.
    host =
        jvms.start(
            "beamshared.connectTimeoutSeconds=1",
            "beamshared.frameTimeoutSeconds=1",
            "beamshared.maxConnections=12",
            "beamshared.maxConnectionsPerPeer=4",
            "jvm:-Xmx256m"); // room for what a greedy peer would make it allocate
    client = jvms.start();
    host.ask("acquire", "ACQUIRED");
    client.ask("acquire", "ACQUIRED");
    socket = Rendezvous.open(jvms.directory()).socketFile("model");
  }

  @Test
  void aPeerThatNeverShakesHandsIsDisconnectedAfterTheConnectTimeout() throws Exception {
    RawPeer silent = RawPeer.connect(socket);
    assertTrue(silent.closedByHostWithin(Duration.ofSeconds(5)));
    assertHostServes();
  }

  @Test
  void aHandshakeFrameLargerThan64KiBIsRefusedBeforeItsBytesArrive() throws Exception {
    RawPeer greedy = RawPeer.connect(socket);
    // A HELLO whose tag declares 60 MiB, of which 600 KB arrive, then nothing: a host that took
    // the frame would hold a 60 MiB array for the tag and wait for its bytes.
    int tagBytes = 60 << 20;
    ByteBuffer start =
        ByteBuffer.allocate(4 + 1 + 8 + 4 + 4)
            .order(ByteOrder.nativeOrder())
            .putInt(1 + 8 + 4 + 4 + tagBytes) // the frame's length
            .put(MessageType.HELLO.code())
            .putLong(1)
            .putInt(Protocol.VERSION)
            .putInt(tagBytes);
    greedy.sendBytes(start.array());
    try {
      greedy.sendBytes(new byte[600 * 1024]);
      assertTrue(greedy.closedByHostWithin(Duration.ofSeconds(5)));
    } catch (IOException hungUp) {
      // The host closed the connection on reading the length, before these bytes.
    } finally {
      greedy.close();
    }
    assertHostServes();
  }

  @Test
  void aPeerSendingAMessageByteByByteIsDisconnectedAfterTheFrameTimeout() throws Exception {
    try (RawPeer slow = RawPeer.handshake(socket)) {
      slow.sendBytes(ByteBuffer.allocate(4).order(ByteOrder.nativeOrder()).putInt(0, 1000).array());
      long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      boolean disconnected = false;
      while (!disconnected && System.nanoTime() < deadline) {
        try {
          slow.sendBytes(new byte[1]);
          Thread.sleep(200);
        } catch (IOException e) {
          disconnected = true; // the host closed the connection: writing to it fails
        }
      }
      assertTrue(disconnected, "the host still reads a frame that trickles in after 10 s");
    }
    assertHostServes();
  }

  @Test
  void connectionsBeyondThePeersLimitAndTheTotalAreRefusedWithTheSetting() throws Exception {
    List<RawPeer> peers = new ArrayList<>();
    try {
      for (int i = 0; i < 4; i++) {
        peers.add(RawPeer.handshake(socket)); // this peer's limit
      }
      IllegalStateException perPeer =
          assertThrows(IllegalStateException.class, () -> RawPeer.handshake(socket));
      assertTrue(
          perPeer
              .getMessage()
              .contains("already, the limit per JVM" + " (-Dbeamshared.maxConnectionsPerPeer)"),
          perPeer.getMessage());
      // The client holds 2, this peer 4: 6 more silent peers reach the total of 12.
      for (int i = 0; i < 6; i++) {
        peers.add(RawPeer.connect(socket));
      }
      Thread.sleep(200); // accepted
      RawPeer refused = RawPeer.connect(socket);
      peers.add(refused);
      Message answer = refused.awaitMessage(ANSWER);
      assertEquals(MessageType.REFUSED, answer.type());
      String reason = Protocol.readRefusal(answer);
      assertTrue(
          reason.contains("connections already, its limit (-Dbeamshared.maxConnections)"), reason);
    } finally {
      for (RawPeer peer : peers) {
        peer.close();
      }
    }
    Thread.sleep(1500); // the host closes the silent peers' connections at their deadline
    ChildJvm late = jvms.start();
    assertEquals("ACQUIRED hosting=false host=" + host.pid(), late.ask("acquire", "ACQUIRED"));
    assertEquals("RESULT late", late.ask("call echo late", "RESULT"));
  }

  @AfterEach
  void killChildren() {
    jvms.close();
  }

  @Test
  void nestedSetsThatWouldCostExponentialHashingAreRefusedCheaply() throws Exception {
    try (RawPeer peer = RawPeer.caller(socket)) {
      peer.sendCall(2, LENGTHS, serializedArgument(serialize(nestedSets(45))));

      String thrown = thrown(peer.awaitMessage(ANSWER));
      assertTrue(thrown.contains("cannot decode the arguments of method #" + LENGTHS), thrown);
      assertTrue(thrown.contains("REJECTED"), thrown);
    }
    assertHostServes();
  }

  @Test
  void anArrayLongerThanItsStreamIsRefusedBeforeItIsAllocated() throws Exception {
    byte[] stream = serialize(new byte[8]);
    // The array's length comes right before its 8 bytes: claim 256 MiB (the host has 64 MiB).
    ByteBuffer.wrap(stream).putInt(stream.length - 8 - Integer.BYTES, 1 << 28);
    try (RawPeer peer = RawPeer.caller(socket)) {
      peer.sendCall(2, LENGTHS, serializedArgument(stream));

      String thrown = thrown(peer.awaitMessage(ANSWER));
      assertTrue(thrown.contains("REJECTED"), thrown);
    }
    assertHostServes();
  }

  @Test
  void aCallOnAControlConnectionClosesIt() throws Exception {
    // The host learns that a client has gone from its control connection, which must therefore
    // never be busy running a call.
    RawPeer control = RawPeer.handshake(socket);
    control.sendCall(2, LENGTHS, serializedArgument(serialize(new ArrayList<>())));
    assertTrue(control.closedByHostWithin(Duration.ofSeconds(5)));
    assertHostServes();
  }

  @Test
  void aCallConnectionNamingASessionThatHasEndedIsClosed() throws Exception {
    long ended;
    try (RawPeer control = RawPeer.handshake(socket)) {
      ended = control.session();
    }
    Thread.sleep(200); // the host sees the control connection close
    assertThrows(EOFException.class, () -> RawPeer.handshake(socket, ended));
    assertHostServes();
  }

  private void assertHostServes() throws InterruptedException {
    assertEquals("RESULT alive", client.ask("call echo alive", "RESULT"));
    assertEquals(1, jvms.count("LOADED"));
  }

  /** An argument whose value is the Java serialization {@code stream}. */
  private static byte[] serializedArgument(byte[] stream) {
    return ByteBuffer.allocate(1 + Integer.BYTES + stream.length)
        .order(ByteOrder.nativeOrder())
        .put(SERIALIZED)
        .putInt(stream.length)
        .put(stream)
        .array();
  }

  private static String thrown(Message answer) throws Exception {
    assertEquals(MessageType.THROWN, answer.type());
    return Protocol.readThrowable(answer, AdmittedTypes.of(List.of())).toString();
  }

  /**
   * Sets nested {@code depth} deep, each level's two sets holding both of the next level's:
   * serialized, a few KB with shared references; rebuilt, 2^depth hash computations.
   */
  private static Set<Object> nestedSets(int depth) {
    Set<Object> root = new HashSet<>();
    Set<Object> left = root;
    Set<Object> right = new HashSet<>();
    for (int i = 0; i < depth; i++) {
      Set<Object> nextLeft = new HashSet<>();
      Set<Object> nextRight = new HashSet<>();
      nextLeft.add("unequal");
      left.add(nextLeft);
      left.add(nextRight);
      right.add(nextLeft);
      right.add(nextRight);
      left = nextLeft;
      right = nextRight;
    }
    return root;
  }

  private static byte[] serialize(Object value) throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(value);
    }
    return bytes.toByteArray();
  }
}
