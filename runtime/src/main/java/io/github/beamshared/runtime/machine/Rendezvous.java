package io.github.beamshared.runtime.machine;

import io.github.beamshared.runtime.SharedResourceException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.HexFormat;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The directory where the JVMs of one OS user meet, and each tag's two files in it: {@code
 * <name>.lock}, whose file lock elects the tag's host, and {@code <name>.sock}, the host's Unix
 * domain socket. A name is the tag's start, sanitized, and a hash of the whole tag, so that socket
 * paths stay within the 107 bytes a socket address may have.
 *
 * <p>Opening creates the directory with mode 0700. An existing one that is a symbolic link or is
 * owned by another user is refused; one open to others is repaired to 0700.
 */
final class Rendezvous {

  // A tag's files are <short name>.lock and .sock; the warm-up's sockets start with warm-up-.
  static final String SOCKET_SUFFIX = ".sock";
  static final String LOCK_SUFFIX = ".lock";
  static final String WARM_UP_PREFIX = "warm-up-";

  // sun_path holds 108 bytes, including the terminating NUL.
  private static final int MAX_SOCKET_PATH_BYTES = 107;
  private static final int READABLE_CHARS = 24;
  private static final int HASH_CHARS = 12;
  private static final Set<PosixFilePermission> OWNER_ONLY =
      PosixFilePermissions.fromString("rwx------");

  /**
   * The logger, set up at the first warning, not with this class: the status command names sockets
   * with it from the runtime jar alone, without slf4j.
   */
  private static final class Log {
    static final Logger LOG = LoggerFactory.getLogger(Rendezvous.class);
  }

  private final Path directory;
  private final UserPrincipal user;

  private Rendezvous(Path directory, UserPrincipal user) {
    this.directory = directory;
    this.user = user;
  }

