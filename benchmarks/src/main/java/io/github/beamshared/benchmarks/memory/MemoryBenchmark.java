package io.github.beamshared.benchmarks.memory;

import io.github.beamshared.benchmarks.BenchmarkPart;
import io.github.beamshared.benchmarks.Corpus;
import io.github.beamshared.benchmarks.ResultTable;
import io.github.beamshared.benchmarks.report.MemoryChart;
import io.github.beamshared.testsupport.ChildProcesses;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The memory parts: 1 to 8 JVMs each running the sample pipeline with one model (the real
 * all-MiniLM-L6-v2, or a synthetic one of a chosen size), the model shared machine-wide
 * ({@code @MultiProcessShared}) against shared only within each JVM ({@code
 * --sharedMachineWide=false}), beside the baseline of as many JVMs running the sample with a 1 MiB
 * synthetic model.
 *
 * <p>The JVMs of one run start together and each runs {@link HeldEmbedPipeline}: the sample, then a
 * pause. Once every JVM has paused, their resident memory is read from {@code /proc} and they are
 * released. The sum of their resident memory is also sampled every 200 ms while they run, for the
 * peak. {@link MemoryTables} turns the runs into the report.
 */
public final class MemoryBenchmark implements BenchmarkPart {

  /** How the model is shared in one run. */
  public enum Sharing {
    BASELINE("baseline: 1 MiB synthetic model", "baseline"),
    MACHINE_WIDE("machine-wide (@MultiProcessShared)", "machine-wide"),
    PER_JVM("within each JVM only", "per-jvm");

    private final String label;
    private final String slug;

    Sharing(String label, String slug) {
      this.label = label;
      this.slug = slug;
    }

    public String label() {
      return label;
    }
  }

  /**
   * What one JVM of a run held, read once all JVMs of the run had paused.
   *
   * @param residentKib VmRSS
   * @param proportionalKib Pss (shared library and class data pages divided among the processes
   *     that map them), -1 where the kernel does not report it
   * @param threads the JVM's threads, from /proc: the JVM's own, the runner's and beam-shared's
   * @param modelLoads the model loads this JVM printed: 1 in the JVM that loaded the model
   */
  public record JvmMemory(long residentKib, long proportionalKib, long threads, int modelLoads) {}

  /**
   * What one run measured.
   *
   * @param perJvm each JVM's memory, in the order they were started
   * @param peakResidentKib the largest sum of VmRSS seen while the JVMs ran
   * @param elements the elements the JVMs embedded, added up
   * @param elementsPerSecond each JVM's "elements/s" (load included), added up
   * @param wallSeconds from starting the JVMs until the last of them paused
   */
  public record MemoryRun(
      Sharing sharing,
      MemoryModel model,
      List<JvmMemory> perJvm,
      long peakResidentKib,
      long elements,
      double elementsPerSecond,
      double wallSeconds) {

    public MemoryRun {
      perJvm = List.copyOf(perJvm);
    }

    public int jvms() {
      return perJvm.size();
    }

    /** The JVMs' VmRSS added up. */
    public long residentKib() {
      return perJvm.stream().mapToLong(JvmMemory::residentKib).sum();
    }

    /** The JVMs' Pss added up, -1 where the kernel does not report it. */
    public long proportionalKib() {
      return perJvm.stream().anyMatch(jvm -> jvm.proportionalKib() < 0)
          ? -1
          : perJvm.stream().mapToLong(JvmMemory::proportionalKib).sum();
    }

    public int modelLoads() {
      return perJvm.stream().mapToInt(JvmMemory::modelLoads).sum();
    }
  }

  /** The smallest model the sample takes: the baseline JVMs run everything but a real model. */
  static final int BASELINE_MODEL_MEGABYTES = 1;

  static final List<Integer> JVM_COUNTS = List.of(1, 2, 4, 8);
  static final List<Integer> QUICK_JVM_COUNTS = List.of(1, 2);

  /**
   * How often the rows of 1 and 2 JVMs that the goal compares run in a full run; the median counts.
   * A difference at 2 JVMs rests on single JVMs, whose noise would decide it otherwise.
   */
  static final int SMALL_ROW_REPEATS = 3;

  static final int QUICK_SYNTHETIC_MEGABYTES = 8;

  /** The largest JVM count whose goal rows are repeated. */
  static final int LARGEST_REPEATED_JVMS = 2;

