package io.github.beamshared.benchmarks.throughput;

import io.github.beamshared.benchmarks.BenchmarkPart;
import io.github.beamshared.benchmarks.ResultTable;
import io.github.beamshared.benchmarks.throughput.ThroughputChild.Mode;
import io.github.beamshared.benchmarks.throughput.ThroughputRun.Setup;
import io.github.beamshared.testsupport.ChildJvm;
import io.github.beamshared.testsupport.ChildProcesses;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The throughput part: the sample's real model (all-MiniLM-L6-v2 under ONNX Runtime) called by DoFn
 * threads one sentence at a time, its calls guarded one by one or batched by {@code @BatchedBy}, in
 * one JVM and across JVMs, beside the ideal of calling the batch method directly. Every
 * configuration runs in JVMs of its own, started together; {@link ThroughputTables} makes the
 * report and {@link ThroughputChart} the chart.
 */
public final class ThroughputBenchmark implements BenchmarkPart {

  /** The chart this part writes next to the report. */
  public static final String CHART = "throughput.png";

  /** The threads of a runner's JVM in the one-JVM runs, and the ideal's batch size. */
  static final int THREADS = 8;

  /** The threads of each JVM in the runs across JVMs. */
  static final int THREADS_PER_JVM = 4;

  static final List<Integer> JVM_COUNTS = List.of(2, 4);
  static final List<Integer> SWEPT_THREADS = List.of(1, 4);

  /**
   * ONNX Runtime's threads within one call of a model that runs one batch at a time: one per
   * processor, so that the one call uses the machine. (Its own default, 0, started one thread on
   * this project's 2-core machine: 0.65x the throughput of 2.)
   */
  static final int ONE_AT_A_TIME_ONNX_THREADS = Runtime.getRuntime().availableProcessors();

  /**
   * ONNX Runtime's threads within one call where calls run side by side (a thread-safe model, the
   * ideal of many threads, a model per JVM): one, as the calls themselves use the processors.
   */
  static final int SIDE_BY_SIDE_ONNX_THREADS = 1;

  private static final Pattern RESULT =
      Pattern.compile(
          "RESULT calls=(\\d+) sentences=(\\d+)"
              + " seconds=([\\d.]+) p50us=(\\d+) p99us=(\\d+) minCalls=(\\d+) maxCalls=(\\d+)");
  private static final Pattern BATCHES =
      Pattern.compile("BATCHES batches=(\\d+) calls=(\\d+) largest=(\\d+)");

  private final List<ThroughputRun> runs = new ArrayList<>();

  @Override
  public List<ResultTable> run(boolean quick, Path work) throws Exception {
    runs.clear();
    double warmup = quick ? 0.5 : 2;
    double measure = quick ? 1.5 : 6;
    int one = ONE_AT_A_TIME_ONNX_THREADS;
    int sideBySide = SIDE_BY_SIDE_ONNX_THREADS;
    measure(work, new Setup(Mode.GUARD_ONLY, 1, THREADS, true, one), warmup, measure);
    measure(work, new Setup(Mode.COALESCED, 1, THREADS, true, one), warmup, measure);
    measure(work, new Setup(Mode.DIRECT_BATCHES, 1, 1, true, one), warmup, measure);
    measure(work, new Setup(Mode.CONCURRENT, 1, THREADS, true, sideBySide), warmup, measure);
    measure(work, new Setup(Mode.DIRECT_BATCHES, 1, THREADS, true, sideBySide), warmup, measure);
    for (int threads : quick ? List.<Integer>of() : SWEPT_THREADS) {
      measure(work, new Setup(Mode.GUARD_ONLY, 1, threads, true, one), warmup, measure);
      measure(work, new Setup(Mode.COALESCED, 1, threads, true, one), warmup, measure);
    }
    for (int jvms : quick ? List.of(2) : JVM_COUNTS) {
      measure(
          work,
          new Setup(Mode.MACHINE_GUARD_ONLY, jvms, THREADS_PER_JVM, true, one),
          warmup,
          measure);
      measure(
          work,
          new Setup(Mode.MACHINE_COALESCED, jvms, THREADS_PER_JVM, true, one),
          warmup,
          measure);
    }
    if (!quick) {
      measure(
          work,
          new Setup(
              Mode.MACHINE_CONCURRENT,
              JVM_COUNTS.get(JVM_COUNTS.size() - 1),
              THREADS_PER_JVM,
              true,
              sideBySide),
          warmup,
          measure);
    }
    // A model per JVM, with either threading: the goal compares with the faster.
    int copies = quick ? 2 : JVM_COUNTS.get(JVM_COUNTS.size() - 1);
    for (int onnxThreads : quick ? List.of(sideBySide) : List.of(sideBySide, one)) {
      measure(
          work,
          new Setup(Mode.MACHINE_COALESCED, copies, THREADS_PER_JVM, false, onnxThreads),
          warmup,
          measure);
    }
    if (!quick) {
      // As before batching: a model per JVM, each call alone under its lock.
      measure(
          work,
          new Setup(Mode.MACHINE_GUARD_ONLY, copies, THREADS_PER_JVM, false, one),
          warmup,
          measure);
    }
    return new ThroughputTables(runs, warmup, measure).tables();
  }

