package io.github.beamshared.sample;

import static java.nio.file.StandardCopyOption.ATOMIC_MOVE;
import static java.nio.file.StandardCopyOption.REPLACE_EXISTING;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.net.URLConnection;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.Set;

/**
 * Class-path resources copied to files once per machine, for code that reads files, not streams:
 * ONNX Runtime maps a model from a path, and the OS loads native libraries from one.
 *
 * <p>Several JVMs may copy at the same time: each writes a temporary file beside the target and
 * moves it into place atomically, so none ever reads a half-written file, and the last move
 * replaces a whole file with an identical one.
 */
final class ResourceFiles {

  private static final Set<PosixFilePermission> OWNER_ONLY =
      PosixFilePermissions.fromString("rwx------");
  private static final Set<PosixFilePermission> OTHERS_WRITE =
      Set.of(PosixFilePermission.GROUP_WRITE, PosixFilePermission.OTHERS_WRITE);

  private ResourceFiles() {}

  /**
   * {@code target}, first copied from {@code resource} unless it already has the resource's size.
   * The size is the only check, so that a reused file costs no reading.
   */
  static Path copy(URL resource, Path target) throws IOException {
    URLConnection connection = resource.openConnection();
    long size = connection.getContentLengthLong();
    if (size >= 0 && Files.isRegularFile(target) && Files.size(target) == size) {
      return target;
    }
    Path temporary =
        Files.createTempFile(target.getParent(), target.getFileName().toString(), ".tmp");
    try {
      try (InputStream in = connection.getInputStream()) {
        Files.copy(in, temporary, REPLACE_EXISTING);
      }
      Files.move(temporary, target, ATOMIC_MOVE, REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(temporary);
    }
    return target;
  }

  /**
   * {@code directory}, created if missing, where no other user may have put files: it and its
   * parent must belong to this JVM's user, and lose any write permission of group or others. Its
   * files are loaded as native code and as a model, and java.io.tmpdir is open to every user. File
   * systems without POSIX permissions are taken as they are.
   */
  static Path ownDirectory(Path directory) throws IOException {
    Path absolute = directory.toAbsolutePath().normalize();
    Files.createDirectories(absolute.getParent());
    if (!FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
      Files.createDirectories(absolute);
      return absolute;
    }
    try {
      Files.createDirectory(absolute, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
    } catch (FileAlreadyExistsException raced) {
      // Made by an earlier run or another JVM: checked like any other.
    }
    UserPrincipal user = ownerOfANewFileIn(absolute);
    restrict(absolute.getParent(), user);
    restrict(absolute, user);
    return absolute;
  }

  private static void restrict(Path directory, UserPrincipal user) throws IOException {
    PosixFileAttributes attributes =
        Files.readAttributes(directory, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    if (!attributes.isDirectory() || !attributes.owner().equals(user)) {
      throw new IOException(
          directory
              + " is not a directory of "
              + user.getName()
              + " (a link, a file, or another user's); remove it or set -Djava.io.tmpdir elsewhere");
    }
    Set<PosixFilePermission> permissions = attributes.permissions();
    if (permissions.removeAll(OTHERS_WRITE)) {
      Files.setPosixFilePermissions(directory, permissions);
    }
  }

  private static UserPrincipal ownerOfANewFileIn(Path directory) throws IOException {
    Path probe = Files.createTempFile(directory, "owner", ".tmp");
    try {
      return Files.getOwner(probe);
    } finally {
      Files.deleteIfExists(probe);
    }
  }
}