  /**
   * The flags of every JVM of every run: room for the 512 MiB model beside the runner; a heap that
   * the full collection before the JVMs are measured sizes to what is live plus 10% (G1 applies the
   * free ratios only then; equal ratios leave it no range to pick from), whose floor is below what
   * any of these JVMs holds live (22-25 MiB without the model, seen with jcmd GC.heap_info), so
   * that neither the garbage a pipeline happened to leave, nor the heap's history, nor a floor that
   * would hide the baseline's small model counts; malloc's free memory given back to the OS each
   * second, so that what the JIT compilers once used does not count; and the client compiler only,
   * because C2 compiling in every JVM at once competes with the pipelines for the machine's cores
   * and nearly doubles each run without changing what the JVMs hold. Every run, baseline or not,
   * uses the same flags.
   */
  static final List<String> JVM_FLAGS =
      List.of(
          "-Xms8m",
          "-Xmx900m",
          "-XX:MinHeapFreeRatio=10",
          "-XX:MaxHeapFreeRatio=10",
          "-XX:TrimNativeHeapInterval=1000",
          "-XX:TieredStopAtLevel=1");

  /** A quick run's: the same, settling for a second before the memory is read. */
  static final List<String> QUICK_JVM_FLAGS =
      Stream.concat(JVM_FLAGS.stream(), Stream.of("-Dbenchmarks.settleSeconds=1")).toList();

  /**
   * Each JVM embeds the first half of the sample's 1500-line corpus, so that the twenty-odd runs of
   * a full run fit in its 15 minutes.
   */
  static final int LINES = 750;

  static final int QUICK_LINES = 300;

  private static final Duration RUN_TIMEOUT = Duration.ofMinutes(5);
  private static final Duration QUICK_RUN_TIMEOUT = Duration.ofMinutes(2);
  private static final Duration POLL = Duration.ofMillis(200);
  private static final Pattern LOADS = Pattern.compile("model loads: +(\\d+)");
  private static final Pattern ELEMENTS = Pattern.compile("sentences: +(\\d+)");
  private static final Pattern RATE = Pattern.compile("sentences/s: +(\\d+)");

  private final String chartFile;
  private final List<Integer> jvmCounts;
  private final int smallRowRepeats;
  private final boolean realModel;
  private final int syntheticMegabytes;
  private final List<MemoryRun> runs = new ArrayList<>();

  private MemoryBenchmark(
      String chartFile,
      List<Integer> jvmCounts,
      int smallRowRepeats,
      boolean realModel,
      int syntheticMegabytes) {
    this.chartFile = chartFile;
    this.jvmCounts = List.copyOf(jvmCounts);
    this.smallRowRepeats = smallRowRepeats;
    this.realModel = realModel;
    this.syntheticMegabytes = syntheticMegabytes;
  }

  /** The real model at 1, 2, 4 and 8 JVMs, the small rows repeated: the goal's part. */
  public static MemoryBenchmark realModel() {
    return new MemoryBenchmark("memory.png", JVM_COUNTS, SMALL_ROW_REPEATS, true, 0);
  }

  /**
   * A 512 MiB synthetic model at 1 and 8 JVMs, once each: what sharing saves as the model grows.
   * The quick run uses 8 MiB.
   */
  public static MemoryBenchmark syntheticModel() {
    return new MemoryBenchmark("memory-synthetic.png", List.of(1, 8), 1, false, 512);
  }

  @Override
  public String chartFile() {
    return chartFile;
  }

  @Override
  public void writeChart(Path png) throws IOException {
    MemoryChart.write(runs(), png);
  }

  /** The runs of the last {@link #run}, by JVM count, each count's baseline first. */
  public List<MemoryRun> runs() {
    return List.copyOf(runs);
  }

