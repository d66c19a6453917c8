package io.github.beamshared.runtime.transport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.EOFException;
import java.io.IOException;
import java.net.ProtocolException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(30)
class FrameChannelTest {

  private static final int MAX = 4 << 20;

  @TempDir Path directory;

  private SocketChannel writerEnd;
  private SocketChannel readerEnd;
  private FrameChannel writer;
  private FrameChannel reader;

  @BeforeEach
  void connect() throws Exception {
    UnixDomainSocketAddress address = UnixDomainSocketAddress.of(directory.resolve("s"));
    try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
      server.bind(address);
      writerEnd = SocketChannel.open(address);
      readerEnd = server.accept();
    }
    writer = new FrameChannel(writerEnd, MAX);
    reader = new FrameChannel(readerEnd, MAX);
  }

  @AfterEach
  void close() throws Exception {
    writer.close();
    reader.close();
  }

  @Test
  void framesArriveWhole() throws Exception {
    byte[] small = {42};
    byte[] medium = new byte[100_000];
    byte[] large = new byte[MAX];
    Arrays.fill(medium, (byte) 6);
    Arrays.fill(large, (byte) 7);
    // Past the buffer kept between frames, and back: both ends grow and shrink theirs.
    List<byte[]> frames = List.of(small, medium, large, small, medium);
    sendWhileReceiving(
        List.of(
            () -> {
              for (byte[] frame : frames) {
                writer.write(message(frame));
              }
            }),
        () -> {
          for (byte[] frame : frames) {
            assertArrayEquals(frame, bytes(reader.read()));
          }
        });
  }

  @Test
  void framesAroundTheReceiveBuffersSizesArriveWhole() throws Exception {
    int initial = FrameChannel.INITIAL_BUFFER_BYTES;
    int largest = FrameChannel.BUFFER_BYTES;
    // Under, at and over the first and the largest buffer, and back: the reader's buffer grows.
    List<byte[]> frames = new ArrayList<>();
    for (int size :
        new int[] {
          initial - 1,
          initial,
          initial + 1,
          5,
          3 * initial,
          largest,
          largest + 1,
          2 * largest,
          initial
        }) {
      byte[] frame = new byte[size];
      Arrays.fill(frame, (byte) size);
      frames.add(frame);
    }
    sendWhileReceiving(
        List.of(
            () -> {
              for (byte[] frame : frames) {
                writer.write(message(frame));
              }
            }),
        () -> {
          for (byte[] frame : frames) {
            assertArrayEquals(frame, bytes(reader.read()));
          }
        });
  }

  @Test
  void framesOfConcurrentWritersNeverInterleave() throws Exception {
    List<Action> senders = new ArrayList<>();
    for (int t = 0; t < 4; t++) {
      byte[] frame = new byte[50_000];
      Arrays.fill(frame, (byte) t);
      senders.add(
          () -> {
            for (int i = 0; i < 20; i++) {
              writer.write(message(frame));
            }
          });
    }
    sendWhileReceiving(
        senders,
        () -> {
          for (int i = 0; i < 80; i++) {
            byte[] frame = bytes(reader.read());
            assertEquals(50_000, frame.length);
            for (byte b : frame) {
              assertEquals(frame[0], b, "frame " + i + " mixes two writers");
            }
          }
        });
  }

  @Test
  void arraysLargerThanTheBufferAreDecodedAsTheyArrive() throws Exception {
    WireCodec codec = new WireCodec(AdmittedTypes.of(List.of()));
    float[] floats = new float[100_003];
    boolean[] booleans = new boolean[FrameChannel.BUFFER_BYTES + 7];
    byte[] bytes = new byte[3 * FrameChannel.BUFFER_BYTES + 1];
    long[] longs = new long[FrameChannel.BUFFER_BYTES / 8 + 3];
    for (int i = 0; i < floats.length; i++) {
      floats[i] = i * 0.5f;
    }
    for (int i = 0; i < booleans.length; i++) {
      booleans[i] = i % 3 == 0;
    }
    Arrays.fill(bytes, (byte) 9);
    Arrays.fill(longs, -2L);
    WireOutput message = new WireOutput();
    // A value not aligned to its width first, so that chunks end in the middle of elements.
    message.writeByte(1);
    for (Object value : List.of(floats, booleans, bytes, longs, "end")) {
      codec.write(message, value);
    }
    sendWhileReceiving(
        List.of(() -> writer.write(message)),
        () -> {
          WireInput received = reader.read();
          assertEquals(1, received.readByte());
          assertArrayEquals(floats, (float[]) codec.read(received));
          assertArrayEquals(booleans, (boolean[]) codec.read(received));
          assertArrayEquals(bytes, (byte[]) codec.read(received));
          assertArrayEquals(longs, (long[]) codec.read(received));
          assertEquals("end", codec.read(received));
          assertEquals(0, received.remaining());
        });
  }

  @Test
  void whatIsLeftOfAFrameIsSkippedBeforeTheNextOne() throws Exception {
    byte[] large = new byte[5 * FrameChannel.BUFFER_BYTES];
    sendWhileReceiving(
        List.of(
            () -> {
              writer.write(message(large));
              writer.write(message(new byte[] {1, 2, 3}));
            }),
        () -> {
          assertEquals(0, reader.read().readInt()); // and nothing more of the large frame
          assertArrayEquals(new byte[] {1, 2, 3}, bytes(reader.read()));
        });
  }

  @Test
  void aFrameCutShortFailsWhenDecodingReachesTheMissingPart() throws Exception {
    int announced = 2 * FrameChannel.BUFFER_BYTES;
    // More than the socket holds: written while the reader reads.
    sendWhileReceiving(
        List.of(
            () -> {
              try (SocketChannel out = writerEnd) {
                ByteBuffer part =
                    ByteBuffer.allocate(4 + FrameChannel.BUFFER_BYTES + 10)
                        .order(ByteOrder.nativeOrder())
                        .putInt(0, announced);
                while (part.hasRemaining()) {
                  out.write(part);
                }
              }
            }),
        () -> {
          WireInput cut = reader.read();
          assertEquals(announced, cut.remaining());
          assertThrows(EOFException.class, () -> cut.readFully(new byte[announced]));
        });
  }

  @Test
  void announcedLengthsOutOfRangeAreRefusedBeforeAllocating() throws Exception {
    for (int length : new int[] {MAX + 1, Integer.MAX_VALUE, 0, -1}) {
      writerEnd.write(ByteBuffer.allocate(4).order(ByteOrder.nativeOrder()).putInt(0, length));
      assertThrows(ProtocolException.class, reader::read, "length " + length);
    }
  }

  @Test
  void connectionClosedInsideAFrameIsEof() throws Exception {
    writerEnd.write(ByteBuffer.allocate(6).order(ByteOrder.nativeOrder()).putInt(0, 10));
    writerEnd.close();

    assertThrows(EOFException.class, reader::read);
  }

  @Test
  void tooLargeFrameIsNotWrittenAndTheStreamStaysUsable() throws Exception {
    assertThrows(FrameTooLargeException.class, () -> writer.write(message(new byte[MAX + 1])));
    assertThrows(FrameTooLargeException.class, () -> writer.write(message(new byte[0])));

    writer.write(message(new byte[] {1, 2}));
    assertArrayEquals(new byte[] {1, 2}, bytes(reader.read()));
  }

  /** What a sender or a receiver does. */
  @FunctionalInterface
  private interface Action {
    void run() throws Exception;
  }

  /**
   * Runs each of {@code senders} on a thread of its own while this thread runs {@code receiving};
   * fails if any of them fails. A sender that fails closes the writer, so that the receiver stops
   * waiting for its frames, and its failure is the one thrown. The receiver's waits end with the
   * test's timeout; each sender is waited for at most 10 s after it.
   */
  private void sendWhileReceiving(List<Action> senders, Action receiving) throws Exception {
    List<FutureTask<Void>> sending = new ArrayList<>();
    for (Action sender : senders) {
      FutureTask<Void> task =
          new FutureTask<>(
              () -> {
                try {
                  sender.run();
                } catch (Exception | Error e) {
                  writer.close();
                  throw e;
                }
                return null;
              });
      Thread thread = new Thread(task, "frame-sender");
      thread.setDaemon(true);
      thread.start();
      sending.add(task);
    }
    try {
      receiving.run();
    } catch (Exception | Error received) {
      // Whether a sender failed first, which made this fail; else this failure is the cause.
      boolean sendersEnded = sending.stream().anyMatch(FutureTask::isDone);
      reader.close(); // a sender blocked on a full socket fails now rather than at its deadline
      if (sendersEnded) {
        awaitSenders(sending, received);
      }
      throw received;
    }
    awaitSenders(sending, null);
  }

  /** Waits at most 10 s for each sender; throws the first failure, {@code also} suppressed. */
  private static void awaitSenders(List<FutureTask<Void>> sending, Throwable also)
      throws Exception {
    for (FutureTask<Void> sender : sending) {
      try {
        sender.get(10, TimeUnit.SECONDS);
      } catch (ExecutionException e) {
        AssertionError failed =
            new AssertionError("A sender failed: " + e.getCause(), e.getCause());
        if (also != null) {
          failed.addSuppressed(also);
        }
        throw failed;
      }
    }
  }

  private static WireOutput message(byte[] bytes) {
    WireOutput message = new WireOutput();
    message.write(bytes);
    return message;
  }

  private static byte[] bytes(WireInput frame) throws IOException {
    byte[] bytes = new byte[frame.remaining()];
    frame.readFully(bytes);
    return bytes;
  }
}
