package io.github.beamshared.runtime.transport;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InvalidClassException;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.ObjectStreamClass;

/**
 * Java serialization for values that are not wire values. Reading is the one place the runtime
 * deserializes, and it does so only behind {@link AdmittedTypes}: a class that is not admitted is
 * refused by name before it is loaded, and again by the stream's filter, which also refuses deep
 * graphs and arrays longer than the stream.
 */
final class FilteredObjectInput extends ObjectInputStream {

  private final AdmittedTypes admitted;

  private FilteredObjectInput(byte[] bytes, AdmittedTypes admitted) throws IOException {
    super(new ByteArrayInputStream(bytes));
    this.admitted = admitted;
    setObjectInputFilter(new BoundedArrays(bytes.length, admitted));
  }

  /**
   * Refuses an array longer than the stream: each element takes at least a byte, so a longer one
   * only claims memory that its bytes never fill (a few bytes asking for gigabytes).
   */
  private record BoundedArrays(long streamBytes, ObjectInputFilter next)
      implements ObjectInputFilter {
    @Override
    public Status checkInput(FilterInfo info) {
      return info.arrayLength() > streamBytes ? Status.REJECTED : next.checkInput(info);
    }
  }

  static byte[] serialize(Object value) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(value);
    }
    return bytes.toByteArray();
  }

  static Object deserialize(byte[] bytes, AdmittedTypes admitted) throws IOException {
    try (FilteredObjectInput in = new FilteredObjectInput(bytes, admitted)) {
      return in.readObject();
    } catch (ClassNotFoundException e) {
      InvalidClassException refused = new InvalidClassException(e.getMessage());
      refused.initCause(e);
      throw refused;
    }
  }

  @Override
  protected Class<?> resolveClass(ObjectStreamClass desc) throws ClassNotFoundException {
    return admitted.resolve(desc.getName());
  }

  @Override
  protected Class<?> resolveProxyClass(String[] interfaces) throws ClassNotFoundException {
    throw new ClassNotFoundException("Proxy classes are not admitted");
  }
}
