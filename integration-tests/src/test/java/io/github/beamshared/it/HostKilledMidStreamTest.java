package io.github.beamshared.it;

import static io.github.beamshared.it.ChildProcesses.deleteTree;
import static io.github.beamshared.it.ChildProcesses.find;
import static io.github.beamshared.it.ChildProcesses.java;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The JVM hosting a {@code @MultiProcessShared} model is killed with SIGKILL while a DirectRunner
 * pipeline in another JVM is calling it: the pipeline's JVM takes the model over and the pipeline
 * completes with every element answered exactly once.
 */
@Timeout(240)
class HostKilledMidStreamTest {

  /** 2 ms each, one at a time: about 4 s of calls, so the kill lands in the middle of them. */
  private static final int ELEMENTS = 2000;

  @Test
  void pipelineCompletesWhenTheModelsHostIsKilled(@TempDir Path dir) throws Exception {
    Path rendezvous = Files.createTempDirectory(Path.of("/tmp"), "bs-kill");
    String sharedDirectory = "--sharedDirectory=" + rendezvous;
    Process host = java(SlowModelHost.class, List.of(sharedDirectory)).start();
    Process pipeline = null;
    try (BufferedReader hostOut =
        new BufferedReader(new InputStreamReader(host.getInputStream(), StandardCharsets.UTF_8))) {
      String hostPid = awaitLine(hostOut, "hosting (\\d+)");
      Path log = dir.resolve("pipeline.log");
      pipeline =
          java(ModelPipeline.class, List.of("slow", String.valueOf(ELEMENTS), sharedDirectory))
              .redirectOutput(log.toFile())
              .start();
      awaitLine(hostOut, "acquires ([2-9]|\\d\\d+)"); // Its own lease, then the pipeline's.
      Thread.sleep(1000);
      host.destroyForcibly();
      assertTrue(host.waitFor(30, TimeUnit.SECONDS), "the host did not die");

      assertTrue(pipeline.waitFor(180, TimeUnit.SECONDS), "the pipeline did not finish");
      String output = Files.readString(log, StandardCharsets.UTF_8);
      assertEquals(0, pipeline.exitValue(), output);
      assertTrue(output.contains("pipeline complete"), output);
      String answeredBy = find("answered by (.*)", output);
      assertTrue(
          answeredBy != null
              && answeredBy.contains(hostPid)
              && answeredBy.contains(String.valueOf(pipeline.pid())),
          "answers came from the killed host "
              + hostPid
              + " and then from the pipeline's own"
              + " JVM "
              + pipeline.pid()
              + ": "
              + answeredBy
              + "\n"
              + output);
    } finally {
      host.destroyForcibly();
      if (pipeline != null) {
        pipeline.destroyForcibly();
        pipeline.waitFor(10, TimeUnit.SECONDS);
      }
      deleteTree(rendezvous);
    }
  }

  /** Reads lines until one matches {@code regex}; returns its first group. */
  private static String awaitLine(BufferedReader out, String regex) throws IOException {
    Pattern pattern = Pattern.compile(regex);
    for (String line = out.readLine(); line != null; line = out.readLine()) {
      Matcher matcher = pattern.matcher(line);
      if (matcher.matches()) {
        return matcher.group(1);
      }
    }
    throw new AssertionError("the host ended before printing a line like " + regex);
  }
}
