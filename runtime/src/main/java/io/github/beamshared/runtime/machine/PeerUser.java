package io.github.beamshared.runtime.machine;

import java.io.IOException;
import java.net.ProtocolException;
import java.nio.channels.SocketChannel;
import java.nio.file.attribute.UserPrincipal;
import jdk.net.ExtendedSocketOptions;
import jdk.net.UnixDomainPrincipal;

/**
 * Checks, through the socket's peer credentials, that the process at the other end of a Unix domain
 * socket runs as this JVM's OS user. The directory's mode keeps other users out already; this holds
 * even if the directory was opened up by mistake.
 */
final class PeerUser {

  private PeerUser() {}

  static void check(SocketChannel channel, UserPrincipal user) throws IOException {
    UnixDomainPrincipal peer = channel.getOption(ExtendedSocketOptions.SO_PEERCRED);
    if (!peer.user().equals(user)) {
      throw new ProtocolException(
          "The peer runs as " + peer.user().getName() + ", not as " + user.getName());
    }
  }
}
