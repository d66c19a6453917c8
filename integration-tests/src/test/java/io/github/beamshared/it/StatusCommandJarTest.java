package io.github.beamshared.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.beamshared.runtime.SharedResources;
import io.github.beamshared.runtime.machine.MachineConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The status command as the README gives it, {@code java -jar beam-shared-runtime-<version>.jar},
 * with nothing but the runtime jar on its class path, against a tag this JVM hosts. Runs where the
 * build packaged the runtime before this module's tests ({@code mvn verify}); skipped where the
 * runtime is a directory of classes.
 */
@Timeout(60)
class StatusCommandJarTest {

  @Test
  void theRuntimeJarsMainClassListsATagThisJvmHosts(@TempDir Path dir) throws Exception {
    Path jar =
        Path.of(SharedResources.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    assumeTrue(jar.toString().endsWith(".jar"), "the runtime is not packaged: " + jar);
    TwoCopiesFn_Shared fn = new TwoCopiesFn_Shared();
    fn.setUpSharedResources(PipelineOptionsFactory.create());
    try {
      Path directory = MachineConfig.fromSystem().directory();
      Path out = dir.resolve("status.json");
      List<String> command = new ArrayList<>();
      command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
      command.addAll(List.of("-jar", jar.toString(), "status", "--dir", directory.toString()));
      command.add("--json");
      Process status =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(out.toFile())
              .start();
      try {
        assertTrue(status.waitFor(30, TimeUnit.SECONDS), "the command hung");
      } finally {
        status.destroyForcibly();
      }
      String output = Files.readString(out, StandardCharsets.UTF_8);
      assertEquals(0, status.exitValue(), output);
      JsonNode hosts = new ObjectMapper().readTree(output);
      JsonNode host = null;
      for (JsonNode candidate : hosts) {
        if (TwoCopiesFn.TAG.equals(candidate.path("tag").asText())) {
          host = candidate;
        }
      }
      assertTrue(host != null, output);
      assertEquals(ProcessHandle.current().pid(), host.get("hostPid").asLong(), output);
      assertEquals(2, host.get("copies").asInt(), output);
    } finally {
      fn.tearDownSharedResources();
    }
  }
}
