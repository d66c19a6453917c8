package io.github.beamshared.runtime.transport;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.ReadableByteChannel;
import org.jspecify.annotations.Nullable;

/**
 * A received message, decoded as it arrives: what fits in its connection's buffer is there, and a
 * larger message's rest is read from the connection as decoding reaches it. A large array is read
 * straight into the array, while the sender is still writing, rather than after the whole message
 * has arrived. The connection reuses the buffer for its next message: decode a message before
 * reading another.
 *
 * <p>Values are in the machine's native byte order, as {@link WireOutput} writes them; reading past
 * the end throws {@link EOFException}, so a truncated message is an I/O error like any other
 * malformed one.
 */
public final class WireInput {

  /** Copies {@code count} elements from {@code source}, at its position, to the array at offset. */
  @FunctionalInterface
  interface Chunk {
    void copy(ByteBuffer source, int offset, int count);
  }

  private final ByteBuffer buffer;
  private final @Nullable ReadableByteChannel rest;
  // Bytes of the message still in the channel, after those in the buffer.
  private int unread;

  private WireInput(ByteBuffer buffer, @Nullable ReadableByteChannel rest, int unread) {
    this.buffer = buffer.order(ByteOrder.nativeOrder());
    this.rest = rest;
    this.unread = unread;
  }

  /**
   * A message whose first bytes are in {@code buffer}, from its position to its limit, and whose
   * next {@code unread} bytes are still to be read from {@code rest}.
   */
  static WireInput of(ByteBuffer buffer, ReadableByteChannel rest, int unread) {
    return new WireInput(buffer, rest, unread);
  }

  /** A message held whole in {@code bytes}. */
  public static WireInput of(byte[] bytes) {
    return new WireInput(ByteBuffer.wrap(bytes), null, 0);
  }

  /** The bytes of the message not decoded yet. */
  public int remaining() {
    return buffer.remaining() + unread;
  }

  public byte readByte() throws IOException {
    return take(Byte.BYTES).get();
  }

  public boolean readBoolean() throws IOException {
    return readByte() != 0;
  }

  public short readShort() throws IOException {
    return take(Short.BYTES).getShort();
  }

  public char readChar() throws IOException {
    return take(Character.BYTES).getChar();
  }

  public int readInt() throws IOException {
    return take(Integer.BYTES).getInt();
  }

  public long readLong() throws IOException {
    return take(Long.BYTES).getLong();
  }

  public float readFloat() throws IOException {
    return take(Float.BYTES).getFloat();
  }

  public double readDouble() throws IOException {
    return take(Double.BYTES).getDouble();
  }

  /** Fills {@code bytes}; what is not buffered yet goes from the connection straight into it. */
  public void readFully(byte[] bytes) throws IOException {
    if (bytes.length > remaining()) {
      throw ended(bytes.length);
    }
    int buffered = Math.min(buffer.remaining(), bytes.length);
    buffer.get(bytes, 0, buffered);
    ByteBuffer target = ByteBuffer.wrap(bytes, buffered, bytes.length - buffered);
    while (target.hasRemaining()) {
      unread -= readSome(target);
    }
  }

  /**
   * Reads {@code count} elements of {@code width} bytes each, handing {@code chunk} as many at a
   * time as the buffer holds.
   */
  void readChunks(int count, int width, Chunk chunk) throws IOException {
    if ((long) count * width > remaining()) {
      throw ended((long) count * width);
    }
    int perChunk = buffer.capacity() / width;
    for (int done = 0; done < count; ) {
      int n = Math.min(count - done, perChunk);
      ByteBuffer source = take(n * width);
      int start = source.position();
      chunk.copy(source, done, n);
      source.position(start + n * width);
      done += n;
    }
  }

  /** Reads and drops the rest of the message, so that the connection can read the next one. */
  void skipRest() throws IOException {
    buffer.position(buffer.limit());
    while (unread > 0) {
      buffer.clear().limit(Math.min(buffer.capacity(), unread));
      unread -= readSome(buffer);
    }
    buffer.flip();
  }

  /** Makes sure {@code bytes} bytes, at most the buffer's capacity, are buffered. */
  private ByteBuffer take(int bytes) throws IOException {
    if (buffer.remaining() >= bytes) {
      return buffer;
    }
    if (bytes > remaining()) {
      throw ended(bytes);
    }
    buffer.compact();
    while (buffer.position() < bytes) {
      buffer.limit(Math.min(buffer.capacity(), buffer.position() + unread));
      unread -= readSome(buffer);
    }
    return buffer.flip();
  }

  private int readSome(ByteBuffer target) throws IOException {
    if (rest == null) {
      throw new EOFException("The message ends before its last value");
    }
    int n = rest.read(target);
    if (n < 0) {
      throw new EOFException("The peer closed the connection inside a message");
    }
    return n;
  }

  private EOFException ended(long bytes) {
    return new EOFException("The message ends " + (bytes - remaining()) + " byte(s) early");
  }
}
