package io.github.beamshared.runtime.machine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.beamshared.runtime.machine.Protocol.Message;
import io.github.beamshared.runtime.transport.ThrowableCodec;
import io.github.beamshared.runtime.transport.AdmittedTypes;
import java.io.ByteArrayOutputStream;
import java.io.ObjectOutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
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

  @TempDir
  Path base;

  private ChildJvms jvms;
  private ChildJvms.Child host;
  private ChildJvms.Child client;
  private Path socket;

  @BeforeEach
  void startHostAndClient() throws Exception {
    jvms = new ChildJvms(base);
    host = jvms.start();
    client = jvms.start();
    host.ask("acquire", "ACQUIRED");
    client.ask("acquire", "ACQUIRED");
    socket = Rendezvous.open(jvms.directory()).socketFile("model");
  }

  @AfterEach
  void killChildren() {
    jvms.close();
  }

  @Test
  void nestedSetsThatWouldCostExponentialHashingAreRefusedCheaply() throws Exception {
    try (RawPeer peer = RawPeer.handshake(socket)) {
      peer.send(Protocol.CALL, 2, serializedArgument(serialize(nestedSets(45))));

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
    try (RawPeer peer = RawPeer.handshake(socket)) {
      peer.send(Protocol.CALL, 2, serializedArgument(stream));

      String thrown = thrown(peer.awaitMessage(ANSWER));
      assertTrue(thrown.contains("REJECTED"), thrown);
    }
    assertHostServes();
  }

  private void assertHostServes() throws InterruptedException {
    assertEquals("RESULT alive", client.ask("call echo alive", "RESULT"));
    assertEquals(1, jvms.count("LOADED"));
  }

  /** A call of {@code lengths} whose one argument is the serialized {@code stream}. */
  private static Protocol.Body serializedArgument(byte[] stream) {
    return body -> {
      body.writeInt(LENGTHS);
      body.writeInt(1);
      body.writeByte(SERIALIZED);
      body.writeInt(stream.length);
      body.write(stream);
    };
  }

  private static String thrown(Message answer) throws Exception {
    assertEquals(Protocol.THROWN, answer.kind());
    return ThrowableCodec.read(answer.body(), AdmittedTypes.of(List.of())).toString();
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