  @Override
  public String chartFile() {
    return CHART;
  }

  @Override
  public void writeChart(Path png) throws Exception {
    ThroughputChart.write(runs, png);
  }

  /**
   * Starts the JVMs of {@code setup} (the first alone, so that it hosts a machine-wide model), lets
   * them call together, and records what they report.
   */
  private void measure(Path work, Setup setup, double warmup, double measure) throws Exception {
    System.out.printf("[throughput] %s%n", setup.describe());
    Path dir = Files.createDirectories(work.resolve(setup.slug()));
    // Short, because the rendezvous directory holds Unix domain sockets.
    Path rendezvous = Files.createTempDirectory(Path.of("/tmp"), "bst");
    List<String> arguments =
        new ArrayList<>(
            List.of(
                setup.mode().name(),
                String.valueOf(setup.threads()),
                String.valueOf(warmup),
                String.valueOf(measure),
                "--model=minilm",
                "--onnxThreads=" + setup.onnxThreads(),
                "--sharedDirectory=" + rendezvous,
                "--sharedMachineWide=" + setup.machineWide()));
    List<ChildJvm> jvms = new ArrayList<>();
    long timeout = (long) (warmup + measure) + 120;
    try {
      for (int i = 0; i < setup.jvms(); i++) {
        ChildJvm jvm =
            ChildJvm.start(
                ThroughputChild.class,
                List.of("-Xmx768m"),
                arguments,
                dir.resolve("jvm-" + i + ".err"));
        jvms.add(jvm);
        if (i == 0) {
          jvm.expect("READY", timeout);
        }
      }
      for (ChildJvm jvm : jvms.subList(1, jvms.size())) {
        jvm.expect("READY", timeout);
      }
      jvms.forEach(jvm -> jvm.send("go"));
      List<ThroughputRun.Jvm> results = new ArrayList<>();
      for (ChildJvm jvm : jvms) {
        Matcher result = match(RESULT, jvm.expect("RESULT", timeout));
        List<String> batchLines = jvm.lines("BATCHES");
        Matcher batches = batchLines.isEmpty() ? null : match(BATCHES, batchLines.get(0));
        results.add(
            new ThroughputRun.Jvm(
                Long.parseLong(result.group(2)),
                Double.parseDouble(result.group(3)),
                Long.parseLong(result.group(4)),
                Long.parseLong(result.group(5)),
                Integer.parseInt(result.group(6)),
                Integer.parseInt(result.group(7)),
                batches == null ? 0 : Long.parseLong(batches.group(1)),
                batches == null ? 0 : Long.parseLong(batches.group(2)),
                batches == null ? 0 : Integer.parseInt(batches.group(3))));
      }
      jvms.forEach(jvm -> jvm.send("exit"));
      for (ChildJvm jvm : jvms) {
        jvm.finish(60);
      }
      ThroughputRun run = new ThroughputRun(setup, results);
      System.out.printf("[throughput]   %.0f sentences/s%n", run.sentencesPerSecond());
      runs.add(run);
    } finally {
      jvms.forEach(ChildJvm::close);
      ChildProcesses.deleteTree(rendezvous);
    }
  }

  private static Matcher match(Pattern pattern, String line) {
    Matcher matcher = pattern.matcher(line);
    if (!matcher.matches()) {
      throw new IllegalStateException("Unexpected line from a child JVM: " + line);
    }
    return matcher;
  }
}
