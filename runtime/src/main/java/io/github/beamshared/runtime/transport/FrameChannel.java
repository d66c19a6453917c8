package io.github.beamshared.runtime.transport;

import java.io.EOFException;
import java.io.IOException;
import java.net.ProtocolException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;

/**
 * Length-prefixed frames over a connected, blocking {@link SocketChannel}: a four-byte big-endian
 * length, then that many bytes. One thread reads; any thread may write, and whole frames never
 * interleave.
 *
 * <p>On failure: a length that is not positive or exceeds the maximum throws a {@link
 * ProtocolException} before anything is allocated. The stream can no longer be trusted, so the
 * reader must drop the connection. Writing a frame that is too large throws {@link
 * FrameTooLargeException} and leaves the stream intact.
 */
public final class FrameChannel implements AutoCloseable {

  private final SocketChannel channel;
  private final int maxFrameBytes;
  private final ByteBuffer header = ByteBuffer.allocate(Integer.BYTES);
  private final Object writeLock = new Object();

  public FrameChannel(SocketChannel channel, int maxFrameBytes) {
    this.channel = channel;
    this.maxFrameBytes = maxFrameBytes;
  }

  /**
   * Blocks until a whole frame has arrived.
   *
   * @throws EOFException if the peer closed the connection, also in the middle of a frame
   * @throws ProtocolException if the announced length is not acceptable
   */
  public byte[] read() throws IOException {
    header.clear();
    readFully(header);
    int length = header.getInt(0);
    if (length <= 0 || length > maxFrameBytes) {
      throw new ProtocolException("Announced frame of " + length + " bytes; frames must have 1 to "
          + maxFrameBytes + " bytes");
    }
    ByteBuffer body = ByteBuffer.allocate(length);
    readFully(body);
    return body.array();
  }

  /** Writes {@code frame} whole, blocking until it is sent. */
  public void write(byte[] frame) throws IOException {
    if (frame.length == 0 || frame.length > maxFrameBytes) {
      throw new FrameTooLargeException(frame.length, maxFrameBytes);
    }
    ByteBuffer[] buffers = {
        ByteBuffer.allocate(Integer.BYTES).putInt(0, frame.length), ByteBuffer.wrap(frame)};
    synchronized (writeLock) {
      while (buffers[1].hasRemaining()) {
        channel.write(buffers);
      }
    }
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
