package io.github.beamshared.benchmarks.memory;

import io.github.beamshared.benchmarks.ResultTable;
import io.github.beamshared.benchmarks.memory.MemoryBenchmark.JvmMemory;
import io.github.beamshared.benchmarks.memory.MemoryBenchmark.MemoryRun;
import io.github.beamshared.benchmarks.memory.MemoryBenchmark.Sharing;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.LongFunction;
import java.util.function.Predicate;
import java.util.function.ToLongFunction;

/**
 * The memory part's report: what every run measured, and the goal judged at every JVM count against
 * the baseline measured at that count.
 */
final class MemoryTables {

  private static final String MEASUREMENTS =
      """
      Each JVM runs the sample pipeline (EmbedPipeline on the DirectRunner, %s) with the \
      %s model (%s), or with a %s MiB synthetic model for the baseline; \
      the JVMs of one row start together, and the rows of one JVM count run one after the other. \
      Total RSS adds up the JVMs' VmRSS once all have finished the pipeline, collected garbage \
      and paused (until their RSS held within 1 MiB for 6 s, as long as the JIT compilers may \
      keep freed memory; a host first waits until its clients have released the model, so that \
      no call comes after its collection), holding what the pipeline left loaded (the model \
      stays loaded in the JVM that loaded it: the runtime never unloads it on its own); total \
      PSS does the same for Pss, which divides shared pages (libjvm, class data) among the JVMs; \
      peak RSS is the largest sum sampled every 200 ms while they ran. Machine-wide: one \
      --sharedDirectory, one JVM hosts the model and the others call it. Within each JVM only, \
      and the baseline: --sharedMachineWide=false.
      """;
  private static final String RATE_NOTE =
      """
      Sentences/s is each JVM's own figure (%s lines each, from pipeline run to finish, \
      model load included), added up over the JVMs; wall s runs from starting the JVMs until \
      the last one finished its pipeline and settled.
      """;
  private static final String ONE_MODEL_NOTE =
      """
      One JVM holding the %s model (%s MiB of weights) has %s MiB resident, one \
      baseline JVM %s MiB: %s MiB apart, %s MiB %s than the weights \
      themselves (a model on the heap adds the 10%% of free heap G1 keeps beside what is live, \
      see -XX:MaxHeapFreeRatio; ONNX Runtime adds its native library, arenas and threads).
      """;
  private static final String SAVING_NOTE =
      """
      %s JVMs, within each JVM only: %s MiB per extra JVM; machine-wide sharing saves \
      %s MiB in total.
      """;
  private static final String UNEXPECTED_LOADS_NOTE =
      """
      %s JVMs, %s: %s model loads where %s were expected.
      """;
  private static final String GROWTH =
      """
      Total RSS of N JVMs minus that of one JVM, from the table above: machine-wide sharing of \
      the %s model beside the baseline JVMs with a %s MiB synthetic model, \
      measured at the same N. Difference: the machine-wide growth minus the baseline's, in MiB \
      and in %% of the baseline's growth; positive means that machine-wide sharing grew more. \
      Noise: two standard errors of that difference, from how far identical JVMs of this run \
      differ (see below).
      """;
  private static final String GOAL_NOTE =
      """
      Goal: with machine-wide sharing, total memory grows by no more than the JVMs' own \
      baseline per extra JVM, i.e. machine-wide total(N) - total(1) ≤ baseline total(N) - \
      baseline total(1), both from this run: %s.
      """;
  private static final String NOISE_NOTE =
      """
      Noise: identical JVMs of this run, of the kinds a growth difference adds up (the JVMs of \
      a baseline row, the clients of a machine-wide row, and, through a repeated row's totals, \
      the host too), differ by a pooled standard deviation of %s MiB (%s degrees of \
      freedom). A growth difference adds up the noise of 2N such JVMs and of the two one-JVM \
      rows (a row counted as the median of 3 runs adds 0.449 times the variance of a single \
      run), so its standard error grows with N. A difference above 0 but within two standard \
      errors is what identical setups differ by in about 19 runs of 20; it is reported as within \
      noise, neither met nor missed.
      """;
  private static final String BASELINE_MODEL_NOTE =
      """
      Each baseline JVM holds its own %s MiB model (the smallest the sample takes), \
      which a machine-wide client does not: the baseline's growth includes about that much per \
      extra JVM.
      """;
  private static final String PER_JVM_NOTE =
      """
      Each JVM's VmRSS at %s JVMs, in MiB, to show how much identical JVMs of one run \
      differ: baseline JVMs %s; machine-wide clients %s; the machine-wide host \
      %s.
      """;
  private static final String THREADS_NOTE =
      """
      Threads of each JVM at %s JVMs: baseline JVMs %s; machine-wide clients \
      %s; the machine-wide host %s, against %s when it ran alone. Beam-shared's \
      threads are, in a client while it holds a lease, the call watchdog and the reader of the \
      host's answers (a client that holds none has hung up and keeps neither); in the host, the \
      one accepting connections, one started ahead to take over, and one per connection of a \
      client holding a lease (its control connection, and one per thread that called at once). \
      When counted, every pipeline had finished and torn its DoFns down, which released their \
      leases.
      """;
  private static final String REPEATED_ROW_NOTE =
      """
      %s JVM(s), %s: the run of median total RSS out of %s; they spanned %s \
      MiB.
      """;

