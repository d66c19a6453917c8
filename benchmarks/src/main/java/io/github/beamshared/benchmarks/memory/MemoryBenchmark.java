package io.github.beamshared.benchmarks.memory;

import io.github.beamshared.benchmarks.BenchmarkPart;
import io.github.beamshared.benchmarks.ChildProcesses;
import io.github.beamshared.benchmarks.ResultTable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Part 4: the memory of 1, 2, 4 and 8 JVMs each running the sample pipeline with a 512 MiB model,
 * the model shared machine-wide ({@code @MultiProcessShared}) against shared only within each JVM
 * ({@code --sharedMachineWide=false}), beside the baseline of one JVM running the sample with a
 * 1 MiB model.
 *
 * <p>The JVMs of one run start together and each runs {@link HeldEmbedPipeline}: the sample, then a
 * pause. Once every JVM has paused, their resident memory is read from {@code /proc} and they are
 * released. The sum of their resident memory is also sampled every 200 ms while they run, for the
 * peak.
 */
public final class MemoryBenchmark implements BenchmarkPart {

  /** How the model is shared in one run. */
  public enum Sharing {
    BASELINE("baseline: 1 MiB model", "baseline"),
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
   * What one run measured.
   *
   * @param residentKib the JVMs' VmRSS added up, all of them paused after the pipeline
   * @param proportionalKib the same for Pss (shared library and class data pages divided among the
   *     JVMs), -1 where the kernel does not report it
   * @param peakResidentKib the largest sum of VmRSS seen while the JVMs ran
   * @param modelLoads "model loads" as the JVMs printed it, added up
   * @param elementsPerSecond each JVM's "elements/s" (load included), added up
   * @param wallSeconds from starting the JVMs until the last of them paused
   */
  public record MemoryRun(
      Sharing sharing,
      int jvms,
      int modelMegabytes,
      long residentKib,
      long proportionalKib,
      long peakResidentKib,
      int modelLoads,
      long elements,
      double elementsPerSecond,
      double wallSeconds) {}

  static final int MODEL_MEGABYTES = 512;
  static final int QUICK_MODEL_MEGABYTES = 8;
  static final int BASELINE_MODEL_MEGABYTES = 1;
  static final List<Integer> JVM_COUNTS = List.of(1, 2, 4, 8);
  static final List<Integer> QUICK_JVM_COUNTS = List.of(1, 2);
  /**
   * The flags of every JVM of every run: room for the 512 MiB model beside the runner, and a heap
   * that shrinks to what is live at the full collection before the JVMs are measured (G1 applies
   * the free ratios only then), so that the garbage a pipeline happened to leave does not count.
   */
  static final List<String> JVM_FLAGS =
      List.of("-Xms32m", "-Xmx900m", "-XX:MinHeapFreeRatio=10", "-XX:MaxHeapFreeRatio=20");
  /** Quick runs start faster with the client compiler only. */
  static final String QUICK_JVM_FLAG = "-XX:TieredStopAtLevel=1";

  private static final Duration RUN_TIMEOUT = Duration.ofMinutes(5);
  private static final Duration QUICK_RUN_TIMEOUT = Duration.ofMinutes(2);
  private static final Duration POLL = Duration.ofMillis(200);
  private static final Pattern LOADS = Pattern.compile("model loads: +(\\d+)");
  private static final Pattern ELEMENTS = Pattern.compile("elements: +(\\d+)");
  private static final Pattern RATE = Pattern.compile("elements/s: +(\\d+)");

  private final List<MemoryRun> runs = new ArrayList<>();

  /** The runs of the last {@link #run}, baseline first, for the chart. */
  public List<MemoryRun> runs() {
    return List.copyOf(runs);
  }

  @Override
  public List<ResultTable> run(boolean quick, Path work) throws Exception {
    ProcMemory.requireProcfs();
    runs.clear();
    int modelMegabytes = quick ? QUICK_MODEL_MEGABYTES : MODEL_MEGABYTES;
    List<Integer> jvmCounts = quick ? QUICK_JVM_COUNTS : JVM_COUNTS;
    Launch launch = quick
        ? new Launch(concat(JVM_FLAGS, QUICK_JVM_FLAG), QUICK_RUN_TIMEOUT)
        : new Launch(JVM_FLAGS, RUN_TIMEOUT);
    Path weights = work.resolve("weights-" + modelMegabytes + "mb.f32");
    if (!quick) {
      // Creates the weights file (the sample writes it when missing) and warms the page cache,
      // so that no measured run pays for either. Not reported.
      progress("warm-up: one JVM creates the %d MiB weights file", modelMegabytes);
      measure(work.resolve("warm-up"), Sharing.PER_JVM, 1, modelMegabytes, weights, launch);
    }
    MemoryRun baseline = measure(work, Sharing.BASELINE, 1, BASELINE_MODEL_MEGABYTES,
        work.resolve("weights-" + BASELINE_MODEL_MEGABYTES + "mb.f32"), launch);
    runs.add(baseline);
    for (int jvms : jvmCounts) {
      for (Sharing sharing : List.of(Sharing.MACHINE_WIDE, Sharing.PER_JVM)) {
        runs.add(measure(work, sharing, jvms, modelMegabytes, weights, launch));
      }
    }
    return List.of(table(modelMegabytes, launch));
  }

