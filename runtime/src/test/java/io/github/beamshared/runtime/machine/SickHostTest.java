package io.github.beamshared.runtime.machine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Real JVMs meeting a host that cannot serve, is frozen or runs out of threads. */
@Timeout(120)
class SickHostTest {

  @TempDir
  Path base;

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
  void aJvmThatCannotServeGivesTheLockBackAndItsRetryHostsCleanly() throws Exception {
    Path socket = Rendezvous.open(jvms.directory()).socketFile("model");
    Files.createDirectories(socket.resolve("in-the-way")); // where the socket must go
    ChildJvms.Child first = jvms.start("beamshared.connectTimeoutSeconds=2");
    ChildJvms.Child second = jvms.start("beamshared.connectTimeoutSeconds=2");

    String failed = first.ask("acquire", "ACQUIRE");
    assertTrue(failed.startsWith("ACQUIRE-FAILED io.github.beamshared.runtime"
        + ".SharedResourceException | This JVM won the lock of shared resource 'model' but cannot"
        + " serve it on " + socket + ", so it gave the lock back for another JVM to host"), failed);
    String alsoFailed = second.ask("acquire", "ACQUIRE");
    assertTrue(alsoFailed.contains("This JVM won the lock"),
        "the second JVM took the lock the first gave back: " + alsoFailed);

    try (var paths = Files.walk(socket)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
    assertEquals("ACQUIRED hosting=true host=" + first.pid(), first.ask("acquire", "ACQUIRE"));
    assertEquals("ACQUIRED hosting=false host=" + first.pid(), second.ask("acquire", "ACQUIRE"));
  }
}
