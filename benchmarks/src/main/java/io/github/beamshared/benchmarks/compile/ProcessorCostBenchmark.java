package io.github.beamshared.benchmarks.compile;

import io.github.beamshared.benchmarks.BenchmarkPart;
import io.github.beamshared.benchmarks.ResultTable;
import io.github.beamshared.testsupport.ChildProcesses;
import java.io.File;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Part 5: what the annotation processor adds to a build. A module of 50 annotated DoFns (see {@link
 * DoFnSources}) is compiled by {@code javac}, each time in a fresh JVM, once with the processor on
 * {@code -processorpath} (as Maven's {@code annotationProcessorPaths} puts it) and once with {@code
 * -proc:none}; the two alternate so that drift in the machine's load hits both.
 */
public final class ProcessorCostBenchmark implements BenchmarkPart {

  static final int DO_FNS = 50;
  static final int QUICK_DO_FNS = 3;
  static final int RUNS = 5;
  static final int QUICK_RUNS = 1;

  /** What {@code beam-shared-processor} needs at compile time: itself and its dependencies. */
  private static final List<String> PROCESSOR_PATH_CLASSES =
      List.of(
          "io.github.beamshared.processor.SharedProcessor",
          "io.github.beamshared.Shared",
          "com.palantir.javapoet.JavaFile",
          "com.google.auto.common.MoreElements",
          "com.google.common.collect.ImmutableList",
          "com.google.common.util.concurrent.internal.InternalFutureFailureAccess");

  private static final long JAVAC_TIMEOUT_SECONDS = 300;

  private enum Variant {
    PROCESSOR("with the processor"),
    NONE("without (-proc:none)");

    final String label;

    Variant(String label) {
      this.label = label;
    }
  }

  @Override
  public List<ResultTable> run(boolean quick, Path work) throws Exception {
    int doFns = quick ? QUICK_DO_FNS : DO_FNS;
    int runs = quick ? QUICK_RUNS : RUNS;
    List<Path> sources = DoFnSources.write(work.resolve("src"), doFns);
    Path argFile = work.resolve("sources.txt");
    Files.write(
        argFile,
        sources.stream().map(path -> quoted(path.toString())).toList(),
        StandardCharsets.UTF_8);
    String processorPath = processorPath();

    if (!quick) {
      // Not reported: fills the page cache with the JDK's and the class path's jars.
      progress("warm-up: one compilation of each kind");
      for (Variant variant : Variant.values()) {
        compile(
            variant,
            work.resolve("warm-up-" + variant.name().toLowerCase(Locale.ROOT)),
            argFile,
            processorPath,
            doFns);
      }
    }
    List<Double> withProcessor = new ArrayList<>();
    List<Double> without = new ArrayList<>();
    for (int run = 0; run < runs; run++) {
      List<Variant> order =
          run % 2 == 0
              ? List.of(Variant.PROCESSOR, Variant.NONE)
              : List.of(Variant.NONE, Variant.PROCESSOR);
      for (Variant variant : order) {
        double seconds =
            compile(
                variant,
                work.resolve("run-" + run + "-" + variant.name().toLowerCase(Locale.ROOT)),
                argFile,
                processorPath,
                doFns);
        (variant == Variant.PROCESSOR ? withProcessor : without).add(seconds);
        progress("%d DoFns %s: %.2f s", doFns, variant.label, seconds);
      }
    }
    return List.of(table(doFns, withProcessor, without));
  }

