package io.github.beamshared.runtime.transport;

import java.net.ProtocolException;

/** A frame to be written exceeds the frame size limit; nothing was written. */
public final class FrameTooLargeException extends ProtocolException {

  private static final long serialVersionUID = 1L;

  FrameTooLargeException(int length, int maxFrameBytes) {
    super("A message of " + length + " bytes exceeds the limit of " + maxFrameBytes + " bytes");
  }
}