  @Override
  public List<ResultTable> run(boolean quick, Path work) throws Exception {
    ProcMemory.requireProcfs();
    runs.clear();
    MemoryModel model =
        realModel
            ? MemoryModel.miniLm()
            : MemoryModel.synthetic(quick ? QUICK_SYNTHETIC_MEGABYTES : syntheticMegabytes, work);
    MemoryModel baseline = MemoryModel.synthetic(BASELINE_MODEL_MEGABYTES, work);
    List<Integer> counts = quick ? QUICK_JVM_COUNTS : jvmCounts;
    int repeats = quick ? 1 : smallRowRepeats;
    Launch launch =
        quick
            ? new Launch(
                QUICK_JVM_FLAGS,
                QUICK_RUN_TIMEOUT,
                List.of("--input=" + corpusHead(work, QUICK_LINES)))
            : new Launch(JVM_FLAGS, RUN_TIMEOUT, List.of("--input=" + corpusHead(work, LINES)));
    if (!quick) {
      // Creates the model's files (the sample writes them when missing) and warms the page
      // cache, so that no measured run pays for either. Not reported.
      progress("warm-up: one JVM loads the %s model", model.name());
      measure(work, "warm-up", Sharing.PER_JVM, 1, model, launch);
    }
    // The baseline runs at every JVM count, next to the runs it is compared with, so that both
    // see the same machine: the goal compares their growth, not one baseline JVM.
    List<MemoryRun> allRuns = new ArrayList<>();
    for (int jvms : counts) {
      for (Sharing sharing : Sharing.values()) {
        // The goal compares growths from one JVM, so the noise of the small rows of the baseline
        // and of machine-wide sharing would enter every comparison: they run several times, and
        // the run of median total RSS counts.
        boolean repeated = jvms <= LARGEST_REPEATED_JVMS && sharing != Sharing.PER_JVM;
        int rowRepeats = repeated ? repeats : 1;
        List<MemoryRun> sameRow = new ArrayList<>();
        for (int r = 0; r < rowRepeats; r++) {
          String name = sharing.slug + "-" + jvms + (rowRepeats > 1 ? "-" + r : "");
          sameRow.add(
              measure(
                  work,
                  name,
                  sharing,
                  jvms,
                  sharing == Sharing.BASELINE ? baseline : model,
                  launch));
        }
        allRuns.addAll(sameRow);
        sameRow.sort(Comparator.comparingLong(MemoryRun::residentKib));
        runs.add(sameRow.get(rowRepeats / 2));
      }
    }
    return new MemoryTables(runs, allRuns, model, launch.flags()).tables();
  }

  /**
   * How the JVMs of a run are started and how long they may take.
   *
   * @param flags the JVM's flags
   * @param pipelineArgs options for the sample beyond those every run sets
   */
  private record Launch(List<String> flags, Duration timeout, List<String> pipelineArgs) {}

  /** The first {@code count} lines of the corpus the sample ships, as a file in work. */
  private static Path corpusHead(Path work, int count) throws IOException {
    return Files.write(
        work.resolve("corpus-" + count + ".txt"),
        Corpus.lines().subList(0, count),
        StandardCharsets.UTF_8);
  }

  /**
   * Starts {@code jvms} JVMs of the sample at once, measures them when all have paused. Their logs
   * go to {@code work/name}; the files of each model are shared by all runs.
   */
  private static MemoryRun measure(
      Path work, String name, Sharing sharing, int jvms, MemoryModel model, Launch launch)
      throws Exception {
    progress("%d JVM(s), %s, %s model", jvms, sharing.label, model.name());
    Path dir = Files.createDirectories(work.resolve(name));
    // Short, because the rendezvous directory holds Unix domain sockets.
    Path rendezvous = Files.createTempDirectory(shortTemporaryRoot(), "bsb");
    List<Process> processes = new ArrayList<>();
    List<Path> logs = new ArrayList<>();
    long start = System.nanoTime();
    try {
      for (int i = 0; i < jvms; i++) {
        Path log = dir.resolve("jvm-" + i + ".log");
        logs.add(log);
        processes.add(
            new ProcessBuilder(
                    command(sharing, model, rendezvous, dir.resolve("embeddings-" + i), launch))
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start());
      }
      long peakKib = awaitAllHeld(processes, logs, start + launch.timeout().toNanos());
      double wallSeconds = (System.nanoTime() - start) / 1e9;
      List<JvmMemory> perJvm = new ArrayList<>();
      List<String> printed = new ArrayList<>();
      for (int i = 0; i < processes.size(); i++) {
        long pid = processes.get(i).pid();
        String log = log(logs.get(i));
        printed.add(log);
        perJvm.add(
            new JvmMemory(
                ProcMemory.residentKib(pid),
                ProcMemory.proportionalKib(pid),
                ProcMemory.threads(pid),
                (int) number(LOADS, log, 0)));
      }
      release(processes);
      MemoryRun run = result(sharing, model, printed, perJvm, peakKib, wallSeconds);
      progress(
          "  total RSS %d MiB, %d model load(s), %.1f s",
          run.residentKib() >> 10, run.modelLoads(), wallSeconds);
      return run;
    } finally {
      ChildProcesses.destroyAll(processes);
      ChildProcesses.deleteTree(rendezvous);
    }
  }

