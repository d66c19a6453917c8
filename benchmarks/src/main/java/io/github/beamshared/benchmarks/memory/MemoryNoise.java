package io.github.beamshared.benchmarks.memory;

import io.github.beamshared.benchmarks.memory.MemoryBenchmark.MemoryRun;
import io.github.beamshared.benchmarks.memory.MemoryBenchmark.Sharing;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * How far the resident memory of identical JVMs differs within one benchmark run, and so how large
 * a difference between two growths the noise alone explains.
 *
 * <p>Only the kinds of JVM that a growth difference adds up count: every JVM of a baseline row, the
 * clients of a machine-wide row, and, through the repeated runs of a row, the host beside them (the
 * spread of a repeated row's totals, divided by the square root of its JVM count, is one JVM's).
 * Rows that share within each JVM only are left out: each of their JVMs holds a model, and their
 * heaps differ more than the JVMs the goal compares. The standard deviation is pooled over all
 * those groups. JVMs that end up a few MiB apart for no reason of their own are the rule: what the
 * JIT compiled and when, which heap regions and malloc pages were left touched.
 *
 * @param standardDeviationKib the pooled standard deviation of one JVM's VmRSS
 * @param degreesOfFreedom the JVMs it was estimated from, less one per group; 0 if none
 */
record MemoryNoise(double standardDeviationKib, int degreesOfFreedom) {

  /**
   * The variance of the median of 3 samples of a normal distribution, as a fraction of one
   * sample's: the goal's rows that run 3 times count with their median.
   */
  private static final double MEDIAN_OF_3_VARIANCE = 0.449;

  static MemoryNoise of(List<MemoryRun> allRuns) {
    List<MemoryRun> compared =
        allRuns.stream().filter(run -> run.sharing() != Sharing.PER_JVM).toList();
    List<List<Double>> groups = new ArrayList<>();
    for (MemoryRun run : compared) {
      groups.add(
          run.perJvm().stream()
              .filter(jvm -> run.sharing() == Sharing.BASELINE || jvm.modelLoads() == 0)
              .map(jvm -> (double) jvm.residentKib())
              .toList());
    }
    Map<Row, List<MemoryRun>> rows =
        compared.stream().collect(Collectors.groupingBy(run -> new Row(run.sharing(), run.jvms())));
    for (List<MemoryRun> repeats : rows.values()) {
      groups.add(repeats.stream().map(run -> run.residentKib() / Math.sqrt(run.jvms())).toList());
    }
    double squares = 0;
    int freedom = 0;
    for (List<Double> group : groups) {
      if (group.size() < 2) {
        continue;
      }
      double mean = group.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
      for (double value : group) {
        squares += (value - mean) * (value - mean);
      }
      freedom += group.size() - 1;
    }
    return new MemoryNoise(freedom == 0 ? Double.NaN : Math.sqrt(squares / freedom), freedom);
  }

  /** The runs of one row of the report, repeated or not. */
  private record Row(Sharing sharing, int jvms) {}

  boolean known() {
    return degreesOfFreedom > 0;
  }

  /**
   * Two standard errors of machine-wide total(N) - total(1) minus baseline total(N) - total(1),
   * each total the sum of its JVMs' VmRSS, or the median of {@code repeats} such sums (1 or 3): a
   * difference up to this large is what identical setups differ by in about 19 runs of 20.
   *
   * @param sharedRepeats how often the machine-wide row of N JVMs ran
   * @param baselineRepeats how often the baseline row of N JVMs ran
   * @param oneJvmRepeats how often each one-JVM row, machine-wide and baseline, ran
   */
  double twoStandardErrorsKib(int jvms, int sharedRepeats, int baselineRepeats, int oneJvmRepeats) {
    double variance =
        jvms * (varianceFactor(sharedRepeats) + varianceFactor(baselineRepeats))
            + 2 * varianceFactor(oneJvmRepeats);
    return 2 * standardDeviationKib * Math.sqrt(variance);
  }

  private static double varianceFactor(int repeats) {
    return switch (repeats) {
      case 1 -> 1;
      case 3 -> MEDIAN_OF_3_VARIANCE;
      default -> throw new IllegalArgumentException("Rows run once or 3 times, not " + repeats);
    };
  }
}
