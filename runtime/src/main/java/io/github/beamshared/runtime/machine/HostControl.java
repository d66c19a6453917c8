package io.github.beamshared.runtime.machine;

import io.github.beamshared.runtime.BatchStats;
import io.github.beamshared.runtime.ResourceStats;
import io.github.beamshared.runtime.protocol.ControlRequest;
import io.github.beamshared.runtime.protocol.MessageType;
import io.github.beamshared.runtime.protocol.Protocol;
import io.github.beamshared.runtime.protocol.StatusReport;
import io.github.beamshared.runtime.transport.WireOutput;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers one request of the status command at the host (see the protocol package): STATUS with
 * what the host serves and did, UNLOAD by unloading the resource if no JVM holds a lease, STOP by
 * standing a dedicated host down and exiting. The answers read counters and take no lock a call
 * holds, so a busy host answers at once; only an unload waits for the resource to close.
 */
final class HostControl<T> {

  private static final Logger LOG = LoggerFactory.getLogger(HostControl.class);

  private final HostServer<T> server;
  private final TagContext<T> context;
  private boolean stopGranted;

  HostControl(HostServer<T> server) {
    this.server = server;
    this.context = server.context();
  }

  /** The answer to {@code request}, a message of {@code type} with request id {@code id}. */
  WireOutput answer(MessageType type, long id, ControlRequest request, WireOutput out)
      throws IOException {
    String refused = refusal(request);
    if (refused != null) {
      return Protocol.writeRefused(out, id, refused);
    }
    return switch (type) {
      case STATUS -> Protocol.writeStatusReport(out, id, status());
      case UNLOAD -> unload(out, id, request.pid());
      case STOP -> stop(out, id, request.pid());
      default -> throw new IllegalArgumentException(type + " is no control request");
    };
  }

  /**
   * Once the answer is sent: a granted stop stands the host down and exits the JVM, on a thread of
   * its own, since standing down closes every connection, this request's too.
   */
  void afterAnswer() {
    if (stopGranted) {
      Thread stopping = new Thread(new StandDownAndExit(), "beamshared-stop-" + context.tag());
      stopping.start();
    }
  }

  private final class StandDownAndExit implements Runnable {
    @Override
    public void run() {
      server.stopHosting();
      System.exit(0);
    }
  }

  private @Nullable String refusal(ControlRequest request) {
    if (request.version() != Protocol.VERSION) {
      return "The status command (pid "
          + request.pid()
          + ") speaks protocol version "
          + request.version()
          + " of beam-shared, the host of shared resource '"
          + context.tag()
          + "' (pid "
          + ThisProcess.PID
          + ") version "
          + Protocol.VERSION
          + "; run the command of the beam-shared version the JVMs run.";
    }
    if (!request.tag().isEmpty() && !request.tag().equals(context.tag())) {
      return "The JVM with pid "
          + ThisProcess.PID
          + " on this socket hosts shared resource '"
          + context.tag()
          + "', not '"
          + request.tag()
          + "': two tags have the same short name in the sharing directory.";
    }
    return null;
  }

  private StatusReport status() {
    ResourceStats stats = context.localLeases().stats().orElse(null);
    BatchStats batching = stats == null ? BatchStats.NONE : stats.batching();
    return new StatusReport(
        context.tag(),
        ThisProcess.PID,
        HostMode.ofThisJvm().label(),
        context.copies(),
        server.copy(),
        server.hostingFor().toMillis(),
        stats != null && stats.loaded(),
        stats == null ? 0 : stats.loads(),
        leaseHolders(stats == null ? 0 : stats.liveLeases()),
        stats == null ? 0 : stats.lockAcquisitions(),
        stats == null ? 0 : stats.lockWaitTime().toNanos(),
        batching.batches(),
        batching.calls(),
        residentBytes());
  }

  /**
   * The leases held, by pid: each client's, which its control connections hold, and the host's own,
   * the rest of the {@code live} leases of its registry (its own DoFns' and its calls').
   */
  private List<StatusReport.LeaseHolder> leaseHolders(int live) {
    Map<Long, Integer> byPid = new TreeMap<>();
    int ofClients = 0;
    for (HostConnection<T> session : server.sessions()) {
      int held = session.leaseCount();
      if (held > 0) {
        byPid.merge(session.clientPid(), held, Integer::sum);
        ofClients += held;
      }
    }
    if (live > ofClients) {
      byPid.merge(ThisProcess.PID, live - ofClients, Integer::sum);
    }
    List<StatusReport.LeaseHolder> holders = new ArrayList<>();
    byPid.forEach((pid, held) -> holders.add(new StatusReport.LeaseHolder(pid, held)));
    return holders;
  }

  private WireOutput unload(WireOutput out, long id, long commandPid) {
    boolean dropped;
    try {
      dropped = context.localLeases().unload();
    } catch (IllegalStateException held) {
      String holders =
          status().leases().stream()
              .map(holder -> "pid " + holder.pid() + " holds " + holder.leases())
              .collect(Collectors.joining(", "));
      return Protocol.writeRefused(
          out,
          id,
          "The JVM with pid "
              + ThisProcess.PID
              + " did not unload shared resource '"
              + context.tag()
              + "': "
              + (holders.isEmpty()
                  ? held.getMessage()
                  : "leases are held ("
                      + holders
                      + "). Unload it once no lease is held: after every DoFn using it has"
                      + " been torn down."));
    }
    LOG.info(
        "Shared resource '{}': the status command (pid {}) unloaded it: {}",
        context.tag(),
        commandPid,
        dropped ? "dropped" : "it was not loaded");
    return Protocol.writeDone(
        out,
        id,
        dropped
            ? "Unloaded shared resource '"
                + context.tag()
                + "' in the JVM with pid "
                + ThisProcess.PID
                + "; the next acquire loads it again."
            : "Shared resource '"
                + context.tag()
                + "' was not loaded in the JVM with pid "
                + ThisProcess.PID
                + "; nothing to unload.");
  }

  private WireOutput stop(WireOutput out, long id, long commandPid) {
    String refused = stopRefusal();
    if (refused != null) {
      return Protocol.writeRefused(out, id, refused);
    }
    stopGranted = true;
    LOG.info(
        "Shared resource '{}': the status command (pid {}) stops this dedicated host",
        context.tag(),
        commandPid);
    return Protocol.writeDone(
        out,
        id,
        "The dedicated host of shared resource '"
            + context.tag()
            + "' (pid "
            + ThisProcess.PID
            + ") stops hosting and exits; its clients fail over.");
  }

  /**
   * Why this host may not be stopped, or null if it may: only a dedicated host, which exists to
   * host, stops and exits; a worker's hosting serves its own DoFns too.
   */
  private @Nullable String stopRefusal() {
    if (HostMode.ofThisJvm() == HostMode.DEDICATED) {
      return null;
    }
    return "The JVM with pid "
        + ThisProcess.PID
        + " hosts shared resource '"
        + context.tag()
        + "' in-worker, beside its own DoFns: stop is for dedicated hosts. To drop the resource,"
        + " unload "
        + context.tag()
        + " once no lease is held.";
  }

  /** This process's resident memory, VmRSS in /proc/self/status; -1 where there is none. */
  private static long residentBytes() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("VmRSS:")) {
          String kilobytes = line.substring("VmRSS:".length()).trim().split("\\s+", 2)[0];
          return Long.parseLong(kilobytes) * 1024;
        }
      }
    } catch (IOException | RuntimeException notLinux) {
      // Unknown.
    }
    return -1;
  }
}
