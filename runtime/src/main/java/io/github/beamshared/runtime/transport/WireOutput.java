package io.github.beamshared.runtime.transport;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * A message being written, in a buffer its connection reuses for every message, with room in front
 * for the frame's length. The buffer is direct, so a socket writes it without first copying it to a
 * native buffer of its own; a message larger than {@value #RETAINED_BYTES} bytes grows it, and the
 * next {@link #clear()} gives that memory back.
 *
 * <p>Values are in the machine's native byte order: both ends run on the same machine, so arrays of
 * numbers are copied without swapping bytes. One thread writes a message at a time.
 */
public final class WireOutput {

  /** The largest buffer kept between messages. */
  static final int RETAINED_BYTES = 1 << 20;

  private static final int INITIAL_BYTES = 4096;

  private ByteBuffer buffer = allocate(INITIAL_BYTES);

  public WireOutput() {
    clear();
  }

  /** Starts the next message, forgetting the last. */
  public WireOutput clear() {
    if (buffer.capacity() > RETAINED_BYTES) {
      buffer = allocate(INITIAL_BYTES);
    }
    buffer.clear().position(FrameChannel.HEADER_BYTES);
    return this;
  }

  /** The bytes of the message written since {@link #clear()}. */
  public int size() {
    return buffer.position() - FrameChannel.HEADER_BYTES;
  }

  public void writeByte(int value) {
    room(Byte.BYTES).put((byte) value);
  }

  public void writeBoolean(boolean value) {
    writeByte(value ? 1 : 0);
  }

  public void writeShort(int value) {
    room(Short.BYTES).putShort((short) value);
  }

  public void writeChar(int value) {
    room(Character.BYTES).putChar((char) value);
  }

  public void writeInt(int value) {
    room(Integer.BYTES).putInt(value);
  }

  public void writeLong(long value) {
    room(Long.BYTES).putLong(value);
  }

  public void writeFloat(float value) {
    room(Float.BYTES).putFloat(value);
  }

  public void writeDouble(double value) {
    room(Double.BYTES).putDouble(value);
  }

  public void write(byte[] bytes) {
    room(bytes.length).put(bytes);
  }

  /**
   * Makes room for {@code bytes} more bytes and returns the buffer positioned after the message so
   * far, for bulk writes of primitive arrays through its views.
   */
  ByteBuffer room(int bytes) {
    if (buffer.remaining() < bytes) {
      int needed = buffer.position() + bytes;
      if (needed < 0) {
        throw new IllegalArgumentException("A message cannot exceed 2 GiB");
      }
      int capacity = Math.max(needed, (int) Math.min(Integer.MAX_VALUE, 2L * buffer.capacity()));
      ByteBuffer grown = allocate(capacity);
      grown.put(buffer.flip());
      buffer = grown;
    }
    return buffer;
  }

  /**
   * The whole frame, length first, from position 0 to the end of the message; writing it consumes
   * the message.
   */
  ByteBuffer frame() {
    buffer.putInt(0, size());
    return buffer.flip();
  }

  private static ByteBuffer allocate(int capacity) {
    return ByteBuffer.allocateDirect(capacity).order(ByteOrder.nativeOrder());
  }
}
