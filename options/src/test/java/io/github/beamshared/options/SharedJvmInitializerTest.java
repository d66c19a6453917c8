package io.github.beamshared.options;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.beam.sdk.fn.JvmInitializers;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SharedJvmInitializerTest {

  @TempDir Path temporary;

  @Test
  void theHarnessAppliesTheOptionsAndWarmsUpTheirDirectoryBeforeProcessing() {
    Path directory = temporary.resolve("shared");

    // As the SDK harness runs every registered JvmInitializer.
    JvmInitializers.runBeforeProcessing(
        PipelineOptionsFactory.fromArgs("--sharedDirectory=" + directory).create());

    assertTrue(Files.isDirectory(directory), "the option's directory, not -Dbeamshared.dir");
    assertTrue(Files.exists(directory.resolve("warm-up.lock")), "file locks were set up");
  }
}
