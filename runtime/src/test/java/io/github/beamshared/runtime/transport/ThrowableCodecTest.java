package io.github.beamshared.runtime.transport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.github.beamshared.runtime.RemoteResourceException;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

class ThrowableCodecTest {

  static final class DeclaredException extends Exception {
    private static final long serialVersionUID = 1L;

    DeclaredException(String message) {
      super(message);
    }
  }

  static final class UnknownException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    UnknownException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /** Cannot be serialized: it holds a thread. */
  static final class UnserializableException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final Thread thread = Thread.currentThread();

    UnserializableException(String message) {
      super(message);
    }
  }

  private final AdmittedTypes admitted = AdmittedTypes.of(List.of(DeclaredException.class));

  @Test
  void jdkExceptionKeepsItsTypeMessageStackAndCause() throws IOException {
    IOException original = new IOException("disk gone", new IllegalStateException("inner"));

    IOException rebuilt = assertInstanceOf(IOException.class, roundTrip(original));

    assertEquals("disk gone", rebuilt.getMessage());
    assertArrayEquals(original.getStackTrace(), rebuilt.getStackTrace());
    assertInstanceOf(IllegalStateException.class, rebuilt.getCause());
  }

  @Test
  void admittedExceptionKeepsItsType() throws IOException {
    assertEquals(
        "bad input",
        assertInstanceOf(DeclaredException.class, roundTrip(new DeclaredException("bad input")))
            .getMessage());
  }

  @Test
  void unknownExceptionArrivesAsRemoteResourceExceptionNamingIt() throws IOException {
    UnknownException original = new UnknownException("boom", new IOException("cause"));

    RemoteResourceException rebuilt =
        assertInstanceOf(RemoteResourceException.class, roundTrip(original));

    assertEquals(UnknownException.class.getName(), rebuilt.remoteClassName());
    assertEquals(UnknownException.class.getName() + ": boom", rebuilt.getMessage());
    assertArrayEquals(original.getStackTrace(), rebuilt.getStackTrace());
    assertEquals("cause", assertInstanceOf(IOException.class, rebuilt.getCause()).getMessage());
  }

  @Test
  void jdkExceptionWithAnUnserializableCauseIsRebuiltFromItsStringConstructor() throws IOException {
    IllegalArgumentException original =
        new IllegalArgumentException("outer", new UnserializableException("inner"));

    IllegalArgumentException rebuilt =
        assertInstanceOf(IllegalArgumentException.class, roundTrip(original));

    assertEquals("outer", rebuilt.getMessage());
    assertArrayEquals(original.getStackTrace(), rebuilt.getStackTrace());
    RemoteResourceException cause =
        assertInstanceOf(RemoteResourceException.class, rebuilt.getCause());
    assertEquals(UnserializableException.class.getName(), cause.remoteClassName());
  }

  private Throwable roundTrip(Throwable throwable) throws IOException {
    WireOutput out = new WireOutput();
    ThrowableCodec.write(out, throwable);
    return ThrowableCodec.read(WireCodecTest.written(out), admitted);
  }
}
