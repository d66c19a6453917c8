package io.github.beamshared.sample;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sample pipeline run as four JVMs at once against one tag, as four executors of a machine
 * would: one of them loads the model, the others call it in that JVM.
 */
@Timeout(300)
class MachineWideSampleTest {

  private static final int JVMS = 4;
  private static final Pattern LOADS = Pattern.compile("model loads: +(\\d+)");
  private static final Pattern ELEMENTS = Pattern.compile("sentences: +(\\d+)");

  @Test
  void fourJvmsRunningTheSampleLoadTheModelOnce(@TempDir Path dir) throws Exception {
    // Short: the rendezvous directory holds Unix domain sockets, whose paths are limited.
    Path rendezvous = Files.createTempDirectory(Path.of("/tmp"), "bs-sample");
    List<Process> jvms = new ArrayList<>();
    try {
      for (int i = 0; i < JVMS; i++) {
        jvms.add(
            new ProcessBuilder(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx512m",
                    "-cp",
                    classPath(),
                    EmbedPipeline.class.getName(),
                    "--sharedDirectory=" + rendezvous,
                    "--targetParallelism=4",
                    // The real model makes this test take 70 s on a 2-core machine: 4 x 1500 calls
                    // of a few ms each, all through the one host.
                    "--model=synthetic",
                    "--modelMegabytes=32",
                    "--weightsPath=" + dir.resolve("weights.f32"),
                    "--output=" + dir.resolve("embeddings-" + i))
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("jvm-" + i + ".log").toFile())
                .start());
      }
      int loads = 0;
      for (int i = 0; i < JVMS; i++) {
        assertTrue(jvms.get(i).waitFor(240, TimeUnit.SECONDS), "JVM " + i + " did not finish");
        String log = Files.readString(dir.resolve("jvm-" + i + ".log"), StandardCharsets.UTF_8);
        assertEquals(0, jvms.get(i).exitValue(), log);
        assertEquals(
            "1500", find(ELEMENTS, log), "JVM " + i + " embedded the whole corpus\n" + log);
        String hostLoads = find(LOADS, log);
        loads += hostLoads == null ? 0 : Integer.parseInt(hostLoads);
      }
      assertEquals(1, loads, "one model load across all JVMs");
      try (var files = Files.list(rendezvous)) {
        assertTrue(
            files.anyMatch(f -> f.getFileName().toString().startsWith(EmbedFn.MODEL_TAG)),
            "the JVMs met where --sharedDirectory told them to");
      }
    } finally {
      jvms.forEach(Process::destroyForcibly);
      for (Process jvm : jvms) {
        jvm.waitFor(10, TimeUnit.SECONDS);
      }
      deleteTree(rendezvous);
    }
  }

  private static String classPath() {
    return System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
  }

  private static String find(Pattern pattern, String log) {
    Matcher matcher = pattern.matcher(log);
    return matcher.find() ? matcher.group(1) : null;
  }

  private static void deleteTree(Path root) throws IOException {
    try (var paths = Files.walk(root)) {
      for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    }
  }
}
