package io.github.beamshared.runtime.machine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.beamshared.runtime.control.Main;
import io.github.beamshared.testsupport.ChildJvm;
import io.github.beamshared.testsupport.ChildProcesses;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The status command as an operator runs it: a process of its own, whose class path holds the
 * runtime's classes only, no slf4j (as {@code java -jar} of the runtime jar has it), asking real
 * host JVMs over their sockets.
 */
@Timeout(120)
class StatusCommandTest {

  private static final Path RUNTIME_CLASSES = Path.of("target", "classes").toAbsolutePath();
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path base;

  /** What one run of the command printed, how it exited and how long it took. */
  private record Run(int exit, String out, String err, Duration took) {}

  @Test
  void statusListsTheHostItsModeAndTheLeasesOfEachJvm() throws Exception {
    try (ChildJvms jvms = new ChildJvms(base)) {
      ChildJvm host = jvms.start();
      ChildJvm first = jvms.start();
      ChildJvm second = jvms.start();
      assertTrue(host.ask("acquire", "ACQUIRED").startsWith("ACQUIRED hosting=true"));
      first.ask("acquire", "ACQUIRED");
      second.ask("acquire", "ACQUIRED");
      second.ask("acquire", "ACQUIRED");
      assertEquals("RESULT hi", first.ask("call echo hi", "RESULT"));

      Run run = command("status", "--dir", jvms.directory().toString(), "--json");

      assertEquals(0, run.exit(), run.toString());
      JsonNode hosts = JSON.readTree(run.out());
      assertEquals(1, hosts.size(), run.out());
      JsonNode model = hosts.get(0);
      assertEquals("live", model.get("state").asText());
      assertEquals("model", model.get("tag").asText());
      assertEquals(host.pid(), model.get("hostPid").asLong());
      assertEquals("in-worker", model.get("mode").asText());
      assertEquals(1, model.get("copies").asInt());
      assertEquals(1, model.get("loads").asLong());
      assertTrue(model.get("loaded").asBoolean());
      assertEquals(
          Map.of(host.pid(), 1, first.pid(), 1, second.pid(), 2), leases(model), run.out());
      assertTrue(model.get("lockAcquisitions").asLong() >= 1, run.out());
      assertTrue(model.get("uptimeMillis").asLong() >= 0, run.out());
      assertTrue(model.get("residentBytes").asLong() > 0, run.out());

      Run text = command("status", "--dir", jvms.directory().toString());
      assertEquals(0, text.exit(), text.toString());
      String row = text.out().lines().filter(line -> line.startsWith("model ")).findFirst().get();
      assertTrue(row.contains(" live ") && row.contains(" " + host.pid() + " "), text.out());
      assertTrue(row.contains(first.pid() + ":1") && row.contains(second.pid() + ":2"), row);
    }
  }

  @Test
  void unloadIsRefusedWhileALeaseIsHeldAndTheNextAcquireLoadsAgain() throws Exception {
    try (ChildJvms jvms = new ChildJvms(base)) {
      ChildJvm host = jvms.start();
      ChildJvm client = jvms.start();
      host.ask("acquire", "ACQUIRED");
      client.ask("acquire", "ACQUIRED");
      host.ask("release", "RELEASED");
      String directory = jvms.directory().toString();

      Run refused = command("unload", "model", "--dir", directory);

      assertEquals(1, refused.exit(), refused.toString());
      assertTrue(refused.err().contains("pid " + client.pid() + " holds 1"), refused.err());
      assertEquals(1, jvms.count("LOADED"));

      client.ask("release", "RELEASED");
      // The client's leases go as its connection closes, which the host sees a moment later.
      Run unloaded = commandUntil(0, "unload", "model", "--dir", directory);
      assertTrue(unloaded.out().contains("Unloaded shared resource 'model'"), unloaded.out());

      client.ask("acquire", "ACQUIRED");
      jvms.awaitCount("LOADED", 2);
      JsonNode model = JSON.readTree(command("status", "--dir", directory, "--json").out()).get(0);
      assertEquals(2, model.get("loads").asLong());
      assertEquals(Map.of(client.pid(), 1), leases(model));
    }
  }

