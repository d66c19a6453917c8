package io.github.beamshared.it;

import static io.github.beamshared.it.ChildProcesses.deleteTree;
import static io.github.beamshared.it.ChildProcesses.find;
import static io.github.beamshared.it.ChildProcesses.java;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
 * Generated code in {@code --sharedHostMode=dedicated}: two DirectRunner pipelines, each in a JVM
 * of its own and one after the other, are answered by one dedicated host JVM, which loaded the
 * model with the pipeline's options (sent as JSON with the serialized DoFn), outlived the first
 * pipeline's JVM, and exits once idle.
 */
@Timeout(240)
class DedicatedHostPipelineTest {

  private static final int IDLE_SECONDS = 15;

  @Test
  void aDedicatedHostThatCannotStartLeavesThePipelineHostingItsModel(@TempDir Path dir)
      throws Exception {
    Path rendezvous = Files.createTempDirectory(Path.of("/tmp"), "bs-ded");
    Path log = dir.resolve("pipeline.log");
    Process pipeline =
        java(
                List.of("-Dbeamshared.hostJava=" + dir.resolve("no-such-java")),
                ModelPipeline.class,
                List.of(
                    "dedicated",
                    "200",
                    "--sharedDirectory=" + rendezvous,
                    "--sharedHostMode=dedicated",
                    "--modelName=minilm"))
            .redirectOutput(log.toFile())
            .start();
    try {
      assertTrue(pipeline.waitFor(120, TimeUnit.SECONDS), "the pipeline hung");
      String output = Files.readString(log, StandardCharsets.UTF_8);
      assertEquals(0, pipeline.exitValue(), output);
      assertEquals(pipeline.pid() + "/minilm", find("answered by (.*)", output), output);
      assertTrue(
          output.contains("no dedicated host (beamshared.hostMode=dedicated), so this JVM hosts"),
          output);
      assertTrue(output.contains("no-such-java"), output);
    } finally {
      pipeline.destroyForcibly();
      deleteTree(rendezvous);
    }
  }

  @Test
  void pipelinesOneAfterTheOtherShareOneDedicatedHost(@TempDir Path dir) throws Exception {
    Path rendezvous = Files.createTempDirectory(Path.of("/tmp"), "bs-ded");
    List<String> options =
        List.of(
            "--sharedDirectory=" + rendezvous,
            "--sharedHostMode=dedicated",
            "--sharedHostIdleSeconds=" + IDLE_SECONDS,
            "--modelName=minilm");
    String host = null;
    try {
      List<Long> pipelines = new ArrayList<>();
      for (int run = 1; run <= 2; run++) {
        Path log = dir.resolve("pipeline-" + run + ".log");
        List<String> args = new ArrayList<>(List.of("dedicated", "200"));
        args.addAll(options);
        Process pipeline = java(ModelPipeline.class, args).redirectOutput(log.toFile()).start();
        pipelines.add(pipeline.pid());
        try {
          assertTrue(pipeline.waitFor(120, TimeUnit.SECONDS), "pipeline " + run + " hung");
        } finally {
          pipeline.destroyForcibly();
        }
        String output = Files.readString(log, StandardCharsets.UTF_8);
        assertEquals(0, pipeline.exitValue(), output);
        String answeredBy = find("answered by (.*)", output);
        assertTrue(answeredBy != null && answeredBy.matches("\\d+/minilm"), output);
        if (host == null) {
          host = answeredBy.substring(0, answeredBy.indexOf('/'));
        }
        assertEquals(host + "/minilm", answeredBy, "pipeline " + run + " found another host");
      }
      long hostPid = Long.parseLong(host);
      assertNotEquals(pipelines.get(0), hostPid);
      assertNotEquals(pipelines.get(1), hostPid);
      ProcessHandle dedicated = ProcessHandle.of(hostPid).orElseThrow();
      dedicated.onExit().get(IDLE_SECONDS + 30L, TimeUnit.SECONDS);
    } finally {
      if (host != null) {
        ProcessHandle.of(Long.parseLong(host)).ifPresent(ProcessHandle::destroyForcibly);
      }
      deleteTree(rendezvous);
    }
  }
}
