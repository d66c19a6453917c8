package io.github.beamshared.runtime.machine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.beamshared.testsupport.ChildJvm;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real JVMs with {@code beamshared.unloadWhenUnused=true}: the host unloads and stops hosting once
 * every JVM released its last lease, and acquires racing that stop are served by one copy.
 */
@Timeout(120)
class MachineWideUnloadTest {

  private static final String UNLOAD = MachineConfig.UNLOAD_WHEN_UNUSED + "=true";

  @TempDir Path base;

  private ChildJvms jvms;

  @BeforeEach
  void setUp() {
    jvms = new ChildJvms(base);
  }

  @AfterEach
  void killChildren() {
    jvms.close();
  }

  @Test
  void theHostStopsOnceEveryJvmReleasedAndTheNextAcquireElectsAgain() throws Exception {
    Path marker = base.resolve("loaded");
    ChildJvm host = jvms.start(UNLOAD, "test.exclusiveFile=" + marker);
    ChildJvm client = jvms.start(UNLOAD, "test.exclusiveFile=" + marker);
    assertTrue(host.ask("acquire", "ACQUIRED").startsWith("ACQUIRED hosting=true"));
    assertEquals("ACQUIRED hosting=false host=" + host.pid(), client.ask("acquire", "ACQUIRED"));

    host.ask("release", "RELEASED");
    assertEquals(
        "RESULT " + host.pid(),
        client.ask("call hostPid", "RESULT"),
        "the client's lease keeps it hosted");
    assertTrue(Files.exists(socket()));

    client.ask("release", "RELEASED");

    assertEquals(
        "THREADS ",
        host.askUntil("threads", "THREADS", "THREADS "::equals),
        "the host's server, connection and watchdog threads end");
    assertEquals(
        "THREADS ",
        client.askUntil("threads", "THREADS", "THREADS "::equals),
        "the client hung up");
    assertEquals(1, host.count("UNLOADED"), "unloaded, and closed");
    assertFalse(Files.exists(marker));
    assertFalse(Files.exists(socket()), "the socket file is deleted");
    assertFalse(isLocked(lockFile()), "the lock is released");
    assertEquals("", Files.readString(lockFile()), "nobody's pid in the lock file");

    assertEquals("ACQUIRED hosting=true host=" + client.pid(), client.ask("acquire", "ACQUIRED"));
    assertTrue(
        host.ask("acquire", "ACQUIRED").endsWith(" host=" + client.pid()),
        "the former host is now a client");
    assertEquals(2, jvms.count("LOADED"));
  }

  /**
   * Two JVMs acquire and release over and over, so that hosts stop and are elected again while
   * other acquires are on their way: every acquire is served, and no load ever finds another JVM's
   * copy still loaded.
   */
  @Test
  void acquiresRacingAStoppingHostAreServedAndOneCopyIsLoadedAtATime() throws Exception {
    Path marker = base.resolve("loaded");
    ChildJvm first = jvms.start(UNLOAD, "test.exclusiveFile=" + marker, "test.loadMillis=0");
    ChildJvm second = jvms.start(UNLOAD, "test.exclusiveFile=" + marker, "test.loadMillis=0");

    first.send("churn 3 150");
    second.send("churn 3 150");

    assertEquals("CHURN ok=450 failed=0 lost=0 first=none", first.expect("CHURN"));
    assertEquals("CHURN ok=450 failed=0 lost=0 first=none", second.expect("CHURN"));
    assertTrue(
        jvms.count("LOADED") > 2,
        "hosts stopped and were elected again: " + jvms.count("LOADED") + " loads");
    assertEquals(jvms.count("LOADED"), jvms.count("UNLOADED"), "every copy was unloaded");
    assertFalse(isLocked(lockFile()));
  }

  private Path socket() {
    return jvms.directory().resolve(Rendezvous.shortName("model") + ".sock");
  }

  private Path lockFile() {
    return jvms.directory().resolve(Rendezvous.shortName("model") + ".lock");
  }

  /** Whether a process holds a lock on {@code file}, as {@code /proc/locks} tells. */
  private static boolean isLocked(Path file) throws IOException {
    String inode = ":" + Files.getAttribute(file, "unix:ino") + " ";
    return Files.readAllLines(Path.of("/proc/locks")).stream()
        .anyMatch(lock -> lock.contains(inode));
  }
}
