package io.github.beamshared.runtime.machine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.beamshared.testsupport.ChildJvm;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A tag with two copies, in real JVMs: JVMs join the copy with the fewest leases, so four JVMs load
 * it twice and both copies serve calls; a copy whose host dies is taken over by its own client.
 */
@Timeout(120)
class MachineWideCopiesTest {

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

  /** Starts JVMs one after the other, each acquiring once; returns them in that order. */
  private List<ChildJvm> acquireInTurn(int count, String... properties) throws Exception {
    List<ChildJvm> started = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      ChildJvm jvm = jvms.start(properties);
      jvm.ask("acquire", "ACQUIRED");
      started.add(jvm);
    }
    return started;
  }

  @Test
  void fourJvmsLoadTwoCopiesAndBothServeCalls() throws Exception {
    List<ChildJvm> four = acquireInTurn(4, "test.copies=2");

    assertEquals(2, jvms.count("LOADED"));
    long first = four.get(0).pid();
    long second = four.get(1).pid();
    // The first two found no host of their copy; the next two joined the copy with fewer leases.
    List<Long> hosts = new ArrayList<>();
    for (ChildJvm jvm : four) {
      hosts.add(Long.parseLong(jvm.ask("call hostPid", "RESULT").substring("RESULT ".length())));
    }
    assertEquals(List.of(first, second, first, second), hosts);
  }

  @Test
  void aCopyWhoseHostDiesIsTakenOverForThatCopyOnly() throws Exception {
    List<ChildJvm> four = acquireInTurn(4, "test.copies=2");
    ChildJvm otherCopysHost = four.get(0);
    ChildJvm otherCopysClient = four.get(2);
    ChildJvm survivor = four.get(3); // the client of the second JVM's copy

    four.get(1).kill();

    jvms.awaitCount("LOADED", 3);
    assertEquals("RESULT " + survivor.pid(), survivor.ask("call hostPid", "RESULT"));
    assertEquals("RESULT " + otherCopysHost.pid(), otherCopysClient.ask("call hostPid", "RESULT"));
  }

  @Test
  void theSettingOverridesTheCopiesAFieldDeclares() throws Exception {
    List<ChildJvm> two = acquireInTurn(2, "test.copies=1", "beamshared.copies=model=2");

    assertEquals(2, jvms.count("LOADED"));
    for (ChildJvm jvm : two) {
      assertTrue(jvm.ask("call hostPid", "RESULT").equals("RESULT " + jvm.pid()));
    }
  }
}
