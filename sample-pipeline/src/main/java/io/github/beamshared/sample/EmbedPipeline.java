package io.github.beamshared.sample;

import io.github.beamshared.runtime.ResourceStats;
import io.github.beamshared.runtime.SharedResources;
import java.time.Duration;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.io.TextIO;
import org.apache.beam.sdk.metrics.MetricNameFilter;
import org.apache.beam.sdk.metrics.MetricResult;
import org.apache.beam.sdk.metrics.MetricsFilter;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.Reshuffle;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptors;

/**
 * Embeds every line of a text file with one shared model, called by one thread at a time
 * (all-MiniLM-L6-v2 unless {@code --model=synthetic}), and reports how many DoFn instances used how
 * many copies of it. Runs on the DirectRunner unless told otherwise:
 *
 * <pre>{@code
 * mvn -B -pl sample-pipeline -am -DskipTests -Psample package -Dsample.args="--targetParallelism=8"
 * }</pre>
 */
public final class EmbedPipeline {

  /**
   * Keys the lines are spread over before embedding. The DirectRunner hands each key's lines to the
   * next step as bundles of their own, and every worker thread that runs a bundle of Embed sets up
   * its own DoFn instance; 16 keys keep all threads of {@code --targetParallelism=8} busy. Without
   * the spread, TextIO's splits reach Embed one by one as they finish, and a thread that is quick
   * enough runs two of them while another runs none.
   */
  private static final int SPREAD_KEYS = 16;

  private EmbedPipeline() {}

  public static void main(String[] args) {
    PipelineOptionsFactory.register(EmbedOptions.class);
    EmbedOptions options =
        PipelineOptionsFactory.fromArgs(args).withValidation().as(EmbedOptions.class);
    Pipeline pipeline = Pipeline.create(options);
    embed(pipeline);

    long start = System.nanoTime();
    PipelineResult result = pipeline.run();
    result.waitUntilFinish();
    double seconds = (System.nanoTime() - start) / 1e9;

    long elements = committed(result, "elements");
    // Only the JVM hosting the model keeps its statistics.
    Optional<ResourceStats> stats = SharedResources.stats(EmbedFn.MODEL_TAG);
    String elsewhere = "none here: another JVM of this machine hosts the model";
    System.out.printf("DoFn instances set up: %d%n", EmbedFn.instancesSetUp());
    System.out.printf(
        "model loads:           %s%n",
        stats.map(s -> s.loads() + " (" + Embedders.describe(options) + ")").orElse(elsewhere));
    System.out.printf("sentences:             %d%n", elements);
    System.out.printf(
        "sentences/s:           %.0f (%.2f s from run to finish, load included)%n",
        elements / seconds, seconds);
    System.out.printf(
        "batches:               %s%n", stats.map(s -> s.batching().toString()).orElse(elsewhere));
    System.out.printf("heap used:             %d MB%n", heapUsedMegabytes());
    System.out.printf("output:                %s.tsv%n", options.getOutput());
    awaitOtherJvms(Duration.ofSeconds(options.getHostLingerSeconds()));
  }

  /**
   * If this JVM hosts the model and other JVMs still hold it, waits (bounded) for them to release
   * it: a host that exits under them makes one of them load its own copy. The pipeline is done, so
   * every lease still held is another JVM's.
   */
  private static void awaitOtherJvms(Duration linger) {
    long deadline = System.nanoTime() + linger.toNanos();
    while (SharedResources.stats(EmbedFn.MODEL_TAG).map(ResourceStats::liveLeases).orElse(0) > 0) {
      if (System.nanoTime() > deadline) {
        System.out.printf(
            "other JVMs still use the model after %d s; exiting anyway%n", linger.toSeconds());
        return;
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /**
   * Reads {@link EmbedOptions#getInput()}, embeds each line and writes one line per text to {@link
   * EmbedOptions#getOutput()}. Returns the embeddings, so that tests can check them.
   */
  static PCollection<KV<String, float[]>> embed(Pipeline pipeline) {
    EmbedOptions options = pipeline.getOptions().as(EmbedOptions.class);
    PCollection<KV<String, float[]>> embeddings =
        pipeline
            .apply("Read", TextIO.read().from(options.getInput()))
            .apply("Spread", Reshuffle.<String>viaRandomKey().withNumBuckets(SPREAD_KEYS))
            .apply("Embed", ParDo.of(new EmbedFn_Shared()))
            .setCoder(KvCoder.of(StringUtf8Coder.of(), FloatArrayCoder.of()));
    embeddings
        .apply("Format", MapElements.into(TypeDescriptors.strings()).via(EmbedPipeline::format))
        .apply(
            "Write", TextIO.write().to(options.getOutput()).withSuffix(".tsv").withoutSharding());
    return embeddings;
  }

  /** The text, a tab, and the vector's components separated by spaces. */
  private static String format(KV<String, float[]> embedding) {
    float[] vector = embedding.getValue();
    return embedding.getKey()
        + "\t"
        + IntStream.range(0, vector.length)
            .mapToObj(i -> Float.toString(vector[i]))
            .collect(Collectors.joining(" "));
  }

  private static long committed(PipelineResult result, String counter) {
    MetricsFilter filter =
        MetricsFilter.builder()
            .addNameFilter(MetricNameFilter.named(EmbedFn.class, counter))
            .build();
    long total = 0;
    for (MetricResult<Long> value : result.metrics().queryMetrics(filter).getCounters()) {
      total += value.getCommitted();
    }
    return total;
  }

  /** Live heap after a full collection: what the one loaded model and the runner hold. */
  private static long heapUsedMegabytes() {
    System.gc();
    Runtime runtime = Runtime.getRuntime();
    return (runtime.totalMemory() - runtime.freeMemory()) >> 20;
  }
}
