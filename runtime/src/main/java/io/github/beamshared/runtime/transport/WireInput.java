package io.github.beamshared.runtime.transport;

import java.io.EOFException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * A received message, read from a buffer that its connection fills again with the next message:
 * decode it before reading another. Values are in the machine's native byte order, as {@link
 * WireOutput} writes them; reading past the end throws {@link EOFException}, so a truncated message
 * is an I/O error like any other malformed one.
 */
public final class WireInput {

  private final ByteBuffer buffer;

  private WireInput(ByteBuffer buffer) {
    this.buffer = buffer;
  }

  /** Reads {@code buffer} from its position to its limit. */
  static WireInput of(ByteBuffer buffer) {
    return new WireInput(buffer.order(ByteOrder.nativeOrder()));
  }

  public static WireInput of(byte[] bytes) {
    return of(ByteBuffer.wrap(bytes));
  }

  /** The bytes not read yet. */
  public int remaining() {
    return buffer.remaining();
  }

  public byte readByte() throws EOFException {
    return take(Byte.BYTES).get();
  }

  public boolean readBoolean() throws EOFException {
    return readByte() != 0;
  }

  public short readShort() throws EOFException {
    return take(Short.BYTES).getShort();
  }

  public char readChar() throws EOFException {
    return take(Character.BYTES).getChar();
  }

  public int readInt() throws EOFException {
    return take(Integer.BYTES).getInt();
  }

  public long readLong() throws EOFException {
    return take(Long.BYTES).getLong();
  }

  public float readFloat() throws EOFException {
    return take(Float.BYTES).getFloat();
  }

  public double readDouble() throws EOFException {
    return take(Double.BYTES).getDouble();
  }

  public void readFully(byte[] bytes) throws EOFException {
    take(bytes.length).get(bytes);
  }

  /**
   * Checks that {@code bytes} more bytes are there and returns the buffer at them, for bulk reads
   * of primitive arrays through its views; the caller advances the position.
   */
  ByteBuffer take(int bytes) throws EOFException {
    if (buffer.remaining() < bytes) {
      throw new EOFException("The message ends " + (bytes - buffer.remaining())
          + " byte(s) early");
    }
    return buffer;
  }
}
