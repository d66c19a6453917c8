package io.github.beamshared.runtime.machine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.beamshared.runtime.SharedResourceException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MachineConfigTest {

  @Test
  void defaults() {
    MachineConfig config = MachineConfig.from(key -> null);

    assertTrue(config.enabled());
    assertEquals(
        MachineConfig.defaultDirectory(System.getenv("XDG_RUNTIME_DIR")), config.directory());
    assertEquals(Duration.ofSeconds(10), config.connectTimeout());
    assertEquals(Duration.ofMinutes(10), config.callTimeout());
    assertEquals(Duration.ofMinutes(30), config.loadTimeout());
    assertEquals(64 << 20, config.maxFrameBytes());
    assertEquals(Duration.ofMinutes(1), config.frameTimeout());
    assertEquals(256, config.maxConnections());
    assertEquals(64, config.maxConnectionsPerPeer());
    assertFalse(config.unloadWhenUnused());
    assertFalse(config.dedicatedHost());
    assertEquals(Duration.ofMinutes(5), config.hostIdleTimeout());
    assertEquals(Duration.ofMinutes(1), config.hostStartTimeout());
    assertEquals(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), config.hostJava());
    assertEquals(List.of(), config.hostJvmOptions());
    assertEquals(2, config.copiesOf("model", 2));
  }

  @Test
  void dedicatedHostsAndCopiesComeFromTheirSettings() {
    MachineConfig config =
        MachineConfig.from(
            Map.of(
                    "beamshared.hostMode", " Dedicated ",
                    "beamshared.hostJvmOptions", " -Xmx8g  -XX:+UseZGC ",
                    "beamshared.copies", "embedder=2, ranker = 3,bad=0,worse=x,=4,huge=17")
                ::get);

    assertTrue(config.dedicatedHost());
    assertEquals(List.of("-Xmx8g", "-XX:+UseZGC"), config.hostJvmOptions());
    assertEquals(2, config.copiesOf("embedder", 1));
    assertEquals(3, config.copiesOf("ranker", 1));
    for (String ignored : List.of("bad", "worse", "", "huge")) {
      assertEquals(1, config.copiesOf(ignored, 1), ignored);
    }
    assertFalse(MachineConfig.from(Map.of("beamshared.hostMode", "remote")::get).dedicatedHost());
  }

  @Test
  void aDedicatedHostReadsBackTheSettingsOfTheJvmThatStartedIt() {
    MachineConfig config =
        MachineConfig.from(
            Map.of(
                    "beamshared.dir", "/tmp/x",
                    "beamshared.hostMode", "dedicated",
                    "beamshared.hostJvmOptions", "-Xmx8g",
                    "beamshared.copies", "embedder=2",
                    "beamshared.unloadWhenUnused", "true")
                ::get);

    assertEquals(config, MachineConfig.from(config.toSettings()::get));
  }

  @Test
  void theDefaultDirectoryIsInTheUsersRuntimeDirectoryIfThereIsOne(@TempDir Path runtime) {
    assertEquals(runtime.resolve("beamshared"), MachineConfig.defaultDirectory(runtime.toString()));
  }

  @Test
  void withoutARuntimeDirectoryTheDefaultIsNamedByTheNumericUserId(@TempDir Path missing)
      throws Exception {
    Process id = new ProcessBuilder("id", "-u").start();
    String uid = new String(id.getInputStream().readAllBytes()).strip();
    assertTrue(id.waitFor(10, TimeUnit.SECONDS));
    Path expected = Path.of(System.getProperty("java.io.tmpdir"), "beamshared-" + uid);

    assertEquals(expected, MachineConfig.defaultDirectory(null));
    assertEquals(expected, MachineConfig.defaultDirectory(" "));
    assertEquals(expected, MachineConfig.defaultDirectory(missing.resolve("gone").toString()));
  }

  @Test
  void settingsComeFromTheLookup() {
    MachineConfig config =
        MachineConfig.from(
            Map.of(
                    "beamshared.machineWide", "FALSE",
                    "beamshared.dir", " /tmp/x ",
                    "beamshared.connectTimeoutSeconds", "3",
                    "beamshared.callTimeoutSeconds", "4",
                    "beamshared.loadTimeoutSeconds", "5",
                    "beamshared.maxFrameBytes", "1024",
                    "beamshared.unloadWhenUnused", " TRUE ")
                ::get);

    assertFalse(config.enabled());
    assertTrue(config.unloadWhenUnused());
    assertEquals(Path.of("/tmp/x"), config.directory());
    assertEquals(Duration.ofSeconds(3), config.connectTimeout());
    assertEquals(Duration.ofSeconds(4), config.callTimeout());
    assertEquals(Duration.ofSeconds(5), config.loadTimeout());
    assertEquals(1024, config.maxFrameBytes());
  }

  @Test
  void unparsableValuesFallBackToDefaults() {
    MachineConfig config =
        MachineConfig.from(
            Map.of(
                    "beamshared.connectTimeoutSeconds", "soon",
                    "beamshared.callTimeoutSeconds", "0",
                    "beamshared.loadTimeoutSeconds", String.valueOf(Long.MAX_VALUE),
                    "beamshared.maxFrameBytes", "99999999999")
                ::get);

    assertEquals(Duration.ofSeconds(10), config.connectTimeout());
    assertEquals(Duration.ofMinutes(10), config.callTimeout());
    assertTrue(config.loadTimeout().toNanos() > 0, "a huge timeout must not overflow");
    assertEquals(Integer.MAX_VALUE, config.maxFrameBytes());
  }

  @Test
  void systemPropertyComesBeforeTheEnvironment() {
    String key = "beamshared.test.setting";
    System.setProperty(key, "from-property");
    try {
      assertEquals("from-property", MachineConfig.systemSetting(key));
    } finally {
      System.clearProperty(key);
    }
    // PATH is set in every environment this runs in.
    assertEquals(System.getenv("PATH"), MachineConfig.systemSetting("path"));
  }

  @Test
  void directoryThatIsNoPathIsReportedWithItsSetting() {
    SharedResourceException e =
        assertThrows(
            SharedResourceException.class,
            () -> MachineConfig.from(Map.of("beamshared.dir", "/tmp/a\u0000b")::get));

    assertTrue(
        e.getMessage().startsWith("The machine-wide sharing directory beamshared.dir="),
        e.getMessage());
    assertTrue(
        e.getMessage().contains("Set -Dbeamshared.dir to a directory this user may" + " create"),
        e.getMessage());
  }
}