  @Test
  void stopIsRefusedForAHostThatIsAWorker() throws Exception {
    try (ChildJvms jvms = new ChildJvms(base)) {
      ChildJvm host = jvms.start();
      host.ask("acquire", "ACQUIRED");
      String directory = jvms.directory().toString();

      Run refused = command("stop", "model", "--dir", directory);

      assertEquals(1, refused.exit(), refused.toString());
      assertTrue(refused.err().contains("pid " + host.pid()), refused.err());
      assertTrue(refused.err().contains("stop is for dedicated hosts"), refused.err());
      assertEquals("RESULT again", host.ask("call echo again", "RESULT"));
      JsonNode model = JSON.readTree(command("status", "--dir", directory, "--json").out()).get(0);
      assertEquals("live", model.get("state").asText());
    }
  }

  @Test
  void stopEndsADedicatedHostAndItsClientFailsOver() throws Exception {
    try (ChildJvms jvms = new ChildJvms(base)) {
      // Marked as the dedicated host mode starts its JVMs: the host stops and exits.
      ChildJvm host = jvms.start(HostMode.DEDICATED_PROPERTY + "=true");
      ChildJvm client = jvms.start();
      host.ask("lease", "LEASED");
      host.ask("release", "RELEASED");
      client.ask("acquire", "ACQUIRED");
      String directory = jvms.directory().toString();
      JsonNode before = JSON.readTree(command("status", "--dir", directory, "--json").out());
      assertEquals("dedicated", before.get(0).get("mode").asText());

      Run stopped = command("stop", "model", "--dir", directory);

      assertEquals(0, stopped.exit(), stopped.toString());
      assertTrue(stopped.out().contains("(pid " + host.pid() + ") stops hosting"), stopped.out());
      awaitExit(host);
      assertEquals("RESULT hi", client.ask("call echo hi", "RESULT"));
      JsonNode after = JSON.readTree(command("status", "--dir", directory, "--json").out());
      assertEquals(client.pid(), after.get(0).get("hostPid").asLong(), after.toString());
      assertEquals("in-worker", after.get(0).get("mode").asText());
    }
  }

  @Test
  void statusListsEachCopyOfATagAndUnloadReachesThemAll() throws Exception {
    try (ChildJvms jvms = new ChildJvms(base)) {
      ChildJvm first = jvms.start("test.copies=2");
      ChildJvm second = jvms.start("test.copies=2");
      first.ask("acquire", "ACQUIRED");
      second.ask("acquire", "ACQUIRED");
      String directory = jvms.directory().toString();

      JsonNode hosts = JSON.readTree(command("status", "--dir", directory, "--json").out());

      Map<Integer, Long> hostOfCopy = new TreeMap<>();
      for (JsonNode host : hosts) {
        assertEquals("model", host.get("tag").asText());
        assertEquals(2, host.get("copies").asInt());
        hostOfCopy.put(host.get("copy").asInt(), host.get("hostPid").asLong());
      }
      assertEquals(Map.of(0, first.pid(), 1, second.pid()), hostOfCopy, hosts.toString());

      first.ask("release", "RELEASED");
      second.ask("release", "RELEASED");
      Run unloaded = commandUntil(0, "unload", "model", "--dir", directory);
      assertEquals(2, unloaded.out().lines().count(), unloaded.out());
    }
  }

  @Test
  void anEmptyOrMissingDirectoryHasNoSharedResources() throws Exception {
    Path missing = base.resolve("missing");
    Path empty = Files.createDirectory(base.resolve("empty"));

    Run text = command("status", "--dir", missing.toString());
    Run json = command("status", "--dir", empty.toString(), "--json");

    assertEquals(new Run(0, "no shared resources in " + missing + "\n", "", text.took()), text);
    assertEquals(0, json.exit(), json.toString());
    assertEquals(0, JSON.readTree(json.out()).size(), json.out());
    assertTrue(Files.notExists(missing), "status creates no directory");
  }

  @Test
  void aSocketNobodyListensOnIsListedAsStaleAtOnce() throws Exception {
    Path directory = Files.createDirectory(base.resolve("r"));
    Path socket = directory.resolve("model-0123456789ab.sock");
    // Closing a Unix domain server socket leaves its file: a host that died leaves it so.
    ServerSocketChannel.open(StandardProtocolFamily.UNIX)
        .bind(UnixDomainSocketAddress.of(socket))
        .close();
    long deadPid = deadProcess();
    Files.writeString(directory.resolve("model-0123456789ab.lock"), Long.toString(deadPid));

    Run run =
        command(
            List.of("-D" + MachineConfig.CONNECT_TIMEOUT + "=20"),
            "status",
            "--dir",
            directory.toString(),
            "--json");

    assertEquals(0, run.exit(), run.toString());
    JsonNode stale = JSON.readTree(run.out()).get(0);
    assertEquals("stale", stale.get("state").asText());
    assertEquals(socket.toString(), stale.get("socket").asText());
    assertEquals(deadPid, stale.get("lockHolderPid").asLong());
    assertFalse(stale.get("lockHolderAlive").asBoolean());
    assertTrue(run.took().toSeconds() < 10, "stale at once, not after the bound: " + run.took());
  }

