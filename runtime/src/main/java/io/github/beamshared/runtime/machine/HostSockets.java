package io.github.beamshared.runtime.machine;

import java.io.IOException;
import java.nio.channels.SocketChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/**
 * A rendezvous directory as the status command sees it from outside every host: the tags' sockets
 * in it, the pid in a socket's lock file, and the check of a host's OS user that a client makes. It
 * loads no class that logs: the command runs from the runtime jar alone, without slf4j.
 */
public final class HostSockets {

  private HostSockets() {}

  /**
   * The tags' sockets in {@code directory}, sorted; none if it does not exist. The warm-up's
   * sockets, which no tag is served on, are left out.
   */
  public static List<Path> list(Path directory) throws IOException {
    List<Path> sockets = new ArrayList<>();
    try (DirectoryStream<Path> files =
        Files.newDirectoryStream(directory, "*" + Rendezvous.SOCKET_SUFFIX)) {
      for (Path file : files) {
        if (!file.getFileName().toString().startsWith(Rendezvous.WARM_UP_PREFIX)) {
          sockets.add(file);
        }
      }
    } catch (NoSuchFileException | NotDirectoryException missing) {
      return List.of();
    }
    sockets.sort(null);
    return sockets;
  }

  /**
   * The sockets {@code tag}'s copies are served on in {@code directory}, as far as they exist: the
   * first copy's, and those of the others (see {@link Rendezvous#slot}).
   */
  public static List<Path> socketsOf(Path directory, String tag) {
    List<Path> sockets = new ArrayList<>();
    for (int copy = 0; copy < MachineConfig.MAX_COPIES; copy++) {
      Path socket = Rendezvous.socketFile(directory, Rendezvous.slot(tag, copy));
      if (Files.exists(socket)) {
        sockets.add(socket);
      }
    }
    return sockets;
  }

  /**
   * The pid the host wrote into the lock file beside {@code socket}, if there is one: a host clears
   * it when it stands down, and a host that died leaves it.
   */
  public static OptionalLong lockHolder(Path socket) {
    String name = socket.getFileName().toString();
    String base = name.substring(0, name.length() - Rendezvous.SOCKET_SUFFIX.length());
    try {
      // Only reads: this process holds no lock that closing the file could release.
      return OptionalLong.of(
          Long.parseLong(
              Files.readString(socket.resolveSibling(base + Rendezvous.LOCK_SUFFIX)).trim()));
    } catch (IOException | NumberFormatException none) {
      return OptionalLong.empty();
    }
  }

  /** This process's OS user, which every host it talks to must run as. */
  public static UserPrincipal currentUser() {
    return Rendezvous.currentUser();
  }

  /**
   * Checks that the process at the other end of {@code channel} runs as {@code user}, as clients
   * check their host, before anything it sends is trusted.
   *
   * @throws IOException if it runs as another user
   */
  public static void checkPeer(SocketChannel channel, UserPrincipal user) throws IOException {
    PeerUser.check(channel, user);
  }
}
