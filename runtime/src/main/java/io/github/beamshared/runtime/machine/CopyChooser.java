package io.github.beamshared.runtime.machine;

import io.github.beamshared.runtime.protocol.Protocol;
import io.github.beamshared.runtime.protocol.StatusReport;
import io.github.beamshared.runtime.transport.WireOutput;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Which copy of a tag declared with several a JVM joins when it holds no lease of it: the one whose
 * host holds the fewest leases, every JVM's counted. A copy without a live host counts as holding
 * none, so that the copies get hosts, and load, as JVMs arrive; ties go to the lowest copy. It asks
 * every copy's host at once, as the status command does, bounded by the connect timeout; a host
 * that does not answer in time counts as holding none.
 */
final class CopyChooser {

  private CopyChooser() {}

  static int leastLeased(TagContext<?> context, Rendezvous rendezvous) {
    int copies = context.copies();
    HostProbe[] probes = new HostProbe[copies];
    for (int copy = 0; copy < copies; copy++) {
      Path socket = rendezvous.socketFile(context.slot(copy));
      if (Files.exists(socket)) {
        try {
          probes[copy] =
              HostProbe.start(
                  socket,
                  Protocol.writeStatus(new WireOutput(), 1, ThisProcess.PID),
                  context.user());
        } catch (IOException unreachable) {
          // Counts as a copy without a host.
        }
      }
    }
    long deadline = System.nanoTime() + context.config().connectTimeout().toNanos();
    int least = 0;
    long leastLeases = Long.MAX_VALUE;
    for (int copy = 0; copy < copies; copy++) {
      long leases =
          probes[copy] == null
              ? 0
              : leases(probes[copy].await(deadline, context.config().connectTimeout()));
      if (leases < leastLeases) {
        least = copy;
        leastLeases = leases;
      }
    }
    return least;
  }

  private static long leases(Reply reply) {
    StatusReport report = reply.report();
    if (reply.state() != HostState.LIVE || report == null) {
      return 0;
    }
    return report.leases().stream().mapToLong(StatusReport.LeaseHolder::leases).sum();
  }
}
