package io.github.beamshared.runtime.machine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.beamshared.runtime.WarmUpStats;
import io.github.beamshared.runtime.local.LocalRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WarmUpTest {

  @TempDir Path temporary;

  @Test
  void warmingUpOpensTheDirectoryAndLeavesNoSocketOrTagFileThere() throws Exception {
    Path directory = temporary.resolve("shared");

    registry(Map.of(MachineConfig.DIRECTORY, directory.toString())).warmUp();

    try (Stream<Path> files = Files.list(directory)) {
      assertEquals(
          List.of(directory.resolve("warm-up.lock")),
          files.toList(),
          "no tag's lock or socket: nothing was elected or served; its own socket is gone");
    }
  }

  @Test
  void warmingUpStartsTheThreadsAFirstAcquireWouldStart() {
    registry(Map.of(MachineConfig.DIRECTORY, temporary.resolve("shared").toString())).warmUp();

    List<String> threads =
        Thread.getAllStackTraces().keySet().stream().map(Thread::getName).toList();
    assertTrue(threads.contains("beamshared-watchdog"), threads.toString());
    assertTrue(threads.contains("beamshared-client"), "a reader waiting for its tag: " + threads);
  }

  @Test
  void warmingUpDoesNothingWhenMachineWideSharingIsOff() {
    Path directory = temporary.resolve("shared");

    registry(Map.of(MachineConfig.DIRECTORY, directory.toString(), MachineConfig.ENABLED, "false"))
        .warmUp();

    assertTrue(Files.notExists(directory));
  }

  @Test
  void aFirstAcquireAfterTheWarmUpIsRecordedAsWarm() {
    MachineRegistry registry =
        registry(Map.of(MachineConfig.DIRECTORY, temporary.resolve("shared").toString()));
    assertEquals(WarmUpStats.NONE, registry.warmUpStats());

    registry.warmUp();
    assertTrue(registry.warmUpStats().warmUpTime().isPresent());
    assertFalse(registry.warmUpStats().firstAcquireWarm(), "no acquire yet");

    registry.acquire("warm", new ModelRemote("v1"), true, 1, ModelImpl::new).release();
    assertTrue(registry.warmUpStats().firstAcquireWarm());
  }

  @Test
  void aFirstAcquireBeforeAnyWarmUpStaysRecordedAsCold() {
    MachineRegistry registry =
        registry(Map.of(MachineConfig.DIRECTORY, temporary.resolve("shared").toString()));

    registry.acquire("cold", new ModelRemote("v1"), true, 1, ModelImpl::new).release();
    registry.warmUp();

    WarmUpStats stats = registry.warmUpStats();
    assertTrue(stats.warmUpTime().isPresent());
    assertFalse(stats.firstAcquireWarm(), "the warm-up came too late for the first acquire");
  }

  private static MachineRegistry registry(Map<String, String> settings) {
    return new MachineRegistry(
        new LocalRegistry(Duration.ofSeconds(5)), MachineConfig.from(settings::get));
  }
}