  private static final Predicate<JvmMemory> ANY = jvm -> true;
  private static final Predicate<JvmMemory> HOST = jvm -> jvm.modelLoads() > 0;
  private static final Predicate<JvmMemory> CLIENT = HOST.negate();

  private final List<MemoryRun> runs;
  private final List<MemoryRun> allRuns;
  private final MemoryModel model;
  private final List<String> flags;

  /**
   * @param runs the run each row reports: the median one where a row ran several times
   * @param allRuns every run, repeated ones too
   */
  MemoryTables(
      List<MemoryRun> runs, List<MemoryRun> allRuns, MemoryModel model, List<String> flags) {
    this.runs = List.copyOf(runs);
    this.allRuns = List.copyOf(allRuns);
    this.model = model;
    this.flags = List.copyOf(flags);
  }

  List<ResultTable> tables() {
    return List.of(measurements(), goal());
  }

  private ResultTable measurements() {
    List<List<String>> rows = new ArrayList<>();
    for (MemoryRun run : runs) {
      rows.add(
          List.of(
              Integer.toString(run.jvms()),
              run.sharing().label(),
              Integer.toString(run.modelLoads()),
              mib(run.residentKib()),
              run.proportionalKib() < 0 ? "n/a" : mib(run.proportionalKib()),
              mib(run.peakResidentKib()),
              String.format(Locale.ROOT, "%.0f", run.elementsPerSecond()),
              String.format(Locale.ROOT, "%.1f", run.wallSeconds())));
    }
    List<String> notes = new ArrayList<>();
    notes.add(oneModelNote());
    notes.addAll(perJvmSavingNotes());
    notes.addAll(unexpectedLoadNotes());
    notes.add(RATE_NOTE.formatted(find(Sharing.BASELINE, 1).elements()));
    return new ResultTable(
        "Memory: one " + model.name() + " model in 1 to " + largestJvmCount() + " JVMs",
        MEASUREMENTS.formatted(
            String.join(" ", flags),
            model.name(),
            String.join(" ", model.pipelineArgs()).replaceAll("--weightsPath=\\S*", "").strip(),
            MemoryBenchmark.BASELINE_MODEL_MEGABYTES),
        List.of(
            "JVMs",
            "sharing",
            "model loads",
            "total RSS (MiB)",
            "total PSS (MiB)",
            "peak total RSS (MiB)",
            "sentences/s (sum)",
            "wall s"),
        rows,
        notes);
  }

