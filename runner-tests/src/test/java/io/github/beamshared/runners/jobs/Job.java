package io.github.beamshared.runners.jobs;

import io.github.beamshared.runtime.ResourceStats;
import io.github.beamshared.runtime.SharedResources;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.IntStream;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.ParDo;

/**
 * One job, run inside its own class loader: the test loads this class there and calls it as a JDK
 * {@link Function}, so that only JDK objects cross between loaders. It runs a DirectRunner pipeline
 * scoring {@value #TEXTS} texts with {@link ScoreFn} and reports, in JDK types, what this job's
 * copy of the runtime saw.
 *
 * <p>Input: {@code args}, the pipeline's arguments ({@code String[]}); {@code bothRunning}, a
 * {@link CountDownLatch} of 2 that each job counts down on its first element and then waits for, so
 * that both jobs hold their leases at the same time; {@code jvmWideOnly}, true to run {@link
 * JvmScoreFn} instead, which has no machine-wide field and does not wait.
 */
public final class Job implements Function<Map<String, Object>, Map<String, Object>> {

  static final int TEXTS = 200;
  private static final long WAIT_SECONDS = 30;

  // This job's own: each class loader has its own copy of this class.
  static final AtomicInteger processed = new AtomicInteger();
  static final AtomicInteger closed = new AtomicInteger();
  private static final AtomicBoolean arrived = new AtomicBoolean();
  private static volatile CountDownLatch bothRunning;

  @Override
  public Map<String, Object> apply(Map<String, Object> input) {
    bothRunning = (CountDownLatch) input.get("bothRunning");
    Pipeline pipeline =
        Pipeline.create(PipelineOptionsFactory.fromArgs((String[]) input.get("args")).create());
    List<String> texts = IntStream.range(0, TEXTS).mapToObj(i -> "text " + i).toList();
    boolean jvmWideOnly = Boolean.TRUE.equals(input.get("jvmWideOnly"));
    pipeline
        .apply(Create.of(texts))
        .apply(ParDo.of(jvmWideOnly ? new JvmScoreFn_Shared() : new ScoreFn_Shared()));
    PipelineResult.State state = pipeline.run().waitUntilFinish();

    Map<String, Object> report = new LinkedHashMap<>();
    report.put("state", state.toString());
    report.put("processed", processed.get());
    report.put("closed", closed.get());
    report.put("ownRuntime", SharedResources.class.getClassLoader() == Job.class.getClassLoader());
    report.put("jvmLoads", loads(ScoreFn.JVM_TAG));
    report.put("machineLoads", loads(ScoreFn.MACHINE_TAG));
    report.put(
        "jvmLive", SharedResources.stats(ScoreFn.JVM_TAG).map(ResourceStats::liveLeases).orElse(0));
    report.put("jvmOnlyLoads", loads(JvmScoreFn.TAG));
    report.put(
        "jvmOnlyLoaded",
        SharedResources.stats(JvmScoreFn.TAG).map(ResourceStats::loaded).orElse(false));
    return report;
  }

  private static long loads(String tag) {
    return SharedResources.stats(tag).map(ResourceStats::loads).orElse(0L);
  }

  /** On this job's first element: both jobs have set up, so both hold their leases now. */
  static void awaitTheOtherJob() {
    if (arrived.compareAndSet(false, true)) {
      bothRunning.countDown();
    }
    try {
      if (!bothRunning.await(WAIT_SECONDS, TimeUnit.SECONDS)) {
        throw new IllegalStateException(
            "The other job did not start processing within " + WAIT_SECONDS + " s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
