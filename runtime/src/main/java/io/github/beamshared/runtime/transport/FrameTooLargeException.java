package io.github.beamshared.runtime.transport;

import java.net.ProtocolException;

/**
 * A frame exceeds the frame size limit: one to be written, of which nothing was written, or one the
 * peer announced, which was not read.
 */
public final class FrameTooLargeException extends ProtocolException {

  private static final long serialVersionUID = 1L;

  FrameTooLargeException(int length, int maxFrameBytes) {
    super("A message of " + length + " bytes exceeds the limit of " + maxFrameBytes + " bytes");
  }
}
