package io.github.beamshared.runtime.machine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.beamshared.testsupport.ChildJvm;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real JVMs: a client JVM's {@code SharedResources.stats(tag)} shows which JVM hosts the tag, its
 * own calls through the stub and their times, and its failovers, before and after its host is
 * killed.
 */
@Timeout(120)
class MachineWideClientStatsTest {

  private static final int CALLS = 50;

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
  void clientsCountTheirCallsAndTheirFailoverAndNameTheirHost() throws Exception {
    ChildJvm host = jvms.start();
    ChildJvm first = jvms.start();
    ChildJvm second = jvms.start();
    assertTrue(host.ask("acquire", "ACQUIRED").startsWith("ACQUIRED hosting=true"));
    assertEquals("ACQUIRED hosting=false host=" + host.pid(), first.ask("acquire", "ACQUIRED"));
    assertEquals("ACQUIRED hosting=false host=" + host.pid(), second.ask("acquire", "ACQUIRED"));

    assertEquals("ECHOED " + CALLS, first.ask("echoes " + CALLS, "ECHOED"));
    assertTrue(first.ask("call fail io", "THROWN").startsWith("THROWN java.io.IOException"));

    Map<String, String> before = clientStats(first);
    assertEquals(Long.toString(host.pid()), before.get("host"), "the host it uses: " + before);
    assertEquals("false", before.get("hostedHere"));
    // Each acquire asks the host's pid through the stub: that is a call too.
    assertEquals(Integer.toString(1 + CALLS + 1), before.get("calls"), "every call: " + before);
    assertEquals("0", before.get("failed"), "what the resource threw is an answer: " + before);
    assertEquals("0", before.get("failovers"));
    assertTimesOrdered(before);
    assertEquals("true", before.get("listed"), "allStats() lists the tag: " + before);
    Map<String, String> hosting = clientStats(host);
    assertEquals(Long.toString(host.pid()), hosting.get("host"), "the host uses itself");
    assertEquals("true", hosting.get("hostedHere"));
    assertEquals("0", hosting.get("calls"), "the host's own calls do not go through the stub");
    assertEquals("1", clientStats(second).get("calls"), "each client counts its own calls");

    host.kill();

    jvms.awaitCount("LOADED", 2); // one of the clients took over
    ChildJvm newHost = first.count("LOADED") == 1 ? first : second;
    ChildJvm client = newHost == first ? second : first;
    String newHostPid = Long.toString(newHost.pid());
    Map<String, String> promoted = clientStats(newHost);
    assertEquals(newHostPid, promoted.get("host"), "the new host uses itself: " + promoted);
    assertEquals("true", promoted.get("hostedHere"));
    assertEquals("1", promoted.get("failovers"), "a former client keeps its failover");
    client.askUntil(
        "client-stats", "CLIENT-STATS", answer -> answer.contains(" host=" + newHostPid + " "));
    assertEquals("ECHOED 10", client.ask("echoes 10", "ECHOED"));
    Map<String, String> after = clientStats(client);
    assertEquals(newHostPid, after.get("host"), "the client uses the new host: " + after);
    assertEquals("false", after.get("hostedHere"));
    assertEquals("1", after.get("failovers"), "one host lost: " + after);
    assertEquals("0", after.get("failed"));
    long callsBefore = client == first ? 1 + CALLS + 1 : 1;
    assertEquals(Long.toString(callsBefore + 10), after.get("calls"), "and counting: " + after);
  }

  /** Times of calls that ran: more than 0, and median, 99th percentile and maximum in order. */
  private static void assertTimesOrdered(Map<String, String> stats) {
    long mean = Long.parseLong(stats.get("mean"));
    long p50 = Long.parseLong(stats.get("p50"));
    long p99 = Long.parseLong(stats.get("p99"));
    long max = Long.parseLong(stats.get("max"));
    assertTrue(mean > 0 && p50 > 0, "calls take time: " + stats);
    assertTrue(p50 <= p99 && p99 <= max && mean <= max, "ordered: " + stats);
  }

  /** The child's CLIENT-STATS line as its key=value pairs. */
  private static Map<String, String> clientStats(ChildJvm child) throws InterruptedException {
    String line = child.ask("client-stats", "CLIENT-STATS");
    Map<String, String> values = new HashMap<>();
    for (String pair : line.substring("CLIENT-STATS ".length()).split(" ")) {
      int equals = pair.indexOf('=');
      values.put(pair.substring(0, equals), pair.substring(equals + 1));
    }
    return values;
  }
}