  private ResultTable goal() {
    MemoryNoise noise = MemoryNoise.of(allRuns);
    List<List<String>> rows = new ArrayList<>();
    List<String> missed = new ArrayList<>();
    List<String> withinNoise = new ArrayList<>();
    List<String> met = new ArrayList<>();
    for (int jvms : extraJvmCounts()) {
      Growth growth = growth(jvms, noise);
      rows.add(
          List.of(
              Integer.toString(jvms),
              signedMib(growth.sharedKib()),
              perExtraJvm(growth.sharedKib(), jvms),
              signedMib(growth.baselineKib()),
              perExtraJvm(growth.baselineKib(), jvms),
              growth.excessMib(),
              growth.excessPercent(),
              growth.noiseMib(),
              growth.verdict().cell));
      List<String> verdictList =
          switch (growth.verdict()) {
            case MET -> met;
            case WITHIN_NOISE -> withinNoise;
            case MISSED -> missed;
          };
      verdictList.add(
          jvms
              + " JVMs ("
              + growth.excessMib()
              + " MiB, "
              + growth.excessPercent()
              + (growth.verdict() == Verdict.MET ? "" : "; noise ±" + growth.noiseMib() + " MiB")
              + ")");
    }
    List<String> notes = new ArrayList<>();
    notes.add(GOAL_NOTE.formatted(verdict(met, withinNoise, missed)));
    notes.add(
        noise.known()
            ? NOISE_NOTE.formatted(
                oneDecimal(noise.standardDeviationKib() / 1024), noise.degreesOfFreedom())
            : "Noise: unknown, no row had identical JVMs to compare.");
    notes.add(BASELINE_MODEL_NOTE.formatted(MemoryBenchmark.BASELINE_MODEL_MEGABYTES));
    notes.add(perJvmNote(largestJvmCount()));
    notes.add(threadsNote(largestJvmCount()));
    notes.addAll(repeatedRowNotes());
    return new ResultTable(
        "Memory: growth per extra JVM, machine-wide sharing against the baseline",
        GROWTH.formatted(model.name(), MemoryBenchmark.BASELINE_MODEL_MEGABYTES),
        List.of(
            "JVMs",
            "machine-wide: growth over 1 JVM (MiB)",
            "machine-wide: per extra JVM (MiB)",
            "baseline: growth over 1 JVM (MiB)",
            "baseline: per extra JVM (MiB)",
            "difference (MiB)",
            "difference (%)",
            "noise, 2 SE (MiB)",
            "goal met"),
        rows,
        notes);
  }

  /** What a growth difference says about the goal. */
  private enum Verdict {
    MET("yes"),
    /** More than the baseline, but no more than identical setups differ by. */
    WITHIN_NOISE("within noise"),
    MISSED("no");

    private final String cell;

    Verdict(String cell) {
      this.cell = cell;
    }
  }

  /**
   * How much N JVMs hold beyond one, machine-wide and baseline, all in KiB.
   *
   * @param sharedKib machine-wide total(N) - total(1)
   * @param baselineKib baseline total(N) - total(1)
   * @param noiseKib two standard errors of their difference, NaN if unknown
   */
  private record Growth(long sharedKib, long baselineKib, double noiseKib) {

    /** Machine-wide growth minus the baseline's, to a tenth of a MiB: the goal allows 0. */
    String excessMib() {
      return String.format(Locale.ROOT, "%+.1f", tenths((sharedKib - baselineKib) / 1024.0));
    }

    /** Rounded to a tenth first, so that a value just below 0 does not print as -0.0. */
    private static double tenths(double value) {
      return (Math.round(value * 10) + 0.0) / 10;
    }

    String excessPercent() {
      return String.format(
          Locale.ROOT, "%+.1f %%", tenths(100.0 * (sharedKib - baselineKib) / baselineKib));
    }

    String noiseMib() {
      return Double.isNaN(noiseKib) ? "n/a" : String.format(Locale.ROOT, "%.1f", noiseKib / 1024);
    }

    Verdict verdict() {
      long excessKib = sharedKib - baselineKib;
      if (excessKib <= 0) {
        return Verdict.MET;
      }
      return excessKib <= noiseKib ? Verdict.WITHIN_NOISE : Verdict.MISSED;
    }
  }