  @Test
  void aHostThatNeverAnswersIsListedAsNotAnsweringWithinTheBound() throws Exception {
    Path directory = Files.createDirectory(base.resolve("r"));
    // Listens but never accepts: the kernel completes the connection, and nobody reads.
    try (ServerSocketChannel silent = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
      silent.bind(UnixDomainSocketAddress.of(directory.resolve("silent-0123456789ab.sock")));

      Run run =
          command(
              List.of("-D" + MachineConfig.CONNECT_TIMEOUT + "=2"),
              "status",
              "--dir",
              directory.toString());

      assertEquals(0, run.exit(), run.toString());
      assertTrue(run.out().contains("not answering"), run.out());
      assertTrue(run.out().contains("within 2000 ms"), run.out());
      assertTrue(run.took().toMillis() >= 2000, "waited the bound: " + run.took());
      assertTrue(run.took().toSeconds() < 15, "bounded: " + run.took());
    }
  }

  /** Each lease holder's pid and leases in a host's JSON entry. */
  private static Map<Long, Integer> leases(JsonNode host) {
    Map<Long, Integer> byPid = new TreeMap<>();
    host.get("leases")
        .forEach(holder -> byPid.put(holder.get("pid").asLong(), holder.get("leases").asInt()));
    return byPid;
  }

  /** Waits, bounded, for {@code child} to exit by itself. */
  private static void awaitExit(ChildJvm child) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(ChildJvms.WAIT_SECONDS);
    while (ProcessHandle.of(child.pid()).map(ProcessHandle::isAlive).orElse(false)) {
      assertTrue(System.nanoTime() < deadline, "still running: " + child.diagnostics());
      Thread.sleep(50);
    }
  }

  /** The pid of a process that has exited. */
  private static long deadProcess() throws Exception {
    Process process =
        new ProcessBuilder(ChildProcesses.jdkTool("java").toString(), "-version").start();
    assertTrue(process.waitFor(ChildJvms.WAIT_SECONDS, TimeUnit.SECONDS));
    return process.pid();
  }

  private Run command(String... arguments) throws Exception {
    return command(List.of(), arguments);
  }

  /** Runs the command until it exits with {@code exit}, for at most the children's wait. */
  private Run commandUntil(int exit, String... arguments) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(ChildJvms.WAIT_SECONDS);
    Run run = command(arguments);
    while (run.exit() != exit && System.nanoTime() < deadline) {
      Thread.sleep(100);
      run = command(arguments);
    }
    assertEquals(exit, run.exit(), run.toString());
    return run;
  }

  /**
   * Runs the command's main class in a JVM of its own, with {@code jvmOptions}, on the runtime's
   * classes alone; waits for it, bounded.
   */
  private Run command(List<String> jvmOptions, String... arguments) throws Exception {
    assertTrue(Files.isDirectory(RUNTIME_CLASSES), RUNTIME_CLASSES + " holds the runtime");
    List<String> line = new ArrayList<>();
    line.add(ChildProcesses.jdkTool("java").toString());
    line.addAll(jvmOptions);
    line.addAll(List.of("-cp", RUNTIME_CLASSES.toString(), Main.class.getName()));
    line.addAll(List.of(arguments));
    Path out = Files.createTempFile(base, "command", ".out");
    Path err = Files.createTempFile(base, "command", ".err");
    long start = System.nanoTime();
    Process process =
        new ProcessBuilder(line).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    try {
      if (!process.waitFor(ChildJvms.WAIT_SECONDS, TimeUnit.SECONDS)) {
        throw new AssertionError("The command " + line + " did not exit: " + Files.readString(out));
      }
    } finally {
      process.destroyForcibly();
    }
    return new Run(
        process.exitValue(),
        Files.readString(out),
        Files.readString(err),
        Duration.ofNanos(System.nanoTime() - start));
  }
}
