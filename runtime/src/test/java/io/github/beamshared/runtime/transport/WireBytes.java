package io.github.beamshared.runtime.transport;

import java.nio.ByteBuffer;

/** The bytes of the message written to a {@link WireOutput}, for tests of other packages. */
public final class WireBytes {

  private WireBytes() {}

  /** The message's bytes, without the frame's length; {@code out} is consumed. */
  public static byte[] of(WireOutput out) {
    ByteBuffer message = out.frame().position(FrameChannel.HEADER_BYTES);
    byte[] bytes = new byte[message.remaining()];
    message.get(bytes);
    return bytes;
  }
}
