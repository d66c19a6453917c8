package io.github.beamshared.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ClientStatsTest {

  private static final long THIS_PID = ProcessHandle.current().pid();

  @Test
  void aClientNamesItsHostAndSummarizesItsCalls() {
    ClientStats stats = client(THIS_PID + 1, 4, 1);

    assertFalse(stats.hostedHere());
    assertEquals(Duration.ofMillis(1), stats.meanCallTime());
    assertEquals(
        "hosted by the JVM with pid "
            + (THIS_PID + 1)
            + ", 4 call(s) through the stub (1 failed), mean 1000 µs, p50 900 µs, p99 2000 µs,"
            + " max 2100 µs, 1 failover(s)",
        stats.toString());
  }

  @Test
  void aJvmHostingTheTagSaysSo() {
    ClientStats stats = client(THIS_PID, 0, 0);

    assertTrue(stats.hostedHere());
    assertEquals("hosted by this JVM", stats.toString());
  }

  @Test
  void noneHostsNothingAndHasNoMeanCallTime() {
    assertFalse(ClientStats.NONE.hostedHere());
    assertEquals(Duration.ZERO, ClientStats.NONE.meanCallTime());
    assertTrue(ClientStats.NONE.isNone());
    assertTrue(client(0, 0, 0).isNone(), "a copy of NONE is none");
    assertFalse(client(THIS_PID + 1, 0, 0).isNone(), "connected");
    assertFalse(client(0, 1, 0).isNone(), "called");
    assertEquals("no host connected", ClientStats.NONE.toString());
  }

  @Test
  void resourceStatsShowTheClientPartOfAMachineWideTagOnly() {
    ResourceStats jvmWide =
        new ResourceStats(
            "t", true, 1, Duration.ZERO, 1, 1, 0, Duration.ZERO, BatchStats.NONE, ClientStats.NONE);
    ResourceStats hosted = jvmWide.withClient(client(THIS_PID, 0, 0));
    ResourceStats client = ResourceStats.notHeld("t", client(THIS_PID + 1, 4, 0));

    String held = "'t': loaded, 1 load(s) in 0 ms, 1 live lease(s) of 1, 0 locked call(s) that";
    assertTrue(jvmWide.toString().startsWith(held), jvmWide.toString());
    assertFalse(jvmWide.toString().contains("host"), jvmWide.toString());
    assertTrue(hosted.toString().startsWith(held), hosted.toString());
    assertTrue(hosted.toString().endsWith(" ms; hosted by this JVM"), hosted.toString());
    assertTrue(
        client.toString().startsWith("'t': hosted by the JVM with pid " + (THIS_PID + 1) + ", 4"),
        client.toString());
  }

  private static ClientStats client(long hostPid, long calls, long failovers) {
    return new ClientStats(
        hostPid,
        calls,
        calls == 0 ? 0 : 1,
        Duration.ofMillis(calls),
        calls == 0 ? Duration.ZERO : Duration.ofNanos(900_000),
        calls == 0 ? Duration.ZERO : Duration.ofNanos(2000_000),
        calls == 0 ? Duration.ZERO : Duration.ofNanos(2100_000),
        failovers);
  }
}