  /** How the JVMs of a run are started and how long they may take. */
  private record Launch(List<String> flags, Duration timeout) {}

  /** Starts {@code jvms} JVMs of the sample at once, measures them when all have paused. */
  private static MemoryRun measure(Path work, Sharing sharing, int jvms, int modelMegabytes,
      Path weights, Launch launch) throws Exception {
    progress("%d JVM(s), %s, %d MiB model", jvms, sharing.label, modelMegabytes);
    Path dir = work.resolve(sharing.slug + "-" + jvms);
    Files.createDirectories(dir);
    // Short, because the rendezvous directory holds Unix domain sockets.
    Path rendezvous = Files.createTempDirectory(shortTemporaryRoot(), "bsb");
    List<Process> processes = new ArrayList<>();
    List<Path> logs = new ArrayList<>();
    long start = System.nanoTime();
    try {
      for (int i = 0; i < jvms; i++) {
        Path log = dir.resolve("jvm-" + i + ".log");
        logs.add(log);
        List<String> command = new ArrayList<>();
        command.add(ChildProcesses.jdkTool("java").toString());
        command.addAll(launch.flags());
        command.addAll(List.of(
            "-Dbenchmarks.holdSeconds=" + (launch.timeout().toSeconds() + 60),
            "-cp", ChildProcesses.classPath(),
            HeldEmbedPipeline.class.getName(),
            "--sharedDirectory=" + rendezvous,
            "--sharedMachineWide=" + (sharing == Sharing.MACHINE_WIDE),
            "--modelMegabytes=" + modelMegabytes,
            "--weightsPath=" + weights,
            "--output=" + dir.resolve("embeddings-" + i),
            // This harness keeps every JVM alive until all are measured; the sample's own
            // wait for other JVMs is not needed.
            "--hostLingerSeconds=0"));
        processes.add(new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start());
      }
      long peakKib = awaitAllHeld(processes, logs, start + launch.timeout().toNanos());
      double wallSeconds = (System.nanoTime() - start) / 1e9;
      long residentKib = 0;
      long proportionalKib = 0;
      for (Process process : processes) {
        residentKib += ProcMemory.residentKib(process.pid());
        long pss = ProcMemory.proportionalKib(process.pid());
        proportionalKib = pss < 0 || proportionalKib < 0 ? -1 : proportionalKib + pss;
      }
      release(processes);
      int loads = 0;
      long elements = 0;
      double rate = 0;
      for (Path log : logs) {
        String text = Files.readString(log, StandardCharsets.UTF_8);
        loads += (int) number(LOADS, text, 0);
        elements += number(ELEMENTS, text, -1);
        rate += number(RATE, text, -1);
      }
      MemoryRun run = new MemoryRun(sharing, jvms, modelMegabytes, residentKib, proportionalKib,
          Math.max(peakKib, residentKib), loads, elements, rate, wallSeconds);
      progress("  total RSS %d MiB, %d model load(s), %.1f s", residentKib >> 10, loads,
          wallSeconds);
      return run;
    } finally {
      ChildProcesses.destroyAll(processes);
      ChildProcesses.deleteTree(rendezvous);
    }
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
          held[i] = Files.readString(logs.get(i), StandardCharsets.UTF_8)
              .contains(HeldEmbedPipeline.HELD);
        }
        if (!held[i]) {
          all = false;
          if (!processes.get(i).isAlive()) {
            throw new IllegalStateException("JVM " + i + " exited with code "
                + processes.get(i).exitValue() + " before its pipeline finished; its log ends:\n"
                + ChildProcesses.tail(logs.get(i), 30));
          }
        }
      }
      if (all) {
        return peakKib;
      }
      if (System.nanoTime() > deadline) {
        throw new TimeoutException("Not every JVM finished the sample pipeline in time; logs in "
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

  private ResultTable table(int modelMegabytes, Launch launch) {
    MemoryRun baseline = runs.get(0);
    MemoryRun sharedOne = find(Sharing.MACHINE_WIDE, 1);
    MemoryRun ownOne = find(Sharing.PER_JVM, 1);
    List<List<String>> rows = new ArrayList<>();
    for (MemoryRun run : runs) {
      rows.add(List.of(
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
    long baselineKib = baseline.residentKib();
    notes.add("Baseline: one JVM running the sample with a " + BASELINE_MODEL_MEGABYTES
        + " MiB model has " + mib(baselineKib) + " MiB resident.");
    notes.add(String.format(Locale.ROOT, "One JVM holding the %d MiB model has %s MiB resident,"
            + " the baseline and the model together %s MiB (with a large model, mostly the free"
            + " heap G1 keeps beside it, see -XX:MaxHeapFreeRatio).",
        modelMegabytes, mib(ownOne.residentKib()),
        signedMib(ownOne.residentKib() - baselineKib - modelMegabytes * 1024L)));
    notes.add("Goal: with machine-wide sharing, total memory grows by no more than the JVMs' own"
        + " baseline (" + mib(baselineKib) + " MiB) per extra JVM.");
    for (MemoryRun run : runs) {
      if (run.sharing() == Sharing.MACHINE_WIDE && run.jvms() > 1) {
        long growth = run.residentKib() - sharedOne.residentKib();
        long allowed = (run.jvms() - 1) * baselineKib;
        notes.add(String.format(Locale.ROOT,
            "%d JVMs, machine-wide: %s MiB over 1 JVM, %s MiB per extra JVM (allowed: +%s MiB):"
                + " goal %s.",
            run.jvms(), signedMib(growth), mib(growth / (run.jvms() - 1)), mib(allowed),
            growth <= allowed
                ? "met, " + mib(allowed - growth) + " MiB to spare"
                : String.format(Locale.ROOT, "NOT met, %s MiB (%.1f %%) over", mib(growth - allowed),
                    100.0 * (growth - allowed) / allowed)));
      }
    }
    for (MemoryRun run : runs) {
      if (run.sharing() == Sharing.PER_JVM && run.jvms() > 1) {
        long growth = run.residentKib() - ownOne.residentKib();
        notes.add(String.format(Locale.ROOT,
            "%d JVMs, within each JVM only: %s MiB per extra JVM; machine-wide sharing saves %s"
                + " MiB in total.",
            run.jvms(), mib(growth / (run.jvms() - 1)),
            mib(run.residentKib() - find(Sharing.MACHINE_WIDE, run.jvms()).residentKib())));
      }
    }
    for (MemoryRun run : runs) {
      int expected = switch (run.sharing()) {
        case BASELINE, MACHINE_WIDE -> 1;
        case PER_JVM -> run.jvms();
      };
      if (run.modelLoads() != expected) {
        notes.add(String.format(Locale.ROOT, "%d JVMs, %s: %d model loads where %d were expected.",
            run.jvms(), run.sharing().label(), run.modelLoads(), expected));
      }
    }
    notes.add("Elements/s is each JVM's own figure (" + baseline.elements() + " lines each, from"
        + " pipeline run to finish, model load included), added up over the JVMs; wall s runs from"
        + " starting the JVMs until the last one finished its pipeline and settled.");
    return new ResultTable(
        "Memory: one " + modelMegabytes + " MiB model in 1 to " + runs.get(runs.size() - 1).jvms()
            + " JVMs",
        "Each JVM runs the sample pipeline (EmbedPipeline on the DirectRunner, "
            + String.join(" ", launch.flags()) + ") with a "
            + modelMegabytes + " MiB model; the JVMs of one row start together. Total RSS adds up"
            + " the JVMs' VmRSS once all have finished the pipeline, collected garbage and paused,"
            + " holding what the pipeline left loaded (the model stays loaded in the JVM that"
            + " loaded it: the runtime never unloads it on its own);"
            + " total PSS does the same for Pss, which divides shared pages (libjvm, class data)"
            + " among the JVMs; peak RSS is the largest sum sampled every 200 ms while they ran."
            + " Machine-wide: one --sharedDirectory, one JVM hosts the model and the others call"
            + " it. Within each JVM only: --sharedMachineWide=false.",
        List.of("JVMs", "sharing", "model loads", "total RSS (MiB)", "total PSS (MiB)",
            "peak total RSS (MiB)", "elements/s (sum)", "wall s"),
        rows,
        notes);
  }

  private MemoryRun find(Sharing sharing, int jvms) {
    return runs.stream()
        .filter(run -> run.sharing() == sharing && run.jvms() == jvms)
        .findFirst()
        .orElseThrow();
  }

  private static List<String> concat(List<String> list, String element) {
    List<String> all = new ArrayList<>(list);
    all.add(element);
    return all;
  }

  private static long number(Pattern pattern, String log, long missing) {
    Matcher matcher = pattern.matcher(log);
    return matcher.find() ? Long.parseLong(matcher.group(1)) : missing;
  }

  private static String mib(long kib) {
    return Long.toString(Math.round(kib / 1024.0));
  }

  private static String signedMib(long kib) {
    return String.format(Locale.ROOT, "%+d", Math.round(kib / 1024.0));
  }

  private static Path shortTemporaryRoot() {
    Path tmp = Path.of("/tmp");
    return Files.isDirectory(tmp) ? tmp : Path.of(System.getProperty("java.io.tmpdir"));
  }

  private static void progress(String format, Object... args) {
    System.out.printf("[memory] " + format + "%n", args);
  }
}
