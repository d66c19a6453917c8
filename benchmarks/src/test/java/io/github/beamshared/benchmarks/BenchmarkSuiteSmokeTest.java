package io.github.beamshared.benchmarks;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The benchmark command works: the suite, run in quick mode in a JVM of its own as {@code
 * benchmarks/run.sh --quick} runs it, exits cleanly and writes a report with every part's tables
 * and charts. Checks no measured value.
 */
@Timeout(480)
class BenchmarkSuiteSmokeTest {

  private static final long SUITE_TIMEOUT_SECONDS = 420;
  private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

  @Test
  void quickSuiteWritesTheReportAndTheCharts(@TempDir Path out) throws Exception {
    Path log = out.resolve("suite.log");
    List<String> command =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Djava.awt.headless=true",
                "-Dbenchmarks.command=benchmarks/run.sh --quick"));
    String rendezvous = System.getProperty("beamshared.dir");
    if (rendezvous != null) {
      command.add("-Dbeamshared.dir=" + rendezvous);
    }
    command.addAll(
        List.of(
            "-cp",
            System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")),
            BenchmarkSuite.class.getName(),
            "--quick",
            "--out",
            out.toString()));
    Process suite =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    try {
      assertTrue(
          suite.waitFor(SUITE_TIMEOUT_SECONDS, TimeUnit.SECONDS),
          "the quick suite did not finish in " + SUITE_TIMEOUT_SECONDS + " s:\n" + tail(log));
      assertEquals(0, suite.exitValue(), "the quick suite failed:\n" + tail(log));
    } finally {
      suite.destroyForcibly();
      suite.waitFor(10, TimeUnit.SECONDS);
    }

    String readme = Files.readString(out.resolve("README.md"), StandardCharsets.UTF_8);
    assertTrue(readme.contains("## This run"), readme);
    assertTrue(readme.contains("| command | `benchmarks/run.sh --quick` |"), readme);
    assertTrue(readme.contains("**Quick run.**"), readme);
    assertFalse(readme.contains("\n\n\n"), "a template's line ends were not stripped\n" + readme);
    for (String part : BenchmarkSuite.PART_NAMES) {
      String marker = "<!-- part: " + part + " -->";
      assertTrue(readme.contains(marker), "no section for part " + part + "\n" + readme);
      String section = readme.substring(readme.indexOf(marker));
      assertFalse(section.startsWith(marker + "\n## " + part + ": failed"), section);
      assertTrue(section.contains("\n|---|"), "part " + part + " wrote no table\n" + section);
    }
    assertTrue(readme.contains("## Throughput:"), readme);
    assertTrue(readme.contains("## Memory:"), readme);
    assertTrue(readme.contains("## Compile time:"), readme);
    for (String[] chart :
        new String[][] {
          {"throughput", "throughput.png"},
          {"memory", "memory.png"},
          {"memory-synthetic", "memory-synthetic.png"}
        }) {
      assertTrue(readme.contains("![" + chart[0] + " chart](" + chart[1] + ")"), readme);
      Path png = out.resolve(chart[1]);
      assertTrue(Files.size(png) > 1000, png + " is too small to hold a chart");
      try (InputStream in = Files.newInputStream(png)) {
        assertArrayEquals(PNG_SIGNATURE, in.readNBytes(PNG_SIGNATURE.length), "not a PNG file");
      }
    }
  }

  private static String tail(Path log) throws Exception {
    List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
    return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
  }
}
