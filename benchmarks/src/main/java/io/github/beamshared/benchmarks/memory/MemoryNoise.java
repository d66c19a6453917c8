package io.github.beamshared.benchmarks.memory;

import io.github.beamshared.benchmarks.memory.MemoryBenchmark.JvmMemory;
import io.github.beamshared.benchmarks.memory.MemoryBenchmark.MemoryRun;
import io.github.beamshared.benchmarks.memory.MemoryBenchmark.Sharing;
import java.util.ArrayList;
import java.util.List;

/**
 * How far the resident memory of identical JVMs differs within one benchmark run, and so how large
 * a difference between two growths the noise alone explains.
 *
 * <p>Identical JVMs are those of one row that do the same: every JVM of a baseline row, every JVM
 * of a row sharing within each JVM only, the clients of a machine-wide row; and the repeated
 * one-JVM runs of one configuration. Their standard deviation is pooled over all those groups.
 * JVMs that end up a few MiB apart for no reason of their own are the rule: what the JIT compiled
 * and when, which heap regions and malloc pages were left touched.
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
    List<List<Long>> groups = new ArrayList<>();
    for (MemoryRun run : allRuns) {
      if (run.jvms() > 1) {
        groups.add(run.perJvm().stream()
            .filter(jvm -> run.sharing() != Sharing.MACHINE_WIDE || jvm.modelLoads() == 0)
            .map(JvmMemory::residentKib)
            .toList());
      }
    }
    for (Sharing sharing : Sharing.values()) {
      groups.add(allRuns.stream()
          .filter(run -> run.sharing() == sharing && run.jvms() == 1)
          .map(MemoryRun::residentKib)
          .toList());
    }
    double squares = 0;
    int freedom = 0;
    for (List<Long> group : groups) {
      if (group.size() < 2) {
        continue;
      }
      double mean = group.stream().mapToLong(Long::longValue).average().orElseThrow();
      for (long value : group) {
        squares += (value - mean) * (value - mean);
      }
      freedom += group.size() - 1;
    }
    return new MemoryNoise(freedom == 0 ? Double.NaN : Math.sqrt(squares / freedom), freedom);
  }

  boolean known() {
    return degreesOfFreedom > 0;
  }

  /**
   * Two standard errors of machine-wide total(N) - total(1) minus baseline total(N) - total(1),
   * each total the sum of its JVMs' VmRSS, or the median of {@code repeats} such sums (1 or 3):
   * a difference up to this large is what identical setups differ by in about 19 runs of 20.
   *
   * @param sharedRepeats how often the machine-wide row of N JVMs ran
   * @param baselineRepeats how often the baseline row of N JVMs ran
   * @param oneJvmRepeats how often each one-JVM row, machine-wide and baseline, ran
   */
  double twoStandardErrorsKib(int jvms, int sharedRepeats, int baselineRepeats,
      int oneJvmRepeats) {
    double variance = jvms * (varianceFactor(sharedRepeats) + varianceFactor(baselineRepeats))
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
