package io.github.beamshared.runtime.machine;

import io.github.beamshared.runtime.SharedResourceException;
import io.github.beamshared.runtime.local.LocalRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How machine-wide sharing is set up in this JVM. Each setting is looked up by its key in a {@code
 * settings} function; {@link #fromSystem()} looks first at the system property ({@code
 * -Dbeamshared.dir}), then at the environment variable of the key upper-cased with dots as
 * underscores ({@code BEAMSHARED_DIR}), then takes the default. A higher-precedence source (a
 * pipeline option) plugs in by wrapping that function. A value that does not parse is logged and
 * replaced by the default.
 *
 * @param enabled {@value #ENABLED}, default true; false shares within the JVM only
 * @param directory {@value #DIRECTORY}: where the JVMs of one OS user meet, default {@code
 *     $XDG_RUNTIME_DIR/beamshared}, else {@code ${java.io.tmpdir}/beamshared-<uid>}
 * @param connectTimeout {@value #CONNECT_TIMEOUT}, default 10: how long a client tries to reach the
 *     JVM holding a tag's lock, including the handshake
 * @param callTimeout {@value #CALL_TIMEOUT}, default 600: how long a client waits for one call
 * @param loadTimeout {@value LocalRegistry#LOAD_TIMEOUT_PROPERTY}, default 1800: how long a client
 *     waits for the host's load, as threads of one JVM wait for each other's
 * @param maxFrameBytes {@value #MAX_FRAME_BYTES}, default 64 MiB: the largest message (a call's
 *     arguments or its result); a peer announcing a larger one is disconnected
 * @param idleConnectionTimeout {@value #IDLE_CONNECTION_TIMEOUT}, default 60: how long a client's
 *     call connection may stay unused before the next call closes it, ending its host thread
 * @param frameTimeout {@value #FRAME_TIMEOUT}, default 60: how long a host gives a message that has
 *     begun to arrive to arrive whole, and an answer to be taken by its reader; a slower peer is
 *     disconnected
 * @param maxConnections {@value #MAX_CONNECTIONS}, default 256: the most connections a host serves
 *     for one tag, from every JVM together, each on a thread of its own; it refuses more
 * @param maxConnectionsPerPeer {@value #MAX_CONNECTIONS_PER_PEER}, default 64: the most of them one
 *     JVM may hold (a client opens at most 33: a control connection and 32 for calls)
 * @param unloadWhenUnused {@value #UNLOAD_WHEN_UNUSED}, default false: true makes a host unload a
 *     tag (closing it if {@link AutoCloseable}) once every JVM's last lease of it is released, and
 *     stop hosting it: its socket, connections, threads and file lock go, and the next acquire
 *     anywhere elects a host again
 * @param dedicatedHost {@value #HOST_MODE}{@code =dedicated} (default {@code in-worker}): the JVM
 *     elected to host a tag starts a host JVM of its own for it instead (see {@link HostProcess})
 *     and calls it like every other JVM, so that the resource outlives the workers
 * @param hostIdleTimeout {@value #HOST_IDLE_TIMEOUT}, default 300: how long a dedicated host keeps
 *     the resource loaded with no lease held before it stops hosting and exits
 * @param hostStartTimeout {@value #HOST_START_TIMEOUT}, default 60: how long a JVM waits for the
 *     dedicated host it started to answer before it stops it and hosts in itself
 * @param hostJava {@value #HOST_JAVA}, default this JVM's {@code bin/java}: the java command of a
 *     dedicated host
 * @param hostJvmOptions {@value #HOST_JVM_OPTIONS}, default none: JVM options of a dedicated host,
 *     separated by spaces (e.g. {@code -Xmx8g})
 * @param copies {@value #COPIES}, e.g. {@code embedder=2,ranker=3}: how many copies of a tag the
 *     machine holds, each with a host of its own, in place of what its field declares; from 1 to
 *     {@value #MAX_COPIES}
 */
public record MachineConfig(
    boolean enabled,
    Path directory,
    Duration connectTimeout,
    Duration callTimeout,
    Duration loadTimeout,
    int maxFrameBytes,
    Duration idleConnectionTimeout,
    Duration frameTimeout,
    int maxConnections,
    int maxConnectionsPerPeer,
    boolean unloadWhenUnused,
    boolean dedicatedHost,
    Duration hostIdleTimeout,
    Duration hostStartTimeout,
    String hostJava,
    List<String> hostJvmOptions,
    Map<String, Integer> copies) {

  public static final String ENABLED = "beamshared.machineWide";
  public static final String DIRECTORY = "beamshared.dir";
  public static final String CONNECT_TIMEOUT = "beamshared.connectTimeoutSeconds";
  public static final String CALL_TIMEOUT = LocalRegistry.CALL_TIMEOUT_PROPERTY;
  public static final String MAX_FRAME_BYTES = "beamshared.maxFrameBytes";
  public static final String IDLE_CONNECTION_TIMEOUT = "beamshared.idleConnectionSeconds";
  public static final String FRAME_TIMEOUT = "beamshared.frameTimeoutSeconds";
  public static final String MAX_CONNECTIONS = "beamshared.maxConnections";
  public static final String MAX_CONNECTIONS_PER_PEER = "beamshared.maxConnectionsPerPeer";
  public static final String UNLOAD_WHEN_UNUSED = LocalRegistry.UNLOAD_WHEN_UNUSED_PROPERTY;
  public static final String HOST_MODE = "beamshared.hostMode";
  public static final String HOST_IDLE_TIMEOUT = "beamshared.hostIdleSeconds";
  public static final String HOST_START_TIMEOUT = "beamshared.hostStartSeconds";
  public static final String HOST_JAVA = "beamshared.hostJava";
  public static final String HOST_JVM_OPTIONS = "beamshared.hostJvmOptions";
  public static final String COPIES = "beamshared.copies";

  /** The most copies of one tag a machine may hold. */
  public static final int MAX_COPIES = 16;

  /** The values of {@value #HOST_MODE}. */
  public static final String IN_WORKER = "in-worker";

  public static final String DEDICATED = "dedicated";

  /**
   * The logger, set up at the first warning, not with this class: the status command reads these
   * settings from the runtime jar alone, without slf4j.
   */
  private static final class Log {
    static final Logger LOG = LoggerFactory.getLogger(MachineConfig.class);
  }

  /** The settings of this JVM's system properties and environment. */
  public static MachineConfig fromSystem() {
    return from(MachineConfig::systemSetting);
  }

  /** The settings {@code settings} returns for each key, null meaning "use the default". */
  public static MachineConfig from(Function<String, String> settings) {
    return new MachineConfig(
        !"false".equalsIgnoreCase(trim(settings.apply(ENABLED))),
        directory(settings.apply(DIRECTORY)),
        seconds(settings, CONNECT_TIMEOUT, 10),
        seconds(settings, CALL_TIMEOUT, 600),
        seconds(settings, LocalRegistry.LOAD_TIMEOUT_PROPERTY, 1800),
        (int) positive(settings, MAX_FRAME_BYTES, 64 << 20, Integer.MAX_VALUE),
        seconds(settings, IDLE_CONNECTION_TIMEOUT, 60),
        seconds(settings, FRAME_TIMEOUT, 60),
        (int) positive(settings, MAX_CONNECTIONS, 256, Integer.MAX_VALUE),
        (int) positive(settings, MAX_CONNECTIONS_PER_PEER, 64, Integer.MAX_VALUE),
        LocalRegistry.unloadWhenUnused(settings.apply(UNLOAD_WHEN_UNUSED)),
        dedicated(trim(settings.apply(HOST_MODE))),
        seconds(settings, HOST_IDLE_TIMEOUT, 300),
        seconds(settings, HOST_START_TIMEOUT, 60),
        Objects.requireNonNullElse(
            trim(settings.apply(HOST_JAVA)),
            Path.of(System.getProperty("java.home"), "bin", "java").toString()),
        words(settings.apply(HOST_JVM_OPTIONS)),
        copies(settings.apply(COPIES)));
  }

  public MachineConfig {
    hostJvmOptions = List.copyOf(hostJvmOptions);
    copies = Map.copyOf(copies);
  }

  /** How many copies of {@code tag} the machine holds: the setting's, else {@code declared}. */
  public int copiesOf(String tag, int declared) {
    return copies.getOrDefault(tag, declared);
  }

  /**
   * These settings keyed like the system properties, as {@link #from} reads them: what a dedicated
   * host is started with, so that it serves as the JVM that started it would have.
   */
  public Map<String, String> toSettings() {
    Map<String, String> settings = new LinkedHashMap<>();
    settings.put(ENABLED, Boolean.toString(enabled));
    settings.put(DIRECTORY, directory.toString());
    settings.put(CONNECT_TIMEOUT, Long.toString(connectTimeout.toSeconds()));
    settings.put(CALL_TIMEOUT, Long.toString(callTimeout.toSeconds()));
    settings.put(LocalRegistry.LOAD_TIMEOUT_PROPERTY, Long.toString(loadTimeout.toSeconds()));
    settings.put(MAX_FRAME_BYTES, Integer.toString(maxFrameBytes));
    settings.put(IDLE_CONNECTION_TIMEOUT, Long.toString(idleConnectionTimeout.toSeconds()));
    settings.put(FRAME_TIMEOUT, Long.toString(frameTimeout.toSeconds()));
    settings.put(MAX_CONNECTIONS, Integer.toString(maxConnections));
    settings.put(MAX_CONNECTIONS_PER_PEER, Integer.toString(maxConnectionsPerPeer));
    settings.put(UNLOAD_WHEN_UNUSED, Boolean.toString(unloadWhenUnused));
    settings.put(HOST_MODE, dedicatedHost ? DEDICATED : IN_WORKER);
    settings.put(HOST_IDLE_TIMEOUT, Long.toString(hostIdleTimeout.toSeconds()));
    settings.put(HOST_START_TIMEOUT, Long.toString(hostStartTimeout.toSeconds()));
    settings.put(HOST_JAVA, hostJava);
    settings.put(HOST_JVM_OPTIONS, String.join(" ", hostJvmOptions));
    settings.put(
        COPIES,
        copies.entrySet().stream()
            .map(copy -> copy.getKey() + "=" + copy.getValue())
            .collect(Collectors.joining(",")));
    return settings;
  }

  private static boolean dedicated(@Nullable String mode) {
    if (mode == null || mode.isEmpty() || mode.equalsIgnoreCase(IN_WORKER)) {
      return false;
    }
    if (mode.equalsIgnoreCase(DEDICATED)) {
      return true;
    }
    ignoring(HOST_MODE, mode, IN_WORKER + " or " + DEDICATED, IN_WORKER);
    return false;
  }

  /**
   * "tag=N,tag2=M"; an entry that does not parse, or is out of range, is warned of and left out.
   */
  private static Map<String, Integer> copies(@Nullable String value) {
    Map<String, Integer> copies = new LinkedHashMap<>();
    if (value == null || value.isBlank()) {
      return copies;
    }
    for (String entry : value.split(",", -1)) {
      int equals = entry.lastIndexOf('=');
      try {
        int count = Integer.parseInt(entry.substring(equals + 1).trim());
        if (equals > 0 && count >= 1 && count <= MAX_COPIES) {
          copies.put(entry.substring(0, equals).trim(), count);
          continue;
        }
      } catch (NumberFormatException e) {
        // Reported below.
      }
      ignoring(COPIES, entry, "tag=N with N from 1 to " + MAX_COPIES, "the declared copies");
    }
    return copies;
  }

  private static List<String> words(@Nullable String value) {
    return value == null || value.isBlank() ? List.of() : List.of(value.trim().split("\\s+", -1));
  }

  private static Path directory(String setting) {
    try {
      return setting == null || setting.isBlank()
          ? defaultDirectory(System.getenv("XDG_RUNTIME_DIR"))
          : Path.of(setting.trim());
    } catch (InvalidPathException e) {
      throw new SharedResourceException(
          "The machine-wide sharing directory "
              + DIRECTORY
              + "="
              + setting
              + " is not a path on this system ("
              + e.getMessage()
              + "). Set -D"
              + DIRECTORY
              + " to a directory this user may create, in characters the JVM's file"
              + " encoding (sun.jnu.encoding) can hold.",
          e);
    }
  }

  /**
   * Where the JVMs of this OS user meet unless told otherwise: {@code beamshared} in the user's
   * runtime directory {@code runtimeDirectory} ({@code $XDG_RUNTIME_DIR}, which only the user may
   * write to, so no other user can take the name first) if it is set and a directory of this
   * user's; else {@code beamshared-<uid>} in {@code java.io.tmpdir}, by the numeric user id, which
   * unlike a user name no setting changes.
   */
  static Path defaultDirectory(String runtimeDirectory) {
    if (runtimeDirectory != null && !runtimeDirectory.isBlank()) {
      try {
        Path runtime = Path.of(runtimeDirectory.trim());
        if (Files.isDirectory(runtime, LinkOption.NOFOLLOW_LINKS)
            && Files.getOwner(runtime, LinkOption.NOFOLLOW_LINKS)
                .getName()
                .equals(System.getProperty("user.name"))) {
          return runtime.resolve("beamshared");
        }
      } catch (IOException | RuntimeException unusable) {
        // Fall back to the temporary directory.
      }
    }
    return Path.of(System.getProperty("java.io.tmpdir"), "beamshared-" + userId());
  }

  /** The numeric id of this process's OS user, from /proc; the user's name elsewhere. */
  private static String userId() {
    try {
      return Files.getAttribute(Path.of("/proc/self"), "unix:uid").toString();
    } catch (IOException | RuntimeException notLinux) {
      return System.getProperty("user.name");
    }
  }

  /** The system property {@code key}, else the environment variable named after it. */
  public static String systemSetting(String key) {
    String property = System.getProperty(key);
    return property != null
        ? property
        : System.getenv(key.toUpperCase(Locale.ROOT).replace('.', '_'));
  }

  private static Duration seconds(Function<String, String> settings, String key, long fallback) {
    return Duration.ofSeconds(positive(settings, key, fallback, Long.MAX_VALUE / 1_000_000_000L));
  }

  private static long positive(
      Function<String, String> settings, String key, long fallback, long max) {
    String value = trim(settings.apply(key));
    if (value == null) {
      return fallback;
    }
    try {
      long parsed = Long.parseLong(value);
      if (parsed > 0) {
        return Math.min(parsed, max);
      }
    } catch (NumberFormatException e) {
      // Reported below.
    }
    ignoring(key, value, "a positive whole number", fallback);
    return fallback;
  }

  /** Warns of a value that does not parse: in the log, or without slf4j (the command) on stderr. */
  private static void ignoring(String key, String value, String expected, Object fallback) {
    try {
      Log.LOG.warn("Ignoring {}={}: expected {}; using {}", key, value, expected, fallback);
    } catch (NoClassDefFoundError noSlf4j) {
      System.err.println(
          "Ignoring " + key + "=" + value + ": expected " + expected + "; using " + fallback);
    }
  }

  private static @Nullable String trim(@Nullable String value) {
    return value == null ? null : value.trim();
  }
}
