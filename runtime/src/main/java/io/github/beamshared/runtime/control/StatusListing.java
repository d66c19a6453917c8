package io.github.beamshared.runtime.control;

import io.github.beamshared.runtime.machine.HostProbe;
import io.github.beamshared.runtime.machine.HostSockets;
import io.github.beamshared.runtime.machine.HostState;
import io.github.beamshared.runtime.machine.Reply;
import io.github.beamshared.runtime.protocol.Protocol;
import io.github.beamshared.runtime.transport.WireOutput;
import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/**
 * Every host of a rendezvous directory, asked for its STATUS all at once, so that the listing takes
 * at most one bound however many hosts are stale or stuck.
 */
final class StatusListing {

  /**
   * One tag's socket and what its host answered.
   *
   * @param lockHolder for a host that did not answer, the pid in the tag's lock file, if any
   */
  record Row(Path socket, Reply reply, OptionalLong lockHolder) {

    /** Whether the lock file's pid names a running process. */
    boolean holderAlive() {
      return lockHolder.isPresent()
          && ProcessHandle.of(lockHolder.getAsLong()).map(ProcessHandle::isAlive).orElse(false);
    }
  }

  private StatusListing() {}

  /**
   * The hosts on the sockets in {@code directory}, which must run as this process's user, each
   * given at most {@code bound} to answer; none if the directory is missing or empty. A socket
   * removed meanwhile, whose host stood down, is left out.
   */
  static List<Row> of(Path directory, Duration bound) throws IOException {
    List<Path> sockets = HostSockets.list(directory);
    if (sockets.isEmpty()) {
      return List.of();
    }
    UserPrincipal user = HostSockets.currentUser();
    long pid = ProcessHandle.current().pid();
    long deadline = System.nanoTime() + bound.toNanos();
    List<HostProbe> probes = new ArrayList<>();
    for (Path socket : sockets) {
      probes.add(HostProbe.start(socket, Protocol.writeStatus(new WireOutput(), 1, pid), user));
    }
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < sockets.size(); i++) {
      Reply reply = probes.get(i).await(deadline, bound);
      if (reply.state() == HostState.GONE) {
        continue;
      }
      Path socket = sockets.get(i);
      rows.add(
          new Row(
              socket,
              reply,
              reply.state() == HostState.LIVE
                  ? OptionalLong.empty()
                  : HostSockets.lockHolder(socket)));
    }
    return rows;
  }
}
