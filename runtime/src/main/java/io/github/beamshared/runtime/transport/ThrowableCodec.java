package io.github.beamshared.runtime.transport;

import io.github.beamshared.runtime.RemoteResourceException;
import java.io.IOException;
import java.io.InvalidObjectException;
import java.lang.reflect.Constructor;
import org.jspecify.annotations.Nullable;

/**
 * Sends a throwable to another JVM so that it arrives with its type where that can be rebuilt. Each
 * throwable travels as its class name, message and stack trace, its cause chain, and its Java
 * serialization if it has one.
 *
 * <p>The receiver rebuilds it in the first way that works: deserializing it behind {@link
 * AdmittedTypes}; calling the public {@code (String)} constructor of an admitted or JDK class, or
 * of an exception class the shared interface's class loader has (declared or not); else a {@link
 * RemoteResourceException} naming the remote class. Every way keeps the remote stack trace.
 */
public final class ThrowableCodec {

  private static final int MAX_CAUSES = 16;
  // Six strings, each at least its length, and a line number.
  private static final int MIN_FRAME_BYTES = 7 * Integer.BYTES;

  private ThrowableCodec() {}

  public static void write(WireOutput out, Throwable throwable) throws IOException {
    out.writeByte(1);
    byte[] serialized = serializedOrEmpty(throwable);
    out.writeInt(serialized.length);
    out.write(serialized);
    Throwable current = throwable;
    for (int depth = 0; current != null && depth < MAX_CAUSES; depth++) {
      if (depth > 0) {
        out.writeBoolean(true);
      }
      WireCodec.writeString(out, current.getClass().getName());
      WireCodec.writeString(out, current.getMessage());
      StackTraceElement[] stack = current.getStackTrace();
      out.writeInt(stack.length);
      for (StackTraceElement frame : stack) {
        WireCodec.writeString(out, frame.getClassLoaderName());
        WireCodec.writeString(out, frame.getModuleName());
        WireCodec.writeString(out, frame.getModuleVersion());
        WireCodec.writeString(out, frame.getClassName());
        WireCodec.writeString(out, frame.getMethodName());
        WireCodec.writeString(out, frame.getFileName());
        out.writeInt(frame.getLineNumber());
      }
      current = current.getCause() == current ? null : current.getCause();
    }
    out.writeBoolean(false);
  }

  public static Throwable read(WireInput in, AdmittedTypes admitted) throws IOException {
    if (in.readByte() != 1) {
      throw new InvalidObjectException("Not a throwable");
    }
    byte[] serialized = readSerialized(in);
    Throwable rebuilt = readChain(in, admitted, 0);
    if (serialized.length > 0) {
      try {
        if (FilteredObjectInput.deserialize(serialized, admitted) instanceof Throwable original) {
          return original;
        }
      } catch (IOException notAdmitted) {
        // Fall back to the class name, message and stack trace read above.
      }
    }
    return rebuilt;
  }

  private static Throwable readChain(WireInput in, AdmittedTypes admitted, int depth)
      throws IOException {
    String className = WireCodec.readString(in);
    String message = WireCodec.readString(in);
    int frames = in.readInt();
    if (className == null || frames < 0 || frames > in.remaining() / MIN_FRAME_BYTES) {
      throw new InvalidObjectException("Malformed throwable");
    }
    StackTraceElement[] stack = new StackTraceElement[frames];
    for (int i = 0; i < frames; i++) {
      String loader = WireCodec.readString(in);
      String module = WireCodec.readString(in);
      String version = WireCodec.readString(in);
      String declaringClass = WireCodec.readString(in);
      String method = WireCodec.readString(in);
      String file = WireCodec.readString(in);
      int line = in.readInt();
      if (declaringClass == null || method == null) {
        throw new InvalidObjectException("Malformed stack frame");
      }
      stack[i] = new StackTraceElement(loader, module, version, declaringClass, method, file, line);
    }
    Throwable cause =
        in.readBoolean() && depth < MAX_CAUSES ? readChain(in, admitted, depth + 1) : null;
    Throwable rebuilt = construct(className, message, cause, admitted);
    rebuilt.setStackTrace(stack);
    return rebuilt;
  }

  private static Throwable construct(
      String className,
      @Nullable String message,
      @Nullable Throwable cause,
      AdmittedTypes admitted) {
    try {
      Class<?> type = admitted.resolveThrowable(className);
      if (Throwable.class.isAssignableFrom(type)) {
        Constructor<?> constructor = type.getConstructor(String.class);
        Throwable rebuilt = (Throwable) constructor.newInstance(message);
        if (cause != null && rebuilt.getCause() == null) {
          rebuilt.initCause(cause);
        }
        return rebuilt;
      }
    } catch (ReflectiveOperationException | RuntimeException | LinkageError notRebuildable) {
      // Not admitted, abstract, without a public (String) constructor, or refusing a cause.
    }
    return new RemoteResourceException(className, message, cause);
  }

  private static byte[] serializedOrEmpty(Throwable throwable) {
    try {
      return FilteredObjectInput.serialize(throwable);
    } catch (IOException | RuntimeException notSerializable) {
      return new byte[0];
    }
  }

  private static byte[] readSerialized(WireInput in) throws IOException {
    int length = in.readInt();
    if (length < 0 || length > in.remaining()) {
      throw new InvalidObjectException("Malformed throwable");
    }
    byte[] bytes = new byte[length];
    in.readFully(bytes);
    return bytes;
  }
}
