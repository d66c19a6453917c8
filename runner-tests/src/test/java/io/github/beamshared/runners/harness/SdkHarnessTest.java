package io.github.beamshared.runners.harness;

import static java.util.stream.Collectors.counting;
import static java.util.stream.Collectors.groupingBy;
import static java.util.stream.Collectors.toSet;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.beamshared.runners.harness.BundleRunner.Result;
import io.github.beamshared.runners.harness.SdkHarnesses.Harness;
import io.github.beamshared.sample.EmbedFn;
import io.github.beamshared.sample.EmbedFn_Shared;
import io.github.beamshared.sample.FloatArrayCoder;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.KV;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sample's generated {@code EmbedFn_Shared}, with its real model, in four Java SDK harness JVMs
 * that Beam's runner-side Fn API code starts and feeds, as a portable Flink or Spark runner with
 * {@code sdkWorkerParallelism=4} does on one machine.
 */
@Timeout(150)
class SdkHarnessTest {

  private static final int HARNESSES = 4;
  private static final int BUNDLE_SIZE = 8;
  private static final List<String> LINES = corpus(240);

  @TempDir Path work;

  @Test
  void fourHarnessesShareOneModelAndTearDownReleasesEveryLease() throws Exception {
    String tag = EmbedFn.MODEL_TAG;
    try (SdkHarnesses harnesses = start(new EmbedFn_Shared(), tag)) {
      Result result = BundleRunner.run(harnesses.harnesses(), bundles(), (done, outputs) -> {});

      List<Probe> probes = Probe.parse(result.outputs());
      assertEachLineOnce(probes);
      assertEquals(
          pids(harnesses),
          probes.stream().map(Probe::pid).collect(toSet()),
          "every harness JVM embedded lines");
      long host = onlyLoadingJvm(probes);

      Map<Long, HarnessReport> reports = harnesses.stopGracefully(host);
      assertEquals(
          1,
          reports.values().stream().mapToLong(report -> report.loads(tag)).sum(),
          "one model load on the machine: " + reports);
      assertTrue(reports.get(host).held(tag), "the JVM that loaded it hosts it");
      assertEquals(
          0,
          reports.get(host).liveLeases(tag),
          "every harness's teardown released its lease before its process ended: " + reports);
      for (HarnessReport report : reports.values()) {
        assertTrue(report.warmedUp(), "the JvmInitializer warmed up " + report);
        assertTrue(report.firstAcquireWarm(), "the first setup found the JVM warm: " + report);
      }
    }
  }

  @Test
  void aJvmWideModelIsLoadedOncePerHarness() throws Exception {
    String tag = JvmWideEmbedFn.TAG;
    try (SdkHarnesses harnesses = start(new JvmWideEmbedFn_Shared(), tag)) {
      Result result = BundleRunner.run(harnesses.harnesses(), bundles(), (done, outputs) -> {});

      assertEachLineOnce(Probe.parse(result.outputs()));
      Map<Long, HarnessReport> reports = harnesses.stopGracefully(0);
      assertEquals(HARNESSES, reports.size());
      for (HarnessReport report : reports.values()) {
        assertEquals(1, report.loads(tag), "one copy in each JVM: " + report);
        assertEquals(0, report.liveLeases(tag), "teardown released the lease: " + report);
      }
    }
  }

  @Test
  void killingTheHostingHarnessCostsOneReloadAndNoElement() throws Exception {
    String tag = EmbedFn.MODEL_TAG;
    try (SdkHarnesses harnesses = start(new EmbedFn_Shared(), tag)) {
      ConcurrentLinkedQueue<Probe> seen = new ConcurrentLinkedQueue<>();
      AtomicLong killed = new AtomicLong();
      Result result =
          BundleRunner.run(
              harnesses.harnesses(),
              bundles(),
              (done, outputs) -> {
                seen.addAll(Probe.parse(outputs));
                if (done >= 6 && killed.get() == 0) {
                  long host = onlyLoadingJvm(List.copyOf(seen));
                  if (killed.compareAndSet(0, host)) {
                    // Other harnesses are inside bundles now, calling the model in this JVM.
                    ProcessHandle.of(host).orElseThrow().destroyForcibly();
                  }
                }
              });

      List<Probe> probes = Probe.parse(result.outputs());
      assertEachLineOnce(probes);
      assertFalse(result.failures().isEmpty(), "the killed harness's bundle failed, was retried");
      Set<Long> loadingJvms =
          probes.stream()
              .filter(probe -> probe.loadsInThatJvm() > 0)
              .map(Probe::pid)
              .collect(toSet());
      assertEquals(2, loadingJvms.size(), "the killed host and its one successor loaded");
      long successor =
          loadingJvms.stream().filter(pid -> pid != killed.get()).findFirst().orElseThrow();

      Map<Long, HarnessReport> reports = harnesses.stopGracefully(successor);
      assertEquals(HARNESSES - 1, reports.size());
      assertEquals(
          1,
          reports.values().stream().mapToLong(report -> report.loads(tag)).sum(),
          "one reload among the survivors: " + reports);
      assertEquals(0, reports.get(successor).liveLeases(tag), reports.toString());
    }
  }

  /**
   * Harnesses running the stage {@code embed}, then {@link ProbeFn}; the first harness to ask takes
   * {@code tag}'s figures, and the rest of the options are the sample's defaults.
   */
  private SdkHarnesses start(DoFn<String, KV<String, float[]>> embed, String tag) throws Exception {
    PipelineOptions options = SdkHarnesses.options(work, HARNESSES, tag);
    Pipeline pipeline = Pipeline.create(options);
    pipeline
        .apply("Lines", Create.of(LINES))
        .apply("Embed", ParDo.of(embed))
        .setCoder(KvCoder.of(StringUtf8Coder.of(), FloatArrayCoder.of()))
        .apply("Probe", ParDo.of(new ProbeFn(tag)));
    return SdkHarnesses.start(pipeline, work, "Embed", "Probe");
  }

  private static List<List<String>> bundles() {
    List<List<String>> bundles = new ArrayList<>();
    for (int from = 0; from < LINES.size(); from += BUNDLE_SIZE) {
      bundles.add(LINES.subList(from, Math.min(LINES.size(), from + BUNDLE_SIZE)));
    }
    return bundles;
  }

  private static void assertEachLineOnce(List<Probe> probes) {
    Map<String, Long> times = probes.stream().collect(groupingBy(Probe::line, counting()));
    assertEquals(Set.copyOf(LINES), times.keySet());
    times.forEach((line, count) -> assertEquals(1, count, "output once: " + line));
    probes.forEach(probe -> assertEquals(384, probe.dimension(), "a MiniLM embedding"));
  }

  /** The one JVM that had loaded the model when it embedded a line. */
  private static long onlyLoadingJvm(List<Probe> probes) {
    Set<Long> loading =
        probes.stream()
            .filter(probe -> probe.loadsInThatJvm() > 0)
            .map(Probe::pid)
            .collect(toSet());
    assertEquals(1, loading.size(), "one JVM loaded the model: " + loading);
    return loading.iterator().next();
  }

  private static Set<Long> pids(SdkHarnesses harnesses) {
    return harnesses.harnesses().stream()
        .map(Harness::process)
        .map(ProcessHandle::pid)
        .collect(toSet());
  }

  private static List<String> corpus(int count) {
    try (BufferedReader lines =
        new BufferedReader(
            new InputStreamReader(
                EmbedFn.class.getResourceAsStream("corpus.txt"), StandardCharsets.UTF_8))) {
      return lines.lines().distinct().limit(count).toList();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
