package io.github.beamshared.sample;

import ai.onnxruntime.OrtException;
import java.io.IOException;
import java.nio.file.Path;

/** The sample's models, as {@link EmbedOptions} choose them. */
public final class Embedders {

  private Embedders() {}

  /**
   * The model {@code --model} names: all-MiniLM-L6-v2 under ONNX Runtime, with {@code
   * --onnxThreads} threads per call, or the synthetic model of {@code --modelMegabytes} MiB.
   */
  public static Embedder load(EmbedOptions options) throws IOException, OrtException {
    return switch (options.getModel()) {
      case MINILM -> MiniLmEmbedder.load(EmbedOptions.sampleDirectory(), options.getOnnxThreads());
      case SYNTHETIC ->
          HashingEmbedder.load(
              Path.of(options.getWeightsPath()),
              options.getModelMegabytes(),
              options.getDimension());
    };
  }

  /** The model's name, for reports. */
  public static String describe(EmbedOptions options) {
    return switch (options.getModel()) {
      case MINILM -> MiniLmEmbedder.NAME;
      case SYNTHETIC -> options.getModelMegabytes() + " MiB synthetic model";
    };
  }
}
