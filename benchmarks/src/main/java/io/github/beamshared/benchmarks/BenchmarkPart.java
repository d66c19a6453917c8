package io.github.beamshared.benchmarks;

import io.github.beamshared.benchmarks.report.ReportWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/** One part of the suite. Parts run one after the other, each measuring beside its baseline. */
public interface BenchmarkPart {

  /**
   * Measures and returns the tables to report.
   *
   * @param quick a run of seconds that only proves the part works (the smoke test's)
   * @param work a directory for the part's files and child processes' output
   */
  List<ResultTable> run(boolean quick, Path work) throws Exception;

  /** The file name of the chart this part draws next to the report, or null if none. */
  default String chartFile() {
    return null;
  }

  /** Draws the chart of the last {@link #run} into {@code png}. */
  default void writeChart(Path png) throws Exception {
    throw new UnsupportedOperationException("this part draws no chart");
  }

  /**
   * Runs {@code part} alone and prints its tables, for a part's own {@code main}: {@code [--quick]
   * [work directory]}, the work directory by default target/speed-work.
   */
  static void runAlone(BenchmarkPart part, String[] args) throws Exception {
    boolean quick = Arrays.asList(args).contains("--quick");
    Path work =
        Arrays.stream(args)
            .filter(a -> !a.startsWith("--"))
            .findFirst()
            .map(Path::of)
            .orElse(Path.of("target", "speed-work"));
    for (ResultTable table : part.run(quick, work)) {
      System.out.print(ReportWriter.markdown(table));
    }
  }
}
