package io.github.beamshared.benchmarks.throughput;

import static io.github.beamshared.benchmarks.Stats.count;
import static io.github.beamshared.benchmarks.Stats.number;
import static io.github.beamshared.benchmarks.Stats.ratio;

import io.github.beamshared.benchmarks.ResultTable;
import io.github.beamshared.benchmarks.throughput.ThroughputChild.Mode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** The throughput part's runs as report tables, each goal beside the figures it compares. */
final class ThroughputTables {

  private static final String ONE_MODEL =
      """
      %s threads of one JVM, each with its own generated DoFn of a @Shared(threadSafe = \
      false) field, call embed(sentence) on the sample's model (all-MiniLM-L6-v2, ONNX Runtime) \
      in a loop over the sample's corpus; the same model is called directly for the ideal.
      """;
  private static final String THREAD_SAFE_MODEL =
      """
      The same model declared @Shared(threadSafe = true): up to one batch per processor runs at \
      once. The ideal: %s threads each call embedAll with batches of 8 on the one model.
      """;
  private static final String ACROSS_JVMS =
      """
      JVMs of %s threads each, started together, each thread with its own DoFn of a \
      @MultiProcessShared(threadSafe = false) field: one JVM hosts the model and the others call \
      it. Coalesced, the host batches the calls of every JVM. A model per JVM: the same DoFn with \
      --sharedMachineWide=false, each JVM loading and batching for itself. Thread-safe: the \
      model declared @MultiProcessShared(threadSafe = true), so that the host runs up to one \
      batch per processor at once.
      """;
  private static final String ACROSS_JVMS_GOAL =
      """
      %s JVMs sharing one model, coalesced at the host, ≥ 0.8x one JVM coalesced \
      (%s/s)
      """;
  private static final String ACROSS_COPIES_GOAL =
      """
      %s JVMs sharing one model, coalesced, ≥ 2x the same JVMs each holding a model of their \
      own and batching their own calls (the faster of its ONNX threadings)
      """;
  private static final String ACROSS_JVMS_NOTE =
      """
      Sentences/s adds up each JVM's own window; median ms per call is the median of the JVMs' \
      medians, p99 the highest JVM's.
      """;
  private static final String AGAINST_THREADS =
      """
      The runs of the first table with fewer threads: batches can only be as large as the calls \
      that wait together.
      """;
  private static final String HOW_MEASURED =
      """
      Each configuration runs in fresh JVMs (-Xmx768m) that start calling together: %s s \
      of warm-up, then %s s measured; a call counts if it ends in that window. ONNX \
      Runtime runs each call on the threads the table gives (intra-op; 1 inter-op thread): all \
      processors where one call runs at a time, one where calls run side by side. Mean batch: \
      calls per batch in the JVM holding the model, over the window. 2-core machine: compare \
      ratios within this run.
      """;
  private static final String GOAL = "Goal: %s: %s (%s).";

  private static final List<String> CALL_COLUMNS =
      List.of(
          "ONNX threads a call",
          "Median ms per call",
          "p99 ms per call",
          "Calls per thread (min – max)");

  private final List<ThroughputRun> runs;
  private final double warmup;
  private final double measure;

  ThroughputTables(List<ThroughputRun> runs, double warmup, double measure) {
    this.runs = List.copyOf(runs);
    this.warmup = warmup;
    this.measure = measure;
  }

  List<ResultTable> tables() {
    List<ResultTable> tables =
        new ArrayList<>(List.of(oneModel(), threadSafeModel(), acrossJvms()));
    if (runs.stream()
        .anyMatch(
            run ->
                run.setup().jvms() == 1
                    && run.setup().threads() < ThroughputBenchmark.THREADS
                    && run.setup().mode() == Mode.COALESCED)) {
      tables.add(againstThreads());
    }
    return tables;
  }

  private ResultTable oneModel() {
    int threads = ThroughputBenchmark.THREADS;
    ThroughputRun guard = find(Mode.GUARD_ONLY, 1, threads, true);
    ThroughputRun coalesced = find(Mode.COALESCED, 1, threads, true);
    ThroughputRun ideal = find(Mode.DIRECT_BATCHES, 1, 1, true);
    List<List<String>> rows =
        List.of(
            row("guard only: one call at a time under the tag's lock", guard, guard, ideal),
            row(
                "coalesced: @BatchedBy, one batch at a time under the lock",
                coalesced,
                guard,
                ideal),
            row(
                "ideal: 1 thread calls embedAll with batches of 8, no sharing",
                ideal,
                guard,
                ideal));
    double overGuard = coalesced.sentencesPerSecond() / guard.sentencesPerSecond();
    double ofIdeal = coalesced.sentencesPerSecond() / ideal.sentencesPerSecond();
    return new ResultTable(
        "Throughput: %s threads, one model that is not thread-safe".formatted(threads),
        ONE_MODEL.formatted(threads),
        withCallColumns("Run", "Sentences/s", "vs guard only", "vs ideal", "Mean batch"),
        rows,
        List.of(
            goal("coalesced ≥ 1.8x guard only", overGuard >= 1.8, ratio(overGuard)),
            goal("coalesced ≥ 0.9x the ideal", ofIdeal >= 0.9, ratio(ofIdeal)),
            howMeasured()));
  }

