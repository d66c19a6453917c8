package io.github.beamshared.runtime.protocol;

import io.github.beamshared.runtime.transport.WireInput;
import java.io.IOException;

/**
 * A received message: its type and request id, read, and its body, to be read by the {@link
 * Protocol} method of its type. The body is the frame's, so it is valid only until the connection
 * reads its next frame.
 *
 * @param id the request's id; a reply carries the id of the request it answers
 */
public record Message(MessageType type, long id, WireInput body) {

  /**
   * Reads the type and request id at the start of {@code frame}.
   *
   * @throws java.net.ProtocolException if the type byte is unknown
   * @throws java.io.EOFException if the frame is shorter than that
   */
  public static Message read(WireInput frame) throws IOException {
    return new Message(MessageType.of(frame.readByte()), frame.readLong(), frame);
  }
}
