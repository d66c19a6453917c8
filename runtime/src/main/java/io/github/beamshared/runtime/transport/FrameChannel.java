package io.github.beamshared.runtime.transport;

import java.io.EOFException;
import java.io.IOException;
import java.net.ProtocolException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.SocketChannel;
import org.jspecify.annotations.Nullable;

/**
 * Length-prefixed frames over a connected, blocking {@link SocketChannel}: the length as a
 * four-byte int, then that many bytes. One thread reads; any thread may write, and whole frames
 * never interleave.
 *
 * <p>A frame is read into a direct buffer that the channel keeps and reuses, of {@value
 * #INITIAL_BUFFER_BYTES} bytes at first and grown for larger frames to at most {@value
 * #BUFFER_BYTES}, so that a connection of small messages stays small; a larger frame's rest stays
 * in the socket until decoding reaches it (see {@link WireInput}). So a received message is valid
 * only until the next {@link #read()}, which first skips what is left of it.
 *
 * <p>On failure: a length that is not positive or exceeds the maximum throws a {@link
 * ProtocolException} before anything is allocated. The stream can no longer be trusted, so the
 * reader must drop the connection. Writing a frame that is too large throws {@link
 * FrameTooLargeException} and leaves the stream intact.
 */
public final class FrameChannel implements AutoCloseable {

  static final int HEADER_BYTES = Integer.BYTES;
  static final int BUFFER_BYTES = 512 * 1024;
  static final int INITIAL_BUFFER_BYTES = 4 * 1024;

  private final SocketChannel channel;
  private volatile int maxFrameBytes;
  private final ByteBuffer header =
      ByteBuffer.allocateDirect(HEADER_BYTES).order(ByteOrder.nativeOrder());
  private final Object writeLock = new Object();
  private ByteBuffer body = ByteBuffer.allocateDirect(INITIAL_BUFFER_BYTES);
  private @Nullable WireInput last;
  // Set by awaitFrame: the next frame's first bytes are in header.
  private boolean started;

  public FrameChannel(SocketChannel channel, int maxFrameBytes) {
    this.channel = channel;
    this.maxFrameBytes = maxFrameBytes;
  }

  /** Changes the largest frame accepted from now on, as a host does once a peer is known. */
  public void limit(int maxFrameBytes) {
    this.maxFrameBytes = maxFrameBytes;
  }

  /**
   * Blocks until the next frame starts to arrive, then returns: the time between frames, which a
   * connection may spend idle, ends here, and reading the frame that follows, with {@link #read()},
   * can be given a deadline.
   *
   * @throws EOFException if the peer closed the connection
   */
  public void awaitFrame() throws IOException {
    if (last != null) {
      last.skipRest();
      last = null;
    }
    header.clear();
    if (channel.read(header) < 0) {
      throw new EOFException("The peer closed the connection");
    }
    started = true;
  }

  /**
   * Blocks until a frame has arrived, or its first {@value #BUFFER_BYTES} bytes, and returns it
   * until the next read.
   *
   * @throws EOFException if the peer closed the connection, also in the middle of a frame (or
   *     later, when decoding reaches the missing part)
   * @throws ProtocolException if the announced length is not acceptable: {@link
   *     FrameTooLargeException} if over the limit
   */
  public WireInput read() throws IOException {
    if (!started) {
      if (last != null) {
        last.skipRest();
      }
      header.clear();
    }
    started = false;
    readFully(header);
    int length = header.getInt(0);
    if (length > maxFrameBytes) {
      throw new FrameTooLargeException(length, maxFrameBytes);
    }
    if (length <= 0) {
      throw new ProtocolException(
          "Announced frame of "
              + length
              + " bytes; frames must have 1 to "
              + maxFrameBytes
              + " bytes");
    }
    int buffered = Math.min(length, BUFFER_BYTES);
    if (body.capacity() < buffered) {
      body = ByteBuffer.allocateDirect(Integer.highestOneBit(buffered - 1) << 1);
    }
    body.clear().limit(buffered);
    readFully(body);
    last = WireInput.of(body.flip(), channel, length - body.limit());
    return last;
  }

  /** Writes the message in {@code message} as one frame, blocking until it is sent. */
  public void write(WireOutput message) throws IOException {
    int size = message.size();
    if (size == 0 || size > maxFrameBytes) {
      throw new FrameTooLargeException(size, maxFrameBytes);
    }
    ByteBuffer frame = message.frame();
    synchronized (writeLock) {
      while (frame.hasRemaining()) {
        channel.write(frame);
      }
    }
  }

  public boolean isOpen() {
    return channel.isOpen();
  }

  /** Closes the connection; a thread blocked in {@link #read()} gets an exception. */
  @Override
  public void close() throws IOException {
    channel.close();
  }

  private void readFully(ByteBuffer buffer) throws IOException {
    while (buffer.hasRemaining()) {
      if (channel.read(buffer) < 0) {
        throw new EOFException("The peer closed the connection");
      }
    }
  }
}