  /** Creates or checks {@code directory}; see the class comment. */
  static Rendezvous open(Path directory) {
    Path absolute = directory.toAbsolutePath().normalize();
    int longest =
        (absolute + "/" + "x".repeat(READABLE_CHARS + 1 + HASH_CHARS) + ".sock")
            .getBytes(StandardCharsets.UTF_8)
            .length;
    if (longest > MAX_SOCKET_PATH_BYTES) {
      throw new SharedResourceException(
          "The machine-wide sharing directory "
              + absolute
              + " is too long for Unix domain socket paths ("
              + longest
              + " of at most "
              + MAX_SOCKET_PATH_BYTES
              + " bytes); set -D"
              + MachineConfig.DIRECTORY
              + " to a shorter directory.");
    }
    UserPrincipal user = currentUser();
    try {
      if (absolute.getParent() != null) {
        Files.createDirectories(absolute.getParent());
      }
      if (!Files.exists(absolute, LinkOption.NOFOLLOW_LINKS)) {
        try {
          Files.createDirectory(absolute, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
        } catch (FileAlreadyExistsException raced) {
          // Another JVM created it; checked below like any existing directory.
        }
      }
      check(absolute, user);
      return new Rendezvous(absolute, user);
    } catch (IOException e) {
      throw new SharedResourceException(
          "Cannot set up the machine-wide sharing directory "
              + absolute
              + ": "
              + e
              + ". Set -D"
              + MachineConfig.DIRECTORY
              + " to a directory this user may create.",
          e);
    }
  }

  /** The OS user of this JVM; only its JVMs may connect. */
  UserPrincipal user() {
    return user;
  }

  Path lockFile(String tag) {
    return directory.resolve(shortName(tag) + LOCK_SUFFIX);
  }

  /** A file to lock when warming up: no tag's files, which end in a hash, have its name. */
  Path warmUpFile() {
    return directory.resolve("warm-up.lock");
  }

  /**
   * A socket of this copy of the runtime to warm up on: named by the pid and by this class, which
   * each copy of the runtime in a JVM (one per job's class loader) has its own of. Tags' files end
   * in a hash, so none has its name.
   */
  Path warmUpSocket() {
    return directory.resolve(
        WARM_UP_PREFIX
            + ThisProcess.PID
            + "-"
            + Integer.toHexString(System.identityHashCode(Rendezvous.class))
            + SOCKET_SUFFIX);
  }

  Path socketFile(String tag) {
    return socketFile(directory, tag);
  }

  /** The socket of {@code tag} (or of a copy's slot) in {@code directory}. */
  static Path socketFile(Path directory, String tag) {
    return directory.resolve(shortName(tag) + SOCKET_SUFFIX);
  }

  /** What a dedicated host of {@code tag} is started with; it deletes the file once read. */
  Path recipeFile(String tag) {
    return directory.resolve(shortName(tag) + ".recipe");
  }

  /** Where a dedicated host of {@code tag} writes its output, every host after the last. */
  Path hostLog(String tag) {
    return directory.resolve(shortName(tag) + ".host.log");
  }

  /**
   * What copy {@code copy} of {@code tag} names its files after: the tag for the first copy, as it
   * always was, and e.g. {@code model#1} for the second.
   */
  static String slot(String tag, int copy) {
    return copy == 0 ? tag : tag + "#" + copy;
  }

  /** The tag in quotes, and which copy of how many where it has several: for messages. */
  static String describe(String tag, int copy, int copies) {
    return copies == 1
        ? "'" + tag + "'"
        : "'" + tag + "' (copy " + (copy + 1) + " of " + copies + ")";
  }

  static String shortName(String tag) {
    StringBuilder name = new StringBuilder();
    for (int i = 0; i < tag.length() && name.length() < READABLE_CHARS; i++) {
      char c = tag.charAt(i);
      name.append(c < 128 && (Character.isLetterOrDigit(c) || c == '-' || c == '_') ? c : '_');
    }
    // 64-bit FNV-1a, not SHA-256: MessageDigest would set up the JDK's security providers
    // (~100 classes) on a fresh JVM's first acquire. The hash only keeps distinct tags apart.
    long hash = 0xcbf29ce484222325L;
    for (byte b : tag.getBytes(StandardCharsets.UTF_8)) {
      hash = (hash ^ (b & 0xff)) * 0x100000001b3L;
    }
    return name + "-" + HexFormat.of().toHexDigits(hash).substring(0, HASH_CHARS);
  }

  private static void check(Path directory, UserPrincipal user) throws IOException {
    PosixFileAttributes attributes =
        Files.readAttributes(directory, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    if (!attributes.isDirectory()) {
      throw new SharedResourceException(
          "The machine-wide sharing directory "
              + directory
              + " is not a directory (a symbolic link or a file); remove it or set -D"
              + MachineConfig.DIRECTORY
              + " elsewhere.");
    }
    if (!attributes.owner().equals(user)) {
      throw new SharedResourceException(
          "The machine-wide sharing directory "
              + directory
              + " belongs to "
              + attributes.owner().getName()
              + ", not to "
              + user.getName()
              + "; another user could impersonate the host. Set -D"
              + MachineConfig.DIRECTORY
              + " to a directory of your own.");
    }
    if (!attributes.permissions().equals(OWNER_ONLY)) {
      Log.LOG.warn(
          "Machine-wide sharing directory {} had mode {}; setting it to rwx------",
          directory,
          PosixFilePermissions.toString(attributes.permissions()));
      Files.setPosixFilePermissions(directory, OWNER_ONLY);
    }
  }

  // The owner of a file this JVM creates: its effective user, with no native call. Not
  // Files.createTempFile, whose random name sets up SecureRandom and the JDK's security providers;
  // CREATE_NEW makes a clock-based name safe against another JVM probing at the same time.
  static UserPrincipal currentUser() {
    Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
    try {
      return ownerOfAFileIn(tmp);
    } catch (IOException e) {
      throw new SharedResourceException(
          "Cannot tell this JVM's OS user, which machine-wide"
              + " sharing checks its directory and every peer against, by creating a file in"
              + " java.io.tmpdir ("
              + tmp
              + "): "
              + e
              + ". Set -Djava.io.tmpdir to a directory this"
              + " user may write.",
          e);
    }
  }

  private static UserPrincipal ownerOfAFileIn(Path tmp) throws IOException {
    for (int attempt = 1; ; attempt++) {
      Path probe = tmp.resolve("beamshared-" + Long.toHexString(System.nanoTime()) + ".owner");
      try {
        Files.createFile(probe);
      } catch (FileAlreadyExistsException taken) {
        if (attempt < 100) {
          continue;
        }
        throw taken;
      }
      try {
        return Files.getOwner(probe);
      } finally {
        Files.deleteIfExists(probe);
      }
    }
  }
}
