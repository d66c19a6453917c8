package io.github.beamshared.options;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.jupiter.api.Test;

class SerializableOptionsTest {

  /** Options a user's factory might read. */
  public interface ModelOptions extends PipelineOptions {
    @Default.String("none")
    String getModelPath();

    void setModelPath(String path);

    @Default.Integer(1)
    Integer getOnnxThreads();

    void setOnnxThreads(Integer threads);
  }

  @Test
  void inTheSameJvmTheOptionsAreTheSameObject() {
    PipelineOptions options = PipelineOptionsFactory.create();

    assertSame(options, SerializableOptions.of(options).get());
  }

  @Test
  void serializedOptionsReadBackWithTheirValues() throws Exception {
    PipelineOptionsFactory.register(ModelOptions.class);
    PipelineOptions options =
        PipelineOptionsFactory.fromArgs(
                "--modelPath=/models/minilm.onnx", "--onnxThreads=4", "--sharedHostMode=dedicated")
            .create();

    SerializableOptions copy = roundTrip(SerializableOptions.of(options));

    ModelOptions model = copy.get().as(ModelOptions.class);
    assertEquals("/models/minilm.onnx", model.getModelPath());
    assertEquals(4, model.getOnnxThreads());
    assertEquals("dedicated", copy.get().as(SharedOptions.class).getSharedHostMode());
  }

  private static SerializableOptions roundTrip(SerializableOptions options) throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(options);
    }
    try (ObjectInputStream in =
        new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      return (SerializableOptions) in.readObject();
    }
  }
}
