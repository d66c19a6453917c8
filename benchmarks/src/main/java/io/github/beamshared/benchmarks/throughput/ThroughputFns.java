package io.github.beamshared.benchmarks.throughput;

import io.github.beamshared.MultiProcessShared;
import io.github.beamshared.Shared;
import io.github.beamshared.sample.EmbedOptions;
import io.github.beamshared.sample.Embedder;
import io.github.beamshared.sample.Embedders;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.transforms.DoFn;

/**
 * The DoFns the throughput runs set up, one per calling thread as a runner would: the sample's
 * model shared within the JVM or machine-wide, its calls guarded one by one or batched ({@link
 * Embedder#embed} is {@code @BatchedBy}; {@link PlainEmbedder#embed} is not). Each thread calls the
 * field directly; the DoFns process nothing.
 */
final class ThroughputFns {

  private ThroughputFns() {}

  /** Loads the model the options name (the sample's --model, --onnxThreads). */
  static Embedder load(PipelineOptions options) throws Exception {
    return Embedders.load(options.as(EmbedOptions.class));
  }

  abstract static class GuardOnly extends DoFn<String, float[]> {
    static final String TAG = "bench-guard-only";

    @Shared(tag = TAG)
    transient PlainEmbedder embedder;

    PlainEmbedder loadEmbedder(PipelineOptions options) throws Exception {
      return PlainEmbedder.of(load(options));
    }
  }

  abstract static class Coalesced extends DoFn<String, float[]> {
    static final String TAG = "bench-coalesced";

    @Shared(tag = TAG)
    transient Embedder embedder;

    Embedder loadEmbedder(PipelineOptions options) throws Exception {
      return load(options);
    }
  }

  abstract static class Concurrent extends DoFn<String, float[]> {
    static final String TAG = "bench-concurrent";

    @Shared(tag = TAG, threadSafe = true)
    transient Embedder embedder;

    Embedder loadEmbedder(PipelineOptions options) throws Exception {
      return load(options);
    }
  }

  abstract static class MachineGuardOnly extends DoFn<String, float[]> {
    static final String TAG = "bench-machine-guard-only";

    @MultiProcessShared(tag = TAG)
    transient PlainEmbedder embedder;

    PlainEmbedder loadEmbedder(PipelineOptions options) throws Exception {
      return PlainEmbedder.of(load(options));
    }
  }

  abstract static class MachineCoalesced extends DoFn<String, float[]> {
    static final String TAG = "bench-machine-coalesced";

    @MultiProcessShared(tag = TAG)
    transient Embedder embedder;

    Embedder loadEmbedder(PipelineOptions options) throws Exception {
      return load(options);
    }
  }

  abstract static class MachineConcurrent extends DoFn<String, float[]> {
    static final String TAG = "bench-machine-concurrent";

    @MultiProcessShared(tag = TAG, threadSafe = true)
    transient Embedder embedder;

    Embedder loadEmbedder(PipelineOptions options) throws Exception {
      return load(options);
    }
  }
}
