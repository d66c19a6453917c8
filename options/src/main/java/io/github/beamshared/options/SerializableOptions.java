package io.github.beamshared.options;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.util.common.ReflectHelpers;

/**
 * Pipeline options that survive Java serialization, as JSON, the form in which Beam itself ships
 * options to its workers. A generated DoFn's factory holds its options this way, so that a
 * dedicated host JVM ({@code --sharedHostMode=dedicated}) can run the factory with the pipeline's
 * options. The JSON is written only when the holder is serialized: holding the options costs a
 * DoFn's setup nothing.
 */
public final class SerializableOptions implements Serializable {

  private static final long serialVersionUID = 1L;

  // Null after deserialization until first read.
  private transient PipelineOptions options;
  // Written just before serialization.
  private String json;

  private SerializableOptions(PipelineOptions options) {
    this.options = options;
  }

  public static SerializableOptions of(PipelineOptions options) {
    return new SerializableOptions(options);
  }

  /** The options, read back from their JSON in a JVM that received them serialized. */
  public synchronized PipelineOptions get() {
    if (options == null) {
      try {
        options = Json.MAPPER.readValue(json, PipelineOptions.class);
      } catch (IOException e) {
        throw new IllegalStateException("Cannot read the pipeline options back from " + json, e);
      }
    }
    return options;
  }

  private synchronized void writeObject(ObjectOutputStream out) throws IOException {
    json = Json.MAPPER.writeValueAsString(options);
    out.defaultWriteObject();
  }

  /** Beam's JSON form of options, with the Jackson modules on the class path, as Beam reads it. */
  private static final class Json {
    static final ObjectMapper MAPPER =
        new ObjectMapper()
            .registerModules(ObjectMapper.findModules(ReflectHelpers.findClassLoader()));
  }
}
