package io.github.beamshared.benchmarks.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.github.beamshared.benchmarks.memory.MemoryBenchmark.JvmMemory;
import io.github.beamshared.benchmarks.memory.MemoryBenchmark.MemoryRun;
import io.github.beamshared.benchmarks.memory.MemoryBenchmark.Sharing;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class MemoryNoiseTest {

  @Test
  void poolsTheComparedJvmsOfEachRowAndTheRepeatedRows() {
    List<MemoryRun> runs =
        List.of(
            // one baseline row: deviations -2, +2 around 100
            run(Sharing.BASELINE, jvm(98, 1), jvm(102, 1)),
            // a machine-wide row: the host is no client and counts not; deviations -1, +1 around 60
            run(Sharing.MACHINE_WIDE, jvm(700, 1), jvm(59, 0), jvm(61, 0)),
            // three runs of one baseline JVM: deviations -3, 0, +3 around 50
            run(Sharing.BASELINE, jvm(47, 1)),
            run(Sharing.BASELINE, jvm(50, 1)),
            run(Sharing.BASELINE, jvm(53, 1)),
            // two runs of 4 machine-wide JVMs: totals 904 and 912, one JVM's deviations -2, +2
            run(Sharing.MACHINE_WIDE, jvm(700, 1), jvm(68, 0), jvm(68, 0), jvm(68, 0)),
            run(Sharing.MACHINE_WIDE, jvm(700, 1), jvm(70, 0), jvm(70, 0), jvm(72, 0)),
            // rows sharing within each JVM only count not
            run(Sharing.PER_JVM, jvm(800, 1), jvm(900, 1)),
            run(Sharing.PER_JVM, jvm(700, 1)));

    MemoryNoise noise = MemoryNoise.of(runs);

    // baseline row, 3-JVM clients, repeated one-JVM runs, repeated 4-JVM totals / 2, and the
    // clients of each 4-JVM run (0 around 68, and 70, 70, 72)
    double squares = (4 + 4) + (1 + 1) + (9 + 0 + 9) + (4 + 4) + 0 + squares(70, 70, 72);
    int freedom = 1 + 1 + 2 + 1 + 2 + 2;
    assertEquals(Math.sqrt(squares / freedom), noise.standardDeviationKib(), 1e-9);
    assertEquals(freedom, noise.degreesOfFreedom());
  }

  @Test
  void theStandardErrorAddsEveryJvmOfBothRowsAndLessForMedians() {
    MemoryNoise noise = new MemoryNoise(10, 30);

    // 8 JVMs in each row at N, run once; the one-JVM rows are medians of 3
    assertEquals(
        2 * 10 * Math.sqrt(8 + 8 + 2 * 0.449), noise.twoStandardErrorsKib(8, 1, 1, 3), 1e-9);
    // 2 JVMs, every row the median of 3
    assertEquals(
        2 * 10 * Math.sqrt(2 * 0.449 + 2 * 0.449 + 2 * 0.449),
        noise.twoStandardErrorsKib(2, 3, 3, 3),
        1e-9);
  }

  @Test
  void withoutIdenticalJvmsTheNoiseIsUnknown() {
    MemoryNoise noise =
        MemoryNoise.of(
            List.of(
                run(Sharing.BASELINE, jvm(100, 1)),
                run(Sharing.MACHINE_WIDE, jvm(700, 1), jvm(100, 0))));

    assertFalse(noise.known());
  }

  private static double squares(double... values) {
    double mean = Arrays.stream(values).average().orElseThrow();
    return Arrays.stream(values).map(value -> (value - mean) * (value - mean)).sum();
  }

  private static MemoryRun run(Sharing sharing, JvmMemory... jvms) {
    return new MemoryRun(sharing, MemoryModel.miniLm(), Arrays.asList(jvms), 0, 0, 0, 0);
  }

  private static JvmMemory jvm(long residentKib, int modelLoads) {
    return new JvmMemory(residentKib, residentKib, 20, modelLoads);
  }
}