  /** Compiles the module in a fresh javac JVM and returns its wall time in seconds. */
  private static double compile(
      Variant variant, Path dir, Path argFile, String processorPath, int doFns) throws Exception {
    Path classes = dir.resolve("classes");
    Path generated = dir.resolve("generated");
    Files.createDirectories(classes);
    Files.createDirectories(generated);
    List<String> command =
        new ArrayList<>(
            List.of(
                ChildProcesses.jdkTool("javac").toString(),
                "--release",
                "17",
                "-encoding",
                "UTF-8",
                "-d",
                classes.toString(),
                "-s",
                generated.toString(),
                "-classpath",
                ChildProcesses.classPath()));
    if (variant == Variant.PROCESSOR) {
      command.addAll(List.of("-processorpath", processorPath));
    } else {
      command.add("-proc:none");
    }
    command.add("@" + argFile);
    Path log = dir.resolve("javac.log");
    Process javac = null;
    long start = System.nanoTime();
    try {
      javac =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .start();
      if (!javac.waitFor(JAVAC_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        throw new IllegalStateException(
            "javac ran over " + JAVAC_TIMEOUT_SECONDS + " s; see " + log);
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      if (javac.exitValue() != 0) {
        throw new IllegalStateException(
            "javac " + variant.label + " failed:\n" + ChildProcesses.tail(log, 40));
      }
      long generatedDoFns = countGenerated(generated);
      long expected = variant == Variant.PROCESSOR ? doFns : 0;
      if (generatedDoFns != expected) {
        throw new IllegalStateException(
            "javac "
                + variant.label
                + " generated "
                + generatedDoFns
                + " _Shared classes where "
                + expected
                + " were expected");
      }
      return seconds;
    } finally {
      if (javac != null) {
        ChildProcesses.destroyAll(List.of(javac));
      }
    }
  }

  private static long countGenerated(Path generated) throws Exception {
    try (var files = Files.walk(generated)) {
      return files.filter(file -> file.getFileName().toString().endsWith("_Shared.java")).count();
    }
  }

  private static ResultTable table(int doFns, List<Double> withProcessor, List<Double> without) {
    double processorMedian = median(withProcessor);
    double noneMedian = median(without);
    List<List<String>> rows =
        List.of(row(Variant.PROCESSOR, withProcessor, doFns), row(Variant.NONE, without, doFns));
    List<String> notes =
        List.of(
            String.format(
                Locale.ROOT,
                "Ratio of the medians: %.2f (with the processor / without); the processor adds %.2f s,"
                    + " %.0f ms per DoFn.",
                processorMedian / noneMedian,
                processorMedian - noneMedian,
                (processorMedian - noneMedian) * 1000 / doFns),
            "The time with the processor includes compiling the "
                + doFns
                + " generated _Shared"
                + " classes; both include starting javac's JVM.");
    return new ResultTable(
        "Compile time: " + doFns + " annotated DoFns with and without the processor",
        "javac ("
            + Runtime.version().feature()
            + ", a fresh JVM per compilation) compiles a"
            + " module of "
            + doFns
            + " DoFns, half with @Shared and half with"
            + " @MultiProcessShared, each with an interface of three methods, against the"
            + " benchmarks' class path; with beam-shared-processor and its dependencies on"
            + " -processorpath, and with -proc:none. The two kinds alternate.",
        List.of("compilation", "DoFns", "runs", "median s", "min s", "max s"),
        rows,
        notes);
  }

  private static List<String> row(Variant variant, List<Double> seconds, int doFns) {
    return List.of(
        variant.label,
        Integer.toString(doFns),
        Integer.toString(seconds.size()),
        format(median(seconds)),
        format(seconds.stream().mapToDouble(d -> d).min().orElseThrow()),
        format(seconds.stream().mapToDouble(d -> d).max().orElseThrow()));
  }

  /** The jars (or class directories) holding the processor and what it loads. */
  private static String processorPath() throws ClassNotFoundException, URISyntaxException {
    Set<String> entries = new LinkedHashSet<>();
    ClassLoader loader = ProcessorCostBenchmark.class.getClassLoader();
    for (String name : PROCESSOR_PATH_CLASSES) {
      Class<?> type = Class.forName(name, false, loader);
      entries.add(
          Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString());
    }
    return entries.stream().collect(Collectors.joining(File.pathSeparator));
  }

  private static double median(List<Double> values) {
    double[] sorted = values.stream().mapToDouble(d -> d).sorted().toArray();
    int middle = sorted.length / 2;
    return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
  }

  private static String format(double seconds) {
    return String.format(Locale.ROOT, "%.2f", seconds);
  }

  /** A javac @argfile entry: quoted, with backslashes doubled. */
  private static String quoted(String path) {
    return '"' + path.replace("\\", "\\\\") + '"';
  }

  private static void progress(String format, Object... args) {
    System.out.printf("[compile] " + format + "%n", args);
  }
}
