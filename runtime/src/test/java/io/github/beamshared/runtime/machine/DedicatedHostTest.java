package io.github.beamshared.runtime.machine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.github.beamshared.testsupport.ChildJvm;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code beamshared.hostMode=dedicated} with real JVMs: the worker elected to host starts a host
 * JVM instead, which loads once, outlives its workers, is replaced when killed, and exits when
 * idle; where it cannot start, the worker hosts.
 */
@Timeout(180)
class DedicatedHostTest {

  private static final int IDLE_SECONDS = 8;

  @TempDir Path base;

  private ChildJvms jvms;
  private Path loads;

  @BeforeEach
  void setUp() {
    jvms = new ChildJvms(base);
    loads = base.resolve("loads.txt");
  }

  /** Kills the workers, then every dedicated host that loaded, which the workers did not start. */
  @AfterEach
  void killChildren() throws IOException {
    jvms.close();
    for (long pid : loadingPids()) {
      ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
    }
  }

  private ChildJvm worker(String... more) throws IOException, InterruptedException {
    List<String> properties =
        new ArrayList<>(
            List.of(
                "beamshared.hostMode=dedicated",
                "beamshared.hostIdleSeconds=" + IDLE_SECONDS,
                "beamshared.hostJvmOptions=-Xmx64m -XX:TieredStopAtLevel=1 -XX:+UseSerialGC"
                    + " -Dorg.slf4j.simpleLogger.defaultLogLevel=info",
                "test.loadLog=" + loads));
    properties.addAll(List.of(more));
    return jvms.start(properties.toArray(String[]::new));
  }

  @Test
  void wavesOfShortLivedWorkersShareOneHostThatExitsOnceIdle() throws Exception {
    long host = 0;
    for (int wave = 1; wave <= 3; wave++) {
      ChildJvm first = worker();
      ChildJvm second = worker();
      for (ChildJvm worker : List.of(first, second)) {
        String acquired = worker.ask("acquire", "ACQUIRED");
        assertTrue(acquired.startsWith("ACQUIRED hosting=false host="), acquired);
        long served = Long.parseLong(acquired.substring(acquired.lastIndexOf('=') + 1));
        assertNotEquals(first.pid(), served);
        assertNotEquals(second.pid(), served);
        if (host == 0) {
          host = served;
        }
        assertEquals(host, served, "wave " + wave + " reached another host");
        assertEquals("RESULT " + host, worker.ask("call hostPid", "RESULT"));
      }
      if (wave == 1) {
        first.kill(); // workers may die: the host lives on
        second.kill();
      } else {
        first.ask("release", "RELEASED");
        second.ask("release", "RELEASED");
        first.close();
        second.close();
      }
    }
    assertEquals(List.of(host), loadingPids(), "one load, in the dedicated host");

    ProcessHandle dedicated = ProcessHandle.of(host).orElseThrow();
    dedicated.onExit().get(IDLE_SECONDS + 30, TimeUnit.SECONDS);
    String log = hostLog();
    assertTrue(
        log.contains("stopped hosting 'model': no lease for " + IDLE_SECONDS + " s; exiting"), log);
    assertTrue(Files.notExists(jvms.directory().resolve(Rendezvous.shortName("model") + ".sock")));
    assertEquals(List.of(), recipes(), "the host deleted its recipe once read");
  }

  @Test
  void aKilledHostIsReplacedByANewOneAndNoCallIsLost() throws Exception {
    ChildJvm first = worker();
    ChildJvm second = worker();
    first.ask("acquire", "ACQUIRED");
    second.ask("acquire", "ACQUIRED");
    long host = loadingPids().get(0);
    first.ask("stream 2", "STREAMING");
    second.ask("stream 2", "STREAMING");
    Thread.sleep(300); // calls are in flight

    ProcessHandle dedicated = ProcessHandle.of(host).orElseThrow();
    dedicated.destroyForcibly();
    dedicated.onExit().get(30, TimeUnit.SECONDS);

    List<Long> loaders = awaitLoads(2);
    long replacement = loaders.get(1);
    assertNotEquals(host, replacement);
    assertNotEquals(first.pid(), replacement);
    assertNotEquals(second.pid(), replacement);
    Thread.sleep(300); // calls reach the new host
    for (ChildJvm worker : List.of(first, second)) {
      String stream = worker.ask("stop", "STREAM");
      assertTrue(stream.matches("STREAM ok=\\d+ failed=0 first=none"), stream);
      assertEquals("RESULT " + replacement, worker.ask("call hostPid", "RESULT"));
    }
  }

  @Test
  void aHostThatCannotStartLeavesTheWorkerHostingWithAWarning() throws Exception {
    ChildJvm worker = worker("beamshared.hostJava=" + base.resolve("no-such-java"));

    assertTrue(worker.ask("acquire", "ACQUIRED").startsWith("ACQUIRED hosting=true"));
    assertEquals("RESULT " + worker.pid(), worker.ask("call hostPid", "RESULT"));
    assertTrue(
        worker
            .log()
            .contains(
                "Shared resource 'model': no dedicated host (beamshared.hostMode=dedicated), so"
                    + " this JVM hosts it itself, as in in-worker mode: starting it failed:"),
        worker.log());
    assertTrue(worker.log().contains("no-such-java"), worker.log());
    assertEquals(List.of(worker.pid()), loadingPids());
    assertEquals(List.of(), recipes(), "no DoFn stays behind serialized");
  }

  @Test
  void aFactoryThatCannotBeSentIsHostedInTheWorker() throws Exception {
    ChildJvm worker = jvms.start("beamshared.hostMode=dedicated"); // its factory is a lambda

    assertTrue(worker.ask("acquire", "ACQUIRED").startsWith("ACQUIRED hosting=true"));
    assertTrue(worker.log().contains("its factory is not Serializable"), worker.log());
  }

  /** The recipe files left in the rendezvous directory. */
  private List<Path> recipes() throws IOException {
    try (var files = Files.list(jvms.directory())) {
      return files.filter(file -> file.toString().endsWith(".recipe")).toList();
    }
  }

  private List<Long> loadingPids() throws IOException {
    if (Files.notExists(loads)) {
      return List.of();
    }
    return Files.readAllLines(loads, StandardCharsets.UTF_8).stream().map(Long::parseLong).toList();
  }

  private List<Long> awaitLoads(int count) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(ChildJvms.WAIT_SECONDS);
    while (loadingPids().size() < count) {
      if (System.nanoTime() > deadline) {
        fail("loads: " + loadingPids() + "; host log:\n" + hostLog());
      }
      Thread.sleep(20);
    }
    return loadingPids();
  }

  private String hostLog() throws IOException {
    Path log = jvms.directory().resolve(Rendezvous.shortName("model") + ".host.log");
    return Optional.of(log).filter(Files::exists).map(DedicatedHostTest::read).orElse("(no log)");
  }

  private static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "(unreadable: " + e + ")";
    }
  }
}
