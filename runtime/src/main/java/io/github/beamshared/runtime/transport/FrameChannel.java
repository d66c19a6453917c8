package io.github.beamshared.runtime.transport;

import java.io.EOFException;
import java.io.IOException;
import java.net.ProtocolException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.SocketChannel;

/**
 * Length-prefixed frames over a connected, blocking {@link SocketChannel}: the length as a
 * four-byte int, then that many bytes. One thread reads; any thread may write, and whole frames
 * never interleave.
 *
 * <p>Frames are read into a direct buffer the channel keeps and reuses, so a received message is
 * valid only until the next {@link #read()}; a frame larger than the buffer may keep ({@value
 * WireOutput#RETAINED_BYTES} bytes) gets a buffer of its own.
 *
 * <p>On failure: a length that is not positive or exceeds the maximum throws a {@link
 * ProtocolException} before anything is allocated. The stream can no longer be trusted, so the
 * reader must drop the connection. Writing a frame that is too large throws {@link
 * FrameTooLargeException} and leaves the stream intact.
 */
public final class FrameChannel implements AutoCloseable {

  static final int HEADER_BYTES = Integer.BYTES;
  private static final int INITIAL_BYTES = 4096;

  private final SocketChannel channel;
  private final int maxFrameBytes;
  private final ByteBuffer header =
      ByteBuffer.allocateDirect(HEADER_BYTES).order(ByteOrder.nativeOrder());
  private final Object writeLock = new Object();
  private ByteBuffer body = ByteBuffer.allocateDirect(INITIAL_BYTES);

  public FrameChannel(SocketChannel channel, int maxFrameBytes) {
    this.channel = channel;
    this.maxFrameBytes = maxFrameBytes;
  }

  /**
   * Blocks until a whole frame has arrived, and returns it until the next read.
   *
   * @throws EOFException if the peer closed the connection, also in the middle of a frame
   * @throws ProtocolException if the announced length is not acceptable
   */
  public WireInput read() throws IOException {
    header.clear();
    readFully(header);
    int length = header.getInt(0);
    if (length <= 0 || length > maxFrameBytes) {
      throw new ProtocolException("Announced frame of " + length + " bytes; frames must have 1 to "
          + maxFrameBytes + " bytes");
    }
    ByteBuffer frame = bufferFor(length);
    readFully(frame);
    return WireInput.of(frame.flip());
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

  private ByteBuffer bufferFor(int length) {
    if (length > WireOutput.RETAINED_BYTES) {
      return ByteBuffer.allocate(length);
    }
    if (body.capacity() < length) {
      body = ByteBuffer.allocateDirect(Integer.highestOneBit(length - 1) << 1);
    }
    return body.clear().limit(length);
  }

  private void readFully(ByteBuffer buffer) throws IOException {
    while (buffer.hasRemaining()) {
      if (channel.read(buffer) < 0) {
        throw new EOFException("The peer closed the connection");
      }
    }
  }
}
