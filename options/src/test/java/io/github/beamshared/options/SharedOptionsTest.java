package io.github.beamshared.options;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.jupiter.api.Test;

class SharedOptionsTest {

  @Test
  void givenOptionsBecomeSettingsKeyedLikeTheSystemProperties() {
    // Parsed without registering SharedOptions: the registrar makes them known.
    PipelineOptions options =
        PipelineOptionsFactory.fromArgs(
                "--sharedDirectory=/tmp/bs-opt", "--sharedMachineWide=false",
                "--sharedCallTimeoutSeconds=30", "--sharedUnloadWhenUnused=true")
            .create();

    assertEquals(
        Map.of(
            "beamshared.dir",
            "/tmp/bs-opt",
            "beamshared.machineWide",
            "false",
            "beamshared.callTimeoutSeconds",
            "30",
            "beamshared.unloadWhenUnused",
            "true"),
        SharedOptions.settings(options));
  }

  @Test
  void dedicatedHostAndCopiesOptionsBecomeSettings() {
    PipelineOptions options =
        PipelineOptionsFactory.fromArgs(
                "--sharedHostMode=dedicated",
                "--sharedHostIdleSeconds=90",
                "--sharedHostJvmOptions=-Xmx8g -XX:+UseZGC",
                "--sharedCopies=embedder=2")
            .create();

    assertEquals(
        Map.of(
            "beamshared.hostMode",
            "dedicated",
            "beamshared.hostIdleSeconds",
            "90",
            "beamshared.hostJvmOptions",
            "-Xmx8g -XX:+UseZGC",
            "beamshared.copies",
            "embedder=2"),
        SharedOptions.settings(options));
  }

  @Test
  void optionsNotGivenAreLeftToSystemProperties() {
    assertEquals(Map.of(), SharedOptions.settings(PipelineOptionsFactory.create()));
  }
}