  /** The command line of one JVM of a run. */
  private static List<String> command(
      Sharing sharing, MemoryModel model, Path rendezvous, Path output, Launch launch) {
    List<String> command = new ArrayList<>();
    command.add(ChildProcesses.jdkTool("java").toString());
    command.addAll(launch.flags());
    command.addAll(
        List.of(
            "-Dbenchmarks.holdSeconds=" + (launch.timeout().toSeconds() + 60),
            "-cp",
            ChildProcesses.classPath(),
            HeldEmbedPipeline.class.getName(),
            "--sharedDirectory=" + rendezvous,
            "--sharedMachineWide=" + (sharing == Sharing.MACHINE_WIDE),
            "--output=" + output,
            // The host waits until its clients have released the model, so that it collects its
            // garbage and settles only once no client calls it any more: answering calls after its
            // collection would leave it holding what the answers allocated.
            "--hostLingerSeconds=" + launch.timeout().toSeconds()));
    command.addAll(model.pipelineArgs());
    command.addAll(launch.pipelineArgs());
    return command;
  }

  /** The run's measurements together with what each JVM printed. */
  private static MemoryRun result(
      Sharing sharing,
      MemoryModel model,
      List<String> printed,
      List<JvmMemory> perJvm,
      long peakKib,
      double wallSeconds) {
    long elements = 0;
    double rate = 0;
    for (String text : printed) {
      elements += number(ELEMENTS, text, -1);
      rate += number(RATE, text, -1);
    }
    long totalKib = perJvm.stream().mapToLong(JvmMemory::residentKib).sum();
    return new MemoryRun(
        sharing, model, perJvm, Math.max(peakKib, totalKib), elements, rate, wallSeconds);
  }

  private static String log(Path log) throws IOException {
    return Files.readString(log, StandardCharsets.UTF_8);
  }

  /**
   * Waits until every JVM has printed {@link HeldEmbedPipeline#HELD}, sampling their summed
   * resident memory meanwhile; returns its peak. Fails if a JVM exits first or time runs out.
   */
  private static long awaitAllHeld(List<Process> processes, List<Path> logs, long deadline)
      throws IOException, InterruptedException, TimeoutException {
    long peakKib = 0;
    boolean[] held = new boolean[processes.size()];
    while (true) {
      long sumKib = 0;
      for (Process process : processes) {
        sumKib += ProcMemory.residentKib(process.pid());
      }
      peakKib = Math.max(peakKib, sumKib);
      boolean all = true;
      for (int i = 0; i < processes.size(); i++) {
        if (!held[i]) {
          held[i] = log(logs.get(i)).contains(HeldEmbedPipeline.HELD);
        }
        if (!held[i]) {
          all = false;
          if (!processes.get(i).isAlive()) {
            throw new IllegalStateException(
                "JVM "
                    + i
                    + " exited with code "
                    + processes.get(i).exitValue()
                    + " before its pipeline finished; its log ends:\n"
                    + ChildProcesses.tail(logs.get(i), 30));
          }
        }
      }
      if (all) {
        return peakKib;
      }
      if (System.nanoTime() > deadline) {
        throw new TimeoutException(
            "Not every JVM finished the sample pipeline in time; logs in "
                + logs.get(0).getParent());
      }
      Thread.sleep(POLL.toMillis());
    }
  }

  /** Lets the paused JVMs exit, waiting a bounded time for each. */
  private static void release(List<Process> processes) throws InterruptedException {
    for (Process process : processes) {
      try (OutputStream in = process.getOutputStream()) {
        in.write('\n');
      } catch (IOException gone) {
        // exited already
      }
    }
    for (Process process : processes) {
      process.waitFor(30, TimeUnit.SECONDS);
    }
  }

  private static long number(Pattern pattern, String log, long missing) {
    Matcher matcher = pattern.matcher(log);
    return matcher.find() ? Long.parseLong(matcher.group(1)) : missing;
  }

  private static Path shortTemporaryRoot() {
    Path tmp = Path.of("/tmp");
    return Files.isDirectory(tmp) ? tmp : Path.of(System.getProperty("java.io.tmpdir"));
  }

  private static void progress(String format, Object... args) {
    System.out.printf("[memory] " + format + "%n", args);
  }
}
