package io.github.beamshared.benchmarks;

import io.github.beamshared.benchmarks.compile.ProcessorCostBenchmark;
import io.github.beamshared.benchmarks.memory.MemoryBenchmark;
import io.github.beamshared.benchmarks.report.MachineInfo;
import io.github.beamshared.benchmarks.report.ReportWriter;
import io.github.beamshared.benchmarks.report.ReportWriter.Report;
import io.github.beamshared.benchmarks.report.ReportWriter.Section;
import io.github.beamshared.benchmarks.speed.CrossProcessBenchmarks;
import io.github.beamshared.benchmarks.speed.InProcessBenchmarks;
import io.github.beamshared.benchmarks.throughput.ThroughputBenchmark;
import io.github.beamshared.testsupport.ChildProcesses;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Runs every part of the benchmark suite in order and writes the report ({@code README.md}) and the
 * parts' charts ({@code throughput.png}, {@code memory.png}). Started by {@code benchmarks/run.sh}:
 *
 * <pre>
 * BenchmarkSuite [--quick] [--out DIR] [--only NAME,...]
 * </pre>
 *
 * <p>{@code --quick} runs every part with small sizes, to show that it works; {@code --out} is
 * where the report goes ({@code benchmarks/} by default); {@code --only} runs the named parts (see
 * {@link #PART_NAMES}). A part that fails is reported as failed and the others still run; the exit
 * status is then 1. No measured value ever makes the suite fail.
 */
public final class BenchmarkSuite {

  /** The parts' names, in the order they run. */
  public static final List<String> PART_NAMES =
      List.of("in-process", "cross-process", "throughput", "memory", "memory-synthetic", "compile");

  private static final String USAGE =
      "usage: BenchmarkSuite [--quick] [--out DIR] [--only " + String.join(",", PART_NAMES) + "]";

  /** The command line, as parsed. */
  record Arguments(boolean quick, Path out, Set<String> only) {

    static Arguments parse(String... args) {
      boolean quick = false;
      Path out = Path.of("benchmarks");
      Set<String> only = Set.copyOf(PART_NAMES);
      for (int i = 0; i < args.length; i++) {
        String arg = args[i];
        if (arg.equals("--quick")) {
          quick = true;
        } else if (arg.equals("--out") || arg.equals("--only")) {
          if (i + 1 == args.length) {
            throw new IllegalArgumentException(arg + " needs a value");
          }
          String value = args[++i];
          if (arg.equals("--out")) {
            out = Path.of(value);
          } else {
            only = Set.of(value.split(","));
            if (!PART_NAMES.containsAll(only)) {
              throw new IllegalArgumentException("unknown part in --only " + value);
            }
          }
        } else {
          throw new IllegalArgumentException("unknown argument " + arg);
        }
      }
      return new Arguments(quick, out, only);
    }
  }

  private BenchmarkSuite() {}

  public static void main(String[] args) throws Exception {
    System.setProperty("java.awt.headless", "true");
    Arguments arguments;
    try {
      arguments = Arguments.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.err.println(USAGE);
      System.exit(2);
      return;
    }
    String command =
        System.getProperty("benchmarks.command", "BenchmarkSuite " + String.join(" ", args))
            .strip();
    boolean allPassed = run(arguments, command);
    // Parts may leave non-daemon threads (the DirectRunner's, JMH's) behind.
    System.exit(allPassed ? 0 : 1);
  }

  /** Runs the chosen parts, writes the report; true if no part failed. */
  static boolean run(Arguments arguments, String command) throws Exception {
    Instant started = Instant.now();
    long start = System.nanoTime();
    Map<String, String> machine = MachineInfo.describe();
    Map<String, BenchmarkPart> parts = new LinkedHashMap<>();
    parts.put("in-process", new InProcessBenchmarks());
    parts.put("cross-process", new CrossProcessBenchmarks());
    parts.put("throughput", new ThroughputBenchmark());
    parts.put("memory", MemoryBenchmark.realModel());
    parts.put("memory-synthetic", MemoryBenchmark.syntheticModel());
    parts.put("compile", new ProcessorCostBenchmark());

    Files.createDirectories(arguments.out());
    List<Path> charts = new ArrayList<>();
    for (BenchmarkPart part : parts.values()) {
      if (part.chartFile() != null) {
        // A chart from an earlier run must not sit beside this run's numbers.
        Files.deleteIfExists(arguments.out().resolve(part.chartFile()));
      }
    }
    Path work = Files.createTempDirectory("beam-shared-benchmarks");
    List<Section> sections = new ArrayList<>();
    boolean allPassed = true;
    for (Map.Entry<String, BenchmarkPart> part : parts.entrySet()) {
      String name = part.getKey();
      if (!arguments.only().contains(name)) {
        continue;
      }
      System.out.printf("== %s%s%n", name, arguments.quick() ? " (quick)" : "");
      long partStart = System.nanoTime();
      List<ResultTable> tables = List.of();
      String failure = null;
      String image = null;
      try {
        Path partWork = Files.createDirectories(work.resolve(name));
        tables = part.getValue().run(arguments.quick(), partWork);
        if (tables == null || tables.isEmpty()) {
          failure = "The part returned no table.";
        } else if (part.getValue().chartFile() != null) {
          Path chart = arguments.out().resolve(part.getValue().chartFile());
          part.getValue().writeChart(chart);
          charts.add(chart);
          image = chart.getFileName().toString();
        }
      } catch (Exception | Error e) {
        e.printStackTrace();
        failure = stackTrace(e);
      }
      allPassed &= failure == null;
      sections.add(
          new Section(
              name,
              failure == null ? tables : List.of(),
              failure,
              Duration.ofNanos(System.nanoTime() - partStart),
              image));
    }
    Path readme = arguments.out().resolve("README.md");
    ReportWriter.write(
        new Report(
            started,
            Duration.ofNanos(System.nanoTime() - start),
            command,
            arguments.quick(),
            machine,
            sections),
        readme);
    System.out.println(
        "Wrote "
            + readme.toAbsolutePath()
            + (charts.isEmpty()
                ? ""
                : " and "
                    + charts.stream()
                        .map(Path::toAbsolutePath)
                        .map(Path::toString)
                        .collect(Collectors.joining(", "))));
    if (allPassed) {
      ChildProcesses.deleteTree(work);
    } else {
      System.out.println("A part failed; its files and child JVM logs are kept in " + work);
    }
    return allPassed;
  }

  /** The exception's first lines: enough to see what failed, short enough for the report. */
  private static String stackTrace(Throwable failure) {
    StringWriter text = new StringWriter();
    failure.printStackTrace(new PrintWriter(text));
    String[] lines = text.toString().split("\n");
    return String.join("\n", Arrays.copyOf(lines, Math.min(lines.length, 25)));
  }
}
