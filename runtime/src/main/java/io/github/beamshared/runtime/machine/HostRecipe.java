package io.github.beamshared.runtime.machine;

import io.github.beamshared.runtime.RemoteInterface;
import io.github.beamshared.runtime.ResourceFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.OutputStream;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * What a dedicated host JVM needs to host one tag as the JVM that started it would have: the tag,
 * its interface, whether it is thread-safe, how many copies the tag has and which one to host, the
 * machine-wide settings, and the factory, serialized with what it holds (generated code's factory
 * holds its DoFn and the pipeline's options as JSON). It travels as a file in the rendezvous
 * directory, which only this OS user may read or write.
 */
record HostRecipe(
    String tag,
    RemoteInterface<?> remote,
    boolean threadSafe,
    int copies,
    int copy,
    ResourceFactory<?> factory,
    Map<String, String> settings)
    implements Serializable {

  private static final long serialVersionUID = 1L;

  /**
   * Whether {@code factory} can be sent to another JVM at all: it must be {@link Serializable}, as
   * generated code's is where it can carry the pipeline's options.
   */
  static boolean canShip(ResourceFactory<?> factory) {
    return factory instanceof Serializable;
  }

  /**
   * Writes this recipe to {@code file}.
   *
   * @throws IOException also if something the factory holds is not serializable
   */
  void write(Path file) throws IOException {
    try (OutputStream out = Files.newOutputStream(file);
        ObjectOutputStream objects = new ObjectOutputStream(out)) {
      objects.writeObject(this);
    }
  }

  /** The recipe in {@code file}, its classes loaded from this JVM's class path. */
  static HostRecipe read(Path file) throws IOException, ClassNotFoundException {
    try (InputStream in = Files.newInputStream(file);
        ObjectInputStream objects = new ObjectInputStream(in)) {
      return (HostRecipe) objects.readObject();
    }
  }
}
