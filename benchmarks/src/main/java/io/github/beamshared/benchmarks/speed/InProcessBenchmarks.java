package io.github.beamshared.benchmarks.speed;

import io.github.beamshared.benchmarks.BenchmarkPart;
import io.github.beamshared.benchmarks.ResultTable;
import io.github.beamshared.benchmarks.Stats;
import io.github.beamshared.testsupport.ChildProcesses;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * The cost of sharing inside one JVM: the generated guard and an acquire of a loaded tag, with JMH
 * ({@link GuardBenchmark}, one fork), and the throughput of many threads behind one guard ({@link
 * LockContention}).
 */
public final class InProcessBenchmarks implements BenchmarkPart {

  static final double GUARD_GOAL_NANOS = 50;
  static final double ACQUIRE_GOAL_NANOS = 1_000;
  static final double CONTENTION_GOAL = 0.95;
  static final int CONTENTION_THREADS = 8;

  public InProcessBenchmarks() {}

  @Override
  public List<ResultTable> run(boolean quick, Path work) throws Exception {
    Files.createDirectories(work);
    return List.of(overhead(quick, work), contention(quick));
  }

  private ResultTable overhead(boolean quick, Path work) throws Exception {
    Path log = work.resolve("jmh-in-process.log");
    Options options =
        new OptionsBuilder()
            .include("^" + Pattern.quote(GuardBenchmark.class.getName()) + "\\.")
            .forks(1)
            .threads(1)
            .warmupIterations(quick ? 1 : 3)
            .warmupTime(quick ? TimeValue.milliseconds(100) : TimeValue.seconds(1))
            .measurementIterations(quick ? 2 : 5)
            .measurementTime(quick ? TimeValue.milliseconds(100) : TimeValue.seconds(1))
            .jvmArgsAppend("-Xmx256m", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn")
            .shouldFailOnError(true)
            .output(log.toString())
            .build();
    Map<String, Result<?>> scores = new HashMap<>();
    for (RunResult result : runJmh(options)) {
      String benchmark = result.getParams().getBenchmark();
      scores.put(benchmark.substring(benchmark.lastIndexOf('.') + 1), result.getPrimaryResult());
    }
    for (String name : List.of("direct", "guarded", "acquireLoaded", "mapLookup")) {
      if (!scores.containsKey(name)) {
        throw new IllegalStateException("JMH returned no result for " + name + "; see " + log);
      }
    }
    Result<?> direct = scores.get("direct");
    Result<?> guarded = scores.get("guarded");
    Result<?> acquire = scores.get("acquireLoaded");
    Result<?> lookup = scores.get("mapLookup");
    double guardAdded = guarded.getScore() - direct.getScore();
    double acquireAdded = acquire.getScore() - lookup.getScore();
    boolean guardMet = guardAdded < GUARD_GOAL_NANOS;
    boolean acquireMet = acquire.getScore() < ACQUIRE_GOAL_NANOS;
    long iterations = guarded.getStatistics().getN();
    List<List<String>> rows =
        List.of(
            List.of(
                "call through the generated GuardedScorer",
                withError(guarded),
                "direct call on the same object",
                withError(direct),
                difference(guarded, direct),
                Stats.ratio(guarded.getScore() / direct.getScore()),
                "adds < 50 ns",
                Stats.yesNo(guardMet)),
            List.of(
                "SharedResources.jvmWide + release, tag already loaded",
                withError(acquire),
                "ConcurrentHashMap.computeIfAbsent, key present",
                withError(lookup),
                difference(acquire, lookup),
                Stats.ratio(acquire.getScore() / lookup.getScore()),
                "< 1 µs",
                Stats.yesNo(acquireMet)));
    List<String> notes = new ArrayList<>();
    notes.add(
        "Goal: the guard adds under 50 ns to an uncontended call: "
            + (guardMet ? "met" : "NOT met")
            + " ("
            + Stats.number(guardAdded)
            + " ns added).");
    notes.add(
        "Goal: acquiring an already loaded tag takes under 1 µs: "
            + (acquireMet ? "met" : "NOT met")
            + " ("
            + Stats.number(acquire.getScore())
            + " ns; "
            + Stats.number(acquireAdded)
            + " ns more than the map lookup).");
    notes.add(
        "JMH 1.37, average time, 1 thread, 1 fork, "
            + iterations
            + " measured iterations of "
            + (quick ? "0.1 s (quick run: numbers are indicative only)" : "1 s")
            + "; ± is JMH's"
            + " 99.9% confidence interval, and the difference's error adds both in quadrature.");
    notes.add(
        "The uncontended guard is a ReentrantLock tryLock, a volatile counter increment and"
            + " an unlock; the resource is a one-line method, so the ratio shows the guard, not a"
            + " realistic call. 2-core machine: expect a few ns of run-to-run noise.");
    return new ResultTable(
        "In-process: guarded call and acquire (JMH)",
        "A call through the lock-guarded wrapper the processor generates for a threadSafe = false"
            + " @Shared field, beside a direct call on the same object; and the acquire + release"
            + " of an already loaded tag, beside a concurrent map lookup. One thread, no"
            + " contention, ns per operation.",
        List.of(
            "Operation", "ns/op", "Baseline", "Baseline ns/op", "Added ns", "Ratio", "Goal", "Met"),
        rows,
        notes);
  }

  /**
   * Runs JMH. Its forked JVM gets {@code java.class.path}, which under a class loader of its own
   * (e.g. {@code mvn exec:java}) is not this module's class path, so it is set for the run.
   */
  private static Collection<RunResult> runJmh(Options options) throws Exception {
    String original = System.getProperty("java.class.path");
    System.setProperty("java.class.path", ChildProcesses.classPath());
    try {
      return new Runner(options).run();
    } finally {
      System.setProperty("java.class.path", original);
    }
  }

  private ResultTable contention(boolean quick) throws InterruptedException {
    Duration warmup = Duration.ofMillis(quick ? 100 : 500);
    Duration window = Duration.ofMillis(quick ? 300 : 3_000);
    List<List<String>> rows = new ArrayList<>();
    List<String> notes = new ArrayList<>();
    boolean goalMet = true;
    long overlaps = 0;
    for (long modelNanos : new long[] {1_000_000, 100_000}) {
      LockContention.Result result =
          LockContention.measure(modelNanos, CONTENTION_THREADS, warmup, window);
      double ofIdeal = result.guardedPerSecond() / result.idealPerSecond();
      boolean goal = modelNanos == 1_000_000;
      boolean met = ofIdeal >= CONTENTION_GOAL;
      if (goal) {
        goalMet = met;
      }
      overlaps += result.overlaps();
      long[] perThread = result.perThread().clone();
      Arrays.sort(perThread);
      rows.add(
          List.of(
              Stats.number(modelNanos / 1e6) + " ms",
              Integer.toString(result.threads()),
              Stats.count(result.guardedPerSecond()),
              Stats.count(result.directPerSecond()),
              Stats.count(result.idealPerSecond()),
              Stats.number(ofIdeal),
              Stats.number(result.guardedPerSecond() / result.directPerSecond()),
              perThread[0] + " – " + perThread[perThread.length - 1],
              goal ? "≥ 0.95 of ideal" : "(none)",
              goal ? Stats.yesNo(met) : "–"));
    }
    notes.add(
        "Goal: "
            + CONTENTION_THREADS
            + " threads sharing one non-thread-safe model that"
            + " needs 1 ms per call reach at least 0.95 of the ideal 1,000 calls/s: "
            + (goalMet ? "met." : "NOT met."));
    notes.add(
        "The model busy-spins on System.nanoTime (no sleep); calls that overlapped another"
            + " (must be 0, or the guard failed): "
            + overlaps
            + ".");
    notes.add(
        "Baseline: one thread calling the model directly, measured just before in the same"
            + " run; its rate is slightly below the ideal because each call also reads the clock and"
            + " returns. "
            + (quick
                ? "Quick run: 0.3 s windows, indicative only."
                : "3 s windows after" + " a 0.5 s warm-up."));
    notes.add(
        "The tag's lock is not fair (a releasing thread may take it again at once); the"
            + " min – max column shows how evenly the threads got the model. 2-core machine: the "
            + CONTENTION_THREADS
            + " threads mostly wait parked, but other processes can preempt the"
            + " spinning thread, which costs throughput directly.");
    return new ResultTable(
        "In-process: " + CONTENTION_THREADS + " threads on one guarded model",
        CONTENTION_THREADS
            + " threads, each with its own generated DoFn, call one non-thread-safe"
            + " @Shared model through the generated guard; each call spins for a fixed time."
            + " Throughput against the ideal of one call per model time.",
        List.of(
            "Model time per call",
            "Threads",
            "Calls/s through the guard",
            "Baseline: 1 thread direct, calls/s",
            "Ideal calls/s",
            "Fraction of ideal",
            "Ratio to baseline",
            "Calls per thread (min – max)",
            "Goal",
            "Met"),
        rows,
        notes);
  }

  private static String withError(Result<?> result) {
    double error = result.getScoreError();
    return Stats.number(result.getScore())
        + (Double.isNaN(error) ? "" : " ± " + Stats.number(error));
  }

  private static String difference(Result<?> a, Result<?> b) {
    double error = Math.sqrt(square(a.getScoreError()) + square(b.getScoreError()));
    return Stats.number(a.getScore() - b.getScore())
        + (Double.isNaN(error) ? "" : " ± " + Stats.number(error));
  }

  private static double square(double value) {
    return value * value;
  }

  /** Runs the part and prints its tables: {@code [--quick] [work directory]}. */
  public static void main(String[] args) throws Exception {
    BenchmarkPart.runAlone(new InProcessBenchmarks(), args);
  }
}