  private ResultTable threadSafeModel() {
    int threads = ThroughputBenchmark.THREADS;
    ThroughputRun concurrent = find(Mode.CONCURRENT, 1, threads, true);
    ThroughputRun ideal = find(Mode.DIRECT_BATCHES, 1, threads, true);
    double ofIdeal = concurrent.sentencesPerSecond() / ideal.sentencesPerSecond();
    return new ResultTable(
        "Throughput: a thread-safe model, batches side by side",
        THREAD_SAFE_MODEL.formatted(threads),
        withCallColumns("Run", "Sentences/s", "vs ideal", "Mean batch"),
        List.of(
            row(threads + " threads, coalesced, batches side by side", concurrent, null, ideal),
            row(
                "ideal: " + threads + " threads call embedAll with batches of 8",
                ideal,
                null,
                ideal)),
        List.of(goal("coalesced ≥ 0.9x the ideal", ofIdeal >= 0.9, ratio(ofIdeal)), howMeasured()));
  }

  private ResultTable acrossJvms() {
    int threads = ThroughputBenchmark.THREADS_PER_JVM;
    List<List<String>> rows = new ArrayList<>();
    for (ThroughputRun run : runs) {
      if (run.setup().jvms() > 1) {
        rows.add(acrossRow(run));
      }
    }
    ThroughputRun oneJvm = find(Mode.COALESCED, 1, ThroughputBenchmark.THREADS, true);
    int most = runs.stream().mapToInt(run -> run.setup().jvms()).max().orElse(1);
    ThroughputRun shared = find(Mode.MACHINE_COALESCED, most, threads, true);
    ThroughputRun copies = find(Mode.MACHINE_COALESCED, most, threads, false);
    double ofOneJvm = shared.sentencesPerSecond() / oneJvm.sentencesPerSecond();
    double overCopies = shared.sentencesPerSecond() / copies.sentencesPerSecond();
    return new ResultTable(
        "Throughput across JVMs: one model for the machine",
        ACROSS_JVMS.formatted(threads),
        withCallColumns(
            "JVMs x threads", "Calls", "Model loads", "Sentences/s (all JVMs)", "Mean batch"),
        rows,
        List.of(
            goal(
                ACROSS_JVMS_GOAL.formatted(most, count(oneJvm.sentencesPerSecond())),
                ofOneJvm >= 0.8,
                ratio(ofOneJvm)),
            goal(ACROSS_COPIES_GOAL.formatted(most), overCopies >= 2, ratio(overCopies)),
            ACROSS_JVMS_NOTE,
            howMeasured()));
  }

  private ResultTable againstThreads() {
    List<List<String>> rows = new ArrayList<>();
    for (ThroughputRun coalesced : runs) {
      if (coalesced.setup().mode() == Mode.COALESCED) {
        ThroughputRun guard = find(Mode.GUARD_ONLY, 1, coalesced.setup().threads(), true);
        rows.add(
            List.of(
                String.valueOf(coalesced.setup().threads()),
                count(guard.sentencesPerSecond()),
                count(coalesced.sentencesPerSecond()),
                ratio(coalesced.sentencesPerSecond() / guard.sentencesPerSecond()),
                number(coalesced.meanBatchSize())));
      }
    }
    return new ResultTable(
        "Throughput against threads, one JVM",
        AGAINST_THREADS,
        List.of(
            "Threads", "Guard only, sentences/s", "Coalesced, sentences/s", "Ratio", "Mean batch"),
        rows,
        List.of(howMeasured()));
  }

  private static List<String> row(
      String label, ThroughputRun run, ThroughputRun guard, ThroughputRun ideal) {
    List<String> cells = new ArrayList<>(List.of(label, count(run.sentencesPerSecond())));
    if (guard != null) {
      cells.add(ratio(run.sentencesPerSecond() / guard.sentencesPerSecond()));
    }
    cells.add(ratio(run.sentencesPerSecond() / ideal.sentencesPerSecond()));
    cells.add(batch(run));
    cells.addAll(callCells(run));
    return cells;
  }

  private static List<String> acrossRow(ThroughputRun run) {
    ThroughputRun.Setup setup = run.setup();
    String calls =
        switch (setup.mode()) {
          case MACHINE_GUARD_ONLY -> "guard only";
          case MACHINE_CONCURRENT -> "coalesced, thread-safe (batches side by side)";
          default -> "coalesced";
        };
    List<String> cells =
        new ArrayList<>(
            List.of(
                setup.jvms() + " x " + setup.threads(),
                calls + (setup.machineWide() ? ", one model" : ", a model per JVM"),
                String.valueOf(setup.machineWide() ? 1 : setup.jvms()),
                count(run.sentencesPerSecond()),
                batch(run)));
    cells.addAll(callCells(run));
    return cells;
  }

  private static List<String> callCells(ThroughputRun run) {
    return List.of(
        String.valueOf(run.setup().onnxThreads()),
        number(run.p50Micros() / 1000.0),
        number(run.p99Micros() / 1000.0),
        run.minCalls() + " – " + run.maxCalls());
  }

  private static String batch(ThroughputRun run) {
    return run.meanBatchSize() == 0
        ? "–"
        : number(run.meanBatchSize()) + " (max " + run.largestBatch() + ")";
  }

  private static List<String> withCallColumns(String... first) {
    List<String> columns = new ArrayList<>(List.of(first));
    columns.addAll(CALL_COLUMNS);
    return columns;
  }

  private static String goal(String goal, boolean met, String value) {
    return GOAL.formatted(goal.strip(), met ? "met" : "NOT met", value);
  }

  private String howMeasured() {
    return HOW_MEASURED.formatted(number(warmup), number(measure));
  }

  private ThroughputRun find(Mode mode, int jvms, int threads, boolean machineWide) {
    return runs.stream()
        .filter(
            run ->
                run.setup().mode() == mode
                    && run.setup().jvms() == jvms
                    && run.setup().threads() == threads
                    && run.setup().machineWide() == machineWide)
        .max(Comparator.comparingDouble(ThroughputRun::sentencesPerSecond))
        .orElseThrow(
            () -> new IllegalStateException("no run of " + mode + " " + jvms + "x" + threads));
  }
}