  private Growth growth(int jvms, MemoryNoise noise) {
    long sharedKib =
        find(Sharing.MACHINE_WIDE, jvms).residentKib()
            - find(Sharing.MACHINE_WIDE, 1).residentKib();
    long baselineKib =
        find(Sharing.BASELINE, jvms).residentKib() - find(Sharing.BASELINE, 1).residentKib();
    double noiseKib =
        noise.known()
            ? noise.twoStandardErrorsKib(
                jvms,
                repeats(Sharing.MACHINE_WIDE, jvms),
                repeats(Sharing.BASELINE, jvms),
                repeats(Sharing.BASELINE, 1))
            : Double.NaN;
    return new Growth(sharedKib, baselineKib, noiseKib);
  }

  /** How often the row of {@code sharing} at {@code jvms} JVMs ran. */
  private int repeats(Sharing sharing, int jvms) {
    return runsOf(sharing, jvms).size();
  }

  /** Every run of the row of {@code sharing} at {@code jvms} JVMs. */
  private List<MemoryRun> runsOf(Sharing sharing, int jvms) {
    return allRuns.stream().filter(run -> run.sharing() == sharing && run.jvms() == jvms).toList();
  }

  /** For each row that ran several times: how far its runs landed apart. */
  private List<String> repeatedRowNotes() {
    List<String> notes = new ArrayList<>();
    for (MemoryRun row : runs) {
      List<Long> totals =
          runsOf(row.sharing(), row.jvms()).stream().map(MemoryRun::residentKib).sorted().toList();
      if (totals.size() > 1) {
        notes.add(
            REPEATED_ROW_NOTE.formatted(
                row.jvms(), row.sharing().label(), totals.size(), range(totals)));
      }
    }
    return notes;
  }

  private static String verdict(List<String> met, List<String> withinNoise, List<String> missed) {
    List<String> parts = new ArrayList<>();
    if (!missed.isEmpty()) {
      parts.add("NOT met for " + String.join(", ", missed));
    }
    if (!withinNoise.isEmpty()) {
      parts.add("above the baseline but within noise for " + String.join(", ", withinNoise));
    }
    if (!met.isEmpty()) {
      parts.add("met for " + String.join(", ", met));
    }
    return String.join("; ", parts);
  }

  private String oneModelNote() {
    MemoryRun ownOne = find(Sharing.PER_JVM, 1);
    long baselineKib = find(Sharing.BASELINE, 1).residentKib();
    long beyondModelKib =
        ownOne.residentKib() - baselineKib - Math.round(model.weightsMebibytes() * 1024);
    return ONE_MODEL_NOTE.formatted(
        model.name(),
        String.format(Locale.ROOT, "%.0f", model.weightsMebibytes()),
        mib(ownOne.residentKib()),
        mib(baselineKib),
        mib(ownOne.residentKib() - baselineKib),
        mib(Math.abs(beyondModelKib)),
        beyondModelKib < 0 ? "less" : "more");
  }

  private List<String> perJvmSavingNotes() {
    MemoryRun ownOne = find(Sharing.PER_JVM, 1);
    List<String> notes = new ArrayList<>();
    for (int jvms : extraJvmCounts()) {
      MemoryRun own = find(Sharing.PER_JVM, jvms);
      long growth = own.residentKib() - ownOne.residentKib();
      notes.add(
          SAVING_NOTE.formatted(
              jvms,
              mib(growth / (jvms - 1)),
              mib(own.residentKib() - find(Sharing.MACHINE_WIDE, jvms).residentKib())));
    }
    return notes;
  }

  private List<String> unexpectedLoadNotes() {
    List<String> notes = new ArrayList<>();
    for (MemoryRun run : runs) {
      int expected = run.sharing() == Sharing.MACHINE_WIDE ? 1 : run.jvms();
      if (run.modelLoads() != expected) {
        notes.add(
            UNEXPECTED_LOADS_NOTE.formatted(
                run.jvms(), run.sharing().label(), run.modelLoads(), expected));
      }
    }
    return notes;
  }

