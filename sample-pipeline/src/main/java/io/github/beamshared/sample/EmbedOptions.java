package io.github.beamshared.sample;

import com.fasterxml.jackson.annotation.JsonCreator;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.DefaultValueFactory;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.PipelineOptions;

/** Options of {@link EmbedPipeline}; every default works out of the box. */
public interface EmbedOptions extends PipelineOptions {

  @Description(
      "Text file to embed, one text per line. Defaults to the corpus shipped with the"
          + " sample, copied to java.io.tmpdir.")
  @Default.InstanceFactory(ShippedCorpus.class)
  String getInput();

  void setInput(String input);

  @Description("Output file prefix; the embeddings go to <prefix>.tsv.")
  @Default.InstanceFactory(OutputInTmp.class)
  String getOutput();

  void setOutput(String output);

  @Description(
      "The embedding model: minilm (all-MiniLM-L6-v2, 384 dimensions, run by ONNX"
          + " Runtime; its files are copied once to java.io.tmpdir) or synthetic (a random weight"
          + " matrix of --modelMegabytes MiB).")
  @Default.Enum("MINILM")
  Model getModel();

  void setModel(Model model);

  @Description(
      "Threads ONNX Runtime uses within one call of --model=minilm. Defaults to one per"
          + " processor, since the sample's model runs one batch at a time; 0 lets ONNX Runtime"
          + " choose (one thread on the 2-core machine of the benchmarks).")
  @Default.InstanceFactory(ProcessorCount.class)
  int getOnnxThreads();

  void setOnnxThreads(int threads);

  @Description("Size of the weight matrix of --model=synthetic in MiB.")
  @Default.Integer(256)
  int getModelMegabytes();

  void setModelMegabytes(int megabytes);

  @Description(
      "The weights file of --model=synthetic, created when missing or of the wrong size."
          + " Defaults to a file in java.io.tmpdir named after the size.")
  @Default.InstanceFactory(WeightsInTmp.class)
  String getWeightsPath();

  void setWeightsPath(String path);

  @Description("Length of each embedding vector of --model=synthetic.")
  @Default.Integer(256)
  int getDimension();

  void setDimension(int dimension);

  @Description(
      "When this JVM hosts the model for other JVMs of the machine, how long it waits at"
          + " the end for them to release it, so that none of them has to load a copy of its own.")
  @Default.Integer(120)
  int getHostLingerSeconds();

  void setHostLingerSeconds(int seconds);

  /** The models {@code --model} chooses from, written in any case. */
  enum Model {
    MINILM,
    SYNTHETIC;

    /** Lets Beam's option parser, which reads enums with Jackson, take "minilm" too. */
    @JsonCreator
    public static Model parse(String name) {
      for (Model model : values()) {
        if (model.name().equalsIgnoreCase(name)) {
          return model;
        }
      }
      throw new IllegalArgumentException("Unknown --model " + name + "; use minilm or synthetic");
    }
  }

  /** Where the sample keeps its files when no path is given. */
  static Path sampleDirectory() {
    return Path.of(System.getProperty("java.io.tmpdir"), "beam-shared-sample");
  }

  /**
   * Copies corpus.txt out of the class path, because TextIO reads files, not resources. The copy is
   * moved into place whole, so a sample running in another JVM never reads half of it.
   */
  class ShippedCorpus implements DefaultValueFactory<String> {
    @Override
    public String create(PipelineOptions options) {
      Path corpus = sampleDirectory().resolve("corpus.txt");
      try (InputStream resource = EmbedOptions.class.getResourceAsStream("corpus.txt")) {
        Files.createDirectories(corpus.getParent());
        Path copy = Files.createTempFile(corpus.getParent(), "corpus", ".tmp");
        Files.copy(resource, copy, StandardCopyOption.REPLACE_EXISTING);
        Files.move(
            copy, corpus, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot copy the sample corpus to " + corpus, e);
      }
      return corpus.toString();
    }
  }

  class ProcessorCount implements DefaultValueFactory<Integer> {
    @Override
    public Integer create(PipelineOptions options) {
      return Runtime.getRuntime().availableProcessors();
    }
  }

  class OutputInTmp implements DefaultValueFactory<String> {
    @Override
    public String create(PipelineOptions options) {
      return sampleDirectory().resolve("embeddings").toString();
    }
  }

  class WeightsInTmp implements DefaultValueFactory<String> {
    @Override
    public String create(PipelineOptions options) {
      int megabytes = options.as(EmbedOptions.class).getModelMegabytes();
      return sampleDirectory().resolve("weights-" + megabytes + "mb.f32").toString();
    }
  }
}
