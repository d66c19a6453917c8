package io.github.beamshared.runtime.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.beamshared.runtime.transport.AdmittedTypes;
import io.github.beamshared.runtime.transport.ThrowableCodec;
import io.github.beamshared.runtime.transport.WireBytes;
import io.github.beamshared.runtime.transport.WireCodec;
import io.github.beamshared.runtime.transport.WireInput;
import io.github.beamshared.runtime.transport.WireOutput;
import java.io.IOException;
import java.net.ProtocolException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Every message, written and read back, in the layout the package description gives: a message type
 * added without a sample here fails {@link #everyMessageRoundTripsInTheDescribedLayout}.
 */
class ProtocolTest {

  private static final WireCodec CODEC = new WireCodec(AdmittedTypes.of(List.of()));
  private static final Hello HELLO =
      new Hello(Protocol.VERSION, "model", "com.example.Model", "fp-1", 4242, true, 7);
  private static final Welcome WELCOME = new Welcome(4343, 7, 1 << 20);
  private static final int METHOD = 3;
  private static final Object[] ARGUMENTS = {"text", 3, new float[] {0.5f, 1}, null};
  private static final Object RESULT = List.of(1.5, "x");
  private static final IllegalStateException FAILURE = new IllegalStateException("failed");
  private static final StatusReport REPORT =
      new StatusReport(
          "model",
          4343,
          "in-worker",
          2,
          1,
          61_000,
          true,
          2,
          List.of(new StatusReport.LeaseHolder(4242, 3), new StatusReport.LeaseHolder(4343, 1)),
          40,
          5_000_000,
          7,
          30,
          256L << 20);

  /** Writes one message into {@code out}. */
  @FunctionalInterface
  private interface Writing {
    WireOutput write(WireOutput out) throws IOException;
  }

  /** Reads back the body of the message written, and checks that its fields came back. */
  @FunctionalInterface
  private interface Reading {
    void check(Message message) throws IOException;
  }

  /** A message of one type: how to write it, its body's expected bytes, how to read it back. */
  private record Sample(long id, Writing writing, byte[] body, Reading reading) {}

  private static Map<MessageType, Sample> samples() throws IOException {
    Map<MessageType, Sample> samples = new EnumMap<>(MessageType.class);
    samples.put(
        MessageType.HELLO,
        new Sample(
            1,
            out -> Protocol.writeHello(out, 1, HELLO),
            new Layout()
                .putInt(Protocol.VERSION)
                .putString("model")
                .putString("com.example.Model")
                .putString("fp-1")
                .putLong(4242)
                .putBoolean(true)
                .putLong(7)
                .bytes(),
            message -> assertEquals(HELLO, Protocol.readHello(message))));
    samples.put(
        MessageType.ACQUIRE,
        new Sample(
            2,
            out -> Protocol.writeAcquire(out, 2, 9),
            new Layout().putLong(9).bytes(),
            message -> assertEquals(9, Protocol.readLeaseId(message))));
    samples.put(
        MessageType.RELEASE,
        new Sample(
            0,
            out -> Protocol.writeRelease(out, 9),
            new Layout().putLong(9).bytes(),
            message -> assertEquals(9, Protocol.readLeaseId(message))));
    samples.put(
        MessageType.CALL,
        new Sample(
            5,
            out -> Protocol.writeCall(out, 5, METHOD, ARGUMENTS, CODEC),
            new Layout().putInt(METHOD).putInt(ARGUMENTS.length).put(values(ARGUMENTS)).bytes(),
            message -> {
              Call call = Protocol.readCall(message, CODEC);
              assertEquals(METHOD, call.method());
              assertArrayEquals(ARGUMENTS, call.arguments());
            }));
    samples.put(
        MessageType.PING,
        new Sample(6, out -> Protocol.writePing(out, 6), new byte[0], message -> {}));
    samples.put(
        MessageType.WELCOME,
        new Sample(
            1,
            out -> Protocol.writeWelcome(out, 1, WELCOME),
            new Layout().putLong(4343).putLong(7).putInt(1 << 20).bytes(),
            message -> assertEquals(WELCOME, Protocol.readWelcome(message))));
    samples.put(
        MessageType.REFUSED,
        new Sample(
            1,
            out -> Protocol.writeRefused(out, 1, "no"),
            new Layout().putString("no").bytes(),
            message -> assertEquals("no", Protocol.readRefusal(message))));
    samples.put(
        MessageType.LEASED,
        new Sample(2, out -> Protocol.writeLeased(out, 2), new byte[0], message -> {}));
    samples.put(
        MessageType.FAILED,
        new Sample(
            2,
            out -> Protocol.writeFailed(out, 2, FAILURE),
            throwable(FAILURE),
            ProtocolTest::assertFailure));
    samples.put(
        MessageType.RESULT,
        new Sample(
            5,
            out -> Protocol.writeResult(out, 5, RESULT, CODEC),
            values(RESULT),
            message -> assertEquals(RESULT, Protocol.readResult(message, CODEC))));
    samples.put(
        MessageType.THROWN,
        new Sample(
            5,
            out -> Protocol.writeThrown(out, 5, FAILURE),
            throwable(FAILURE),
            ProtocolTest::assertFailure));
    samples.put(
        MessageType.PONG,
        new Sample(6, out -> Protocol.writePong(out, 6), new byte[0], message -> {}));
    samples.put(
        MessageType.STATUS,
        new Sample(
            1,
            out -> Protocol.writeStatus(out, 1, 4444),
            new Layout().putInt(Protocol.VERSION).putLong(4444).bytes(),
            message ->
                assertEquals(
                    new ControlRequest(Protocol.VERSION, 4444, ""),
                    Protocol.readControl(message))));
    for (MessageType type : List.of(MessageType.UNLOAD, MessageType.STOP)) {
      samples.put(
          type,
          new Sample(
              1,
              out -> Protocol.writeTagControl(out, 1, type, 4444, "model"),
              new Layout().putInt(Protocol.VERSION).putLong(4444).putString("model").bytes(),
              message ->
                  assertEquals(
                      new ControlRequest(Protocol.VERSION, 4444, "model"),
                      Protocol.readControl(message))));
    }
    samples.put(
        MessageType.STATUS_REPORT,
        new Sample(
            1,
            out -> Protocol.writeStatusReport(out, 1, REPORT),
            new Layout()
                .putString("model")
                .putLong(4343)
                .putString("in-worker")
                .putInt(2)
                .putInt(1)
                .putLong(61_000)
                .putBoolean(true)
                .putLong(2)
                .putInt(2)
                .putLong(4242)
                .putInt(3)
                .putLong(4343)
                .putInt(1)
                .putLong(40)
                .putLong(5_000_000)
                .putLong(7)
                .putLong(30)
                .putLong(256L << 20)
                .bytes(),
            message -> assertEquals(REPORT, Protocol.readStatusReport(message))));
    samples.put(
        MessageType.DONE,
        new Sample(
            1,
            out -> Protocol.writeDone(out, 1, "unloaded"),
            new Layout().putString("unloaded").bytes(),
            message -> assertEquals("unloaded", Protocol.readDone(message))));
    return samples;
  }

  @Test
  void everyMessageRoundTripsInTheDescribedLayout() throws IOException {
    Map<MessageType, Sample> samples = samples();
    for (MessageType type : MessageType.values()) {
      Sample sample = samples.get(type);
      assertNotNull(
          sample,
          "no sample of "
              + type
              + " in this test: add one, and describe the"
              + " message in the package description");
      byte[] written = WireBytes.of(sample.writing().write(new WireOutput()));
      byte[] expected =
          new Layout()
              .put(new byte[] {type.code()})
              .putLong(sample.id())
              .put(sample.body())
              .bytes();
      assertArrayEquals(expected, written, type + " is not laid out as described");

      Message message = Message.read(WireInput.of(written));
      assertEquals(type, message.type());
      assertEquals(sample.id(), message.id());
      sample.reading().check(message);
      assertEquals(0, message.body().remaining(), type + ": bytes left unread");
    }
  }

  @Test
  void typeBytesAreDistinctAndUnknownOnesRefused() {
    Set<Byte> codes = new HashSet<>();
    for (MessageType type : MessageType.values()) {
      assertTrue(codes.add(type.code()), type + " shares its byte with another type");
    }
    for (int code = Byte.MIN_VALUE; code <= Byte.MAX_VALUE; code++) {
      byte[] message = new Layout().put(new byte[] {(byte) code}).putLong(1).bytes();
      if (codes.contains((byte) code)) {
        assertEquals(code, assertReads(message).type().code());
      } else {
        assertThrows(ProtocolException.class, () -> Message.read(WireInput.of(message)));
      }
    }
  }

  @Test
  void aHelloOfAnotherVersionIsReadUpToThePid() throws IOException {
    // What version 5 might send: the fields every version starts with, then others.
    byte[] hello =
        new Layout()
            .put(new byte[] {MessageType.HELLO.code()})
            .putLong(1)
            .putInt(Protocol.VERSION + 1)
            .putString("model")
            .putString("com.example.Model")
            .putString("fp-2")
            .putLong(4242)
            .putString("something new")
            .bytes();

    Hello read = Protocol.readHello(assertReads(hello));

    assertEquals(
        new Hello(Protocol.VERSION + 1, "model", "com.example.Model", "fp-2", 4242, false, 0),
        read);
  }

  @Test
  void aControlRequestOfAnotherVersionIsReadUpToThePid() throws IOException {
    // What a later version's command might send: version and pid, then fields of its own.
    byte[] unload =
        new Layout()
            .put(new byte[] {MessageType.UNLOAD.code()})
            .putLong(1)
            .putInt(Protocol.VERSION + 1)
            .putLong(4444)
            .putLong(99)
            .bytes();

    assertEquals(
        new ControlRequest(Protocol.VERSION + 1, 4444, ""),
        Protocol.readControl(assertReads(unload)));
  }

  @Test
  void aStatusReportAnnouncingMoreLeaseHoldersThanItsBytesIsAProtocolError() throws IOException {
    byte[] report = WireBytes.of(Protocol.writeStatusReport(new WireOutput(), 1, REPORT));
    // The holder count follows tag, pid, mode, copies, copy, uptime, loaded and loads.
    int count = 1 + 8 + (4 + 5) + 8 + (4 + 9) + 4 + 4 + 8 + 1 + 8;
    ByteBuffer.wrap(report).order(ByteOrder.nativeOrder()).putInt(count, Integer.MAX_VALUE);

    assertThrows(ProtocolException.class, () -> Protocol.readStatusReport(assertReads(report)));
  }

  @Test
  void aHelloWithoutATagIsMalformedInput() {
    // A null string (length -1) where the tag belongs: a peer sending it gets an IOException.
    byte[] hello =
        new Layout()
            .put(new byte[] {MessageType.HELLO.code()})
            .putLong(1)
            .putInt(Protocol.VERSION)
            .putInt(-1)
            .putString("com.example.Model")
            .putString("fp-2")
            .putLong(4242)
            .putBoolean(false)
            .putLong(0)
            .bytes();

    assertThrows(IOException.class, () -> Protocol.readHello(assertReads(hello)));
  }

  @Test
  void readingAMessageAsAnotherTypeIsAProtocolError() throws IOException {
    byte[] pong = WireBytes.of(Protocol.writePong(new WireOutput(), 1));

    assertThrows(ProtocolException.class, () -> Protocol.readWelcome(assertReads(pong)));
    assertThrows(ProtocolException.class, () -> Protocol.readLeaseId(assertReads(pong)));
    assertThrows(
        ProtocolException.class, () -> Protocol.readThrowable(assertReads(pong), CODEC.admitted()));
  }

  @Test
  void aCallWithTooManyArgumentsIsAProtocolError() throws IOException {
    Object[] tooMany = new Object[Protocol.MAX_ARGUMENTS + 1];
    byte[] call = WireBytes.of(Protocol.writeCall(new WireOutput(), 1, METHOD, tooMany, CODEC));

    // Not an UndecodableArgumentsException, which fails only the call: the peer is broken.
    assertThrows(ProtocolException.class, () -> Protocol.readCall(assertReads(call), CODEC));
  }

  @Test
  void aCallWhoseArgumentsCannotBeDecodedNamesItsMethod() throws IOException {
    byte[] call =
        WireBytes.of(
            Protocol.writeCall(new WireOutput(), 1, METHOD, new Object[] {"fine", 1}, CODEC));
    call[call.length - 5] = 99; // the second argument's type byte: no value type has it

    UndecodableArgumentsException e =
        assertThrows(
            UndecodableArgumentsException.class, () -> Protocol.readCall(assertReads(call), CODEC));
    assertEquals(METHOD, e.method());
  }

  private static Message assertReads(byte[] message) {
    try {
      return Message.read(WireInput.of(message));
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  private static void assertFailure(Message message) throws IOException {
    Throwable read = Protocol.readThrowable(message, CODEC.admitted());
    assertEquals(FAILURE.getClass(), read.getClass());
    assertEquals(FAILURE.getMessage(), read.getMessage());
    assertArrayEquals(FAILURE.getStackTrace(), read.getStackTrace());
  }

  /** The values as the codec writes them, one after the other. */
  private static byte[] values(Object... values) throws IOException {
    WireOutput out = new WireOutput();
    for (Object value : values) {
      CODEC.write(out, value);
    }
    return WireBytes.of(out);
  }

  private static byte[] throwable(Throwable throwable) throws IOException {
    WireOutput out = new WireOutput();
    ThrowableCodec.write(out, throwable);
    return WireBytes.of(out);
  }

  /** Bytes as the package description lays them out, in the machine's byte order. */
  private static final class Layout {
    private final ByteBuffer buffer = ByteBuffer.allocate(64 * 1024).order(ByteOrder.nativeOrder());

    Layout put(byte[] bytes) {
      buffer.put(bytes);
      return this;
    }

    Layout putBoolean(boolean value) {
      buffer.put((byte) (value ? 1 : 0));
      return this;
    }

    Layout putInt(int value) {
      buffer.putInt(value);
      return this;
    }

    Layout putLong(long value) {
      buffer.putLong(value);
      return this;
    }

    /** A string: its UTF-8 length, then its UTF-8 bytes. */
    Layout putString(String value) {
      byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
      buffer.putInt(utf8.length).put(utf8);
      return this;
    }

    byte[] bytes() {
      byte[] bytes = new byte[buffer.position()];
      buffer.flip().get(bytes);
      return bytes;
    }
  }
}
