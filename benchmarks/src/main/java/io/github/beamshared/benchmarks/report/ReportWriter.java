package io.github.beamshared.benchmarks.report;

import io.github.beamshared.benchmarks.ResultTable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

/** Writes the suite's results as benchmarks/README.md: how to run, the machine, every table. */
public final class ReportWriter {

  /**
   * One part's outcome.
   *
   * @param name the part's name in the suite (also written as an HTML comment, for tests)
   * @param tables what the part measured; empty if it failed
   * @param failure why the part failed, or null
   * @param time how long the part ran
   * @param image a file next to the report to show after the part's tables, or null
   */
  public record Section(
      String name, List<ResultTable> tables, String failure, Duration time, String image) {}

  /**
   * One run of the suite.
   *
   * @param command the command line that started it, as the user typed it
   * @param machine name-to-value lines about the machine (see {@link MachineInfo})
   */
  public record Report(
      Instant started,
      Duration wallTime,
      String command,
      boolean quick,
      Map<String, String> machine,
      List<Section> sections) {}

  private static final String TITLE =
      """
      # beam-shared benchmarks

      Written by `%s` on %s; every number in this file and in its charts \
      (`throughput.png`, `memory.png`) was measured by that run. Do not edit: the next run \
      rewrites them.
      """;
  private static final String QUICK_RUN =
      """
      > **Quick run.** Small sizes and single repetitions, only to show that every part works: \
      these are not benchmark results. Run `benchmarks/run.sh` without `--quick` for them.
      """;
  private static final String HOW_TO_RUN =
      """
      ## How to run

      ```bash
      benchmarks/run.sh              # the whole suite: rewrites this README.md and the charts
      benchmarks/run.sh --quick      # small sizes: only shows that every part works
      benchmarks/run.sh --out DIR    # writes README.md and the charts to DIR instead
      benchmarks/run.sh --only throughput,memory   # some parts only
      ```

      `run.sh` needs JDK 17 and Maven. It builds the modules the benchmarks need
      (`mvn -B -q -pl benchmarks -am package -DskipTests`) and runs
      `io.github.beamshared.benchmarks.BenchmarkSuite` on the module's runtime class path. The
      parts run one after the other: the speed of guarded and cross-process calls first, then
      the throughput of the sample's real model shared by DoFn threads and JVMs, then memory,
      then the cost of the annotation processor. Run it on an otherwise idle machine.
      The benchmarks are not part of `mvn -B verify`, and no number ever fails a build; the
      smoke test `BenchmarkSuiteSmokeTest` runs the quick suite and checks that this report and
      the charts get written.

      ## This run

      """;
  private static final String FAILED =
      """
      ## %s: failed

      This part failed after %s, so it reports nothing:

      ```
      %s
      ```
      """;

  private ReportWriter() {}

  public static void write(Report report, Path file) throws IOException {
    Files.writeString(file, render(report), StandardCharsets.UTF_8);
  }

  static String render(Report report) {
    StringBuilder md = new StringBuilder();
    md.append(
            TITLE
                .formatted(report.command(), report.started().truncatedTo(ChronoUnit.SECONDS))
                .strip())
        .append("\n\n");
    if (report.quick()) {
      md.append(QUICK_RUN.strip()).append("\n\n");
    }
    md.append(HOW_TO_RUN);
    md.append("| | |\n|---|---|\n");
    row(md, List.of("command", "`" + report.command() + "`"));
    row(md, List.of("started", report.started().truncatedTo(ChronoUnit.SECONDS) + " (UTC)"));
    row(md, List.of("wall time", duration(report.wallTime())));
    report.machine().forEach((name, value) -> row(md, List.of(name, value)));
    md.append('\n');

    for (Section section : report.sections()) {
      md.append("<!-- part: ").append(section.name()).append(" -->\n");
      if (section.failure() != null) {
        md.append(
                FAILED
                    .formatted(section.name(), duration(section.time()), section.failure().strip())
                    .strip())
            .append("\n\n");
        continue;
      }
      for (ResultTable table : section.tables()) {
        table(md, table);
      }
      if (section.image() != null) {
        md.append("![")
            .append(section.name())
            .append(" chart](")
            .append(section.image())
            .append(")\n\n");
      }
      md.append("_Part `")
          .append(section.name())
          .append("` took ")
          .append(duration(section.time()))
          .append("._\n\n");
    }
    return md.toString();
  }

  /** {@code table} as a Markdown section: heading, description, table and notes. */
  public static String markdown(ResultTable table) {
    StringBuilder md = new StringBuilder();
    table(md, table);
    return md.toString();
  }

  private static void table(StringBuilder md, ResultTable table) {
    md.append("## ").append(table.title()).append("\n\n");
    if (table.description() != null && !table.description().isBlank()) {
      md.append(table.description().strip()).append("\n\n");
    }
    row(md, table.columns());
    md.append('|').append("---|".repeat(table.columns().size())).append('\n');
    for (List<String> cells : table.rows()) {
      row(md, cells);
    }
    md.append('\n');
    if (table.notes() != null && !table.notes().isEmpty()) {
      for (String note : table.notes()) {
        md.append("- ").append(note.strip().replace("\n", " ")).append('\n');
      }
      md.append('\n');
    }
  }

  private static void row(StringBuilder md, List<String> cells) {
    md.append('|');
    for (String cell : cells) {
      md.append(' ').append(cell.replace("|", "\\|").replace("\n", " ")).append(" |");
    }
    md.append('\n');
  }

  static String duration(Duration time) {
    long seconds = Math.round(time.toMillis() / 1000.0);
    return seconds < 60 ? seconds + " s" : seconds / 60 + " min " + seconds % 60 + " s";
  }
}