  /**
   * Each JVM's own VmRSS at one JVM count, baseline JVMs beside machine-wide clients: how far
   * identical JVMs differ, and whether a client holds more than a JVM of its own.
   */
  private String perJvmNote(int jvms) {
    MemoryRun baseline = find(Sharing.BASELINE, jvms);
    List<JvmMemory> machineWide = find(Sharing.MACHINE_WIDE, jvms).perJvm();
    return PER_JVM_NOTE.formatted(
        jvms,
        rssSpread(baseline.perJvm(), ANY),
        rssSpread(machineWide, CLIENT),
        rssSpread(machineWide, HOST));
  }

  /**
   * The threads of each JVM at one JVM count beside the one-JVM run of machine-wide sharing: what
   * machine-wide sharing adds per extra JVM, which each holds a stack.
   */
  private String threadsNote(int jvms) {
    List<JvmMemory> machineWide = find(Sharing.MACHINE_WIDE, jvms).perJvm();
    return THREADS_NOTE.formatted(
        jvms,
        threadSpread(find(Sharing.BASELINE, jvms).perJvm(), ANY),
        threadSpread(machineWide, CLIENT),
        threadSpread(machineWide, HOST),
        threadSpread(find(Sharing.MACHINE_WIDE, 1).perJvm(), HOST));
  }

  /** "median (min – max)" of the matching JVMs' VmRSS in MiB, or "none". */
  private static String rssSpread(List<JvmMemory> jvms, Predicate<JvmMemory> which) {
    return spread(jvms, which, JvmMemory::residentKib, MemoryTables::mib);
  }

  /** "median (min – max)" of the matching JVMs' threads, or "none". */
  private static String threadSpread(List<JvmMemory> jvms, Predicate<JvmMemory> which) {
    return spread(jvms, which, JvmMemory::threads, Long::toString);
  }

  private static String spread(
      List<JvmMemory> jvms,
      Predicate<JvmMemory> which,
      ToLongFunction<JvmMemory> number,
      LongFunction<String> format) {
    long[] values = jvms.stream().filter(which).mapToLong(number).sorted().toArray();
    if (values.length == 0) {
      return "none";
    }
    if (values.length == 1) {
      return format.apply(values[0]);
    }
    long median =
        values.length % 2 == 1
            ? values[values.length / 2]
            : (values[values.length / 2 - 1] + values[values.length / 2]) / 2;
    return "median "
        + format.apply(median)
        + " ("
        + format.apply(values[0])
        + " – "
        + format.apply(values[values.length - 1])
        + ")";
  }

  private List<Integer> extraJvmCounts() {
    return runs.stream()
        .filter(run -> run.sharing() == Sharing.MACHINE_WIDE && run.jvms() > 1)
        .map(MemoryRun::jvms)
        .toList();
  }

  private int largestJvmCount() {
    return runs.stream().mapToInt(MemoryRun::jvms).max().orElseThrow();
  }

  private MemoryRun find(Sharing sharing, int jvms) {
    return runs.stream()
        .filter(run -> run.sharing() == sharing && run.jvms() == jvms)
        .findFirst()
        .orElseThrow();
  }

  private static String perExtraJvm(long growthKib, int jvms) {
    return oneDecimal(growthKib / 1024.0 / (jvms - 1));
  }

  private static String oneDecimal(double value) {
    return String.format(Locale.ROOT, "%.1f", value);
  }

  private static String range(List<Long> sortedKib) {
    return mib(sortedKib.get(0)) + " – " + mib(sortedKib.get(sortedKib.size() - 1));
  }

  private static String mib(long kib) {
    return Long.toString(Math.round(kib / 1024.0));
  }

  private static String signedMib(long kib) {
    return String.format(Locale.ROOT, "%+d", Math.round(kib / 1024.0));
  }
}
