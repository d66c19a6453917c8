package io.github.beamshared.runtime.local;

import io.github.beamshared.runtime.BatchMethod;
import io.github.beamshared.runtime.Lease;
import io.github.beamshared.runtime.ResourceFactory;
import io.github.beamshared.runtime.ResourceStats;
import io.github.beamshared.runtime.Sharing;
import io.github.beamshared.runtime.batch.CallQueue;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The resources of one JVM, keyed by tag. {@code SharedResources} holds the JVM's instance; tests
 * make their own. See {@link TagEntry} for who loads, who waits and what happens on failure.
 */
public final class LocalRegistry {

  /** System property: how many seconds an acquirer waits for another thread's load. */
  public static final String LOAD_TIMEOUT_PROPERTY = "beamshared.loadTimeoutSeconds";

  /**
   * System property: how many seconds a call may wait, for its batch here or for another JVM's
   * answer.
   */
  public static final String CALL_TIMEOUT_PROPERTY = "beamshared.callTimeoutSeconds";

  /**
   * Setting: {@code true} unloads a tag, closing it if {@link AutoCloseable}, when its last lease
   * is released, instead of keeping it loaded until {@code SharedResources.unload} or the JVM's
   * exit; default {@code false}.
   */
  public static final String UNLOAD_WHEN_UNUSED_PROPERTY = "beamshared.unloadWhenUnused";

  static final Duration DEFAULT_LOAD_TIMEOUT = Duration.ofMinutes(30);
  static final Duration DEFAULT_CALL_TIMEOUT = Duration.ofMinutes(10);

  // The longest wait a future can be given (about 292 years); a longer timeout means "forever".
  private static final Duration MAX_TIMEOUT = Duration.ofNanos(Long.MAX_VALUE);

  /**
   * The logger, set up at the first warning, not with this class: the status command reads the
   * machine-wide settings, which use {@link #unloadWhenUnused(String)}, without slf4j.
   */
  private static final class Log {
    static final Logger LOG = LoggerFactory.getLogger(LocalRegistry.class);
  }

  private final ConcurrentHashMap<String, TagEntry> entries = new ConcurrentHashMap<>();
  // Tags whose machine-wide host decides when they are unloaded.
  private final Set<String> hostedTags = ConcurrentHashMap.newKeySet();
  private final Duration loadTimeout;
  private final Duration callTimeout;
  private final BooleanSupplier unloadWhenUnused;

  /** A registry with the default call timeout, keeping resources loaded. */
  public LocalRegistry(Duration loadTimeout) {
    this(loadTimeout, DEFAULT_CALL_TIMEOUT, () -> false);
  }

  /**
   * A registry whose tags are unloaded at their last release while {@code unloadWhenUnused} says
   * so, asked at each last release.
   */
  public LocalRegistry(
      Duration loadTimeout, Duration callTimeout, BooleanSupplier unloadWhenUnused) {
    this.loadTimeout = bounded(loadTimeout, "load");
    this.callTimeout = bounded(callTimeout, "call");
    this.unloadWhenUnused = unloadWhenUnused;
  }

  private static Duration bounded(Duration timeout, String what) {
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("The " + what + " timeout must be positive: " + timeout);
    }
    return timeout.compareTo(MAX_TIMEOUT) > 0 ? MAX_TIMEOUT : timeout;
  }

  /**
   * A registry whose timeouts are the settings {@value #LOAD_TIMEOUT_PROPERTY} and {@value
   * #CALL_TIMEOUT_PROPERTY}, in seconds, as {@code settings} gives them now; the defaults where
   * they are null or not a positive number. {@value #UNLOAD_WHEN_UNUSED_PROPERTY} is looked up in
   * {@code settings} at each last release, so that settings given later (pipeline options) count.
   */
  public static LocalRegistry fromSettings(Function<String, String> settings) {
    return new LocalRegistry(
        seconds(settings, LOAD_TIMEOUT_PROPERTY, DEFAULT_LOAD_TIMEOUT),
        seconds(settings, CALL_TIMEOUT_PROPERTY, DEFAULT_CALL_TIMEOUT),
        new UnloadSetting(settings));
  }

  /** Whether {@code value} of {@value #UNLOAD_WHEN_UNUSED_PROPERTY} asks to unload: "true". */
  public static boolean unloadWhenUnused(String value) {
    return value != null && "true".equalsIgnoreCase(value.trim());
  }

  private record UnloadSetting(Function<String, String> settings) implements BooleanSupplier {
    @Override
    public boolean getAsBoolean() {
      return unloadWhenUnused(settings.apply(UNLOAD_WHEN_UNUSED_PROPERTY));
    }
  }

  private static Duration seconds(
      Function<String, String> settings, String key, Duration fallback) {
    String value = settings.apply(key);
    if (value == null) {
      return fallback;
    }
    try {
      long seconds = Long.parseLong(value.trim());
      if (seconds > 0) {
        return Duration.ofSeconds(seconds);
      }
    } catch (NumberFormatException e) {
      // Reported below.
    }
    Log.LOG.warn(
        "Ignoring {}={}: expected a positive number of seconds; using {} s",
        key,
        value,
        fallback.toSeconds());
    return fallback;
  }

  /**
   * Leases the resource of {@code tag}, running {@code factory} if it is not loaded yet.
   *
   * @throws io.github.beamshared.runtime.SharedResourceException if the factory fails, the wait for
   *     another thread's load times out, or the tag is bound to another type or sharing
   */
  public <T> Lease<T> acquire(
      String tag, Class<? super T> type, Sharing sharing, ResourceFactory<? extends T> factory) {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(sharing, "sharing");
    Objects.requireNonNull(factory, "factory");
    if (tag == null || tag.isBlank()) {
      throw new IllegalArgumentException("A shared resource needs a non-blank tag");
    }
    return entries
        .computeIfAbsent(tag, this::newEntry)
        .acquire(type, sharing, factory, loadTimeout);
  }

  private TagEntry newEntry(String tag) {
    return new TagEntry(tag, callTimeout, this);
  }

  /**
   * Leaves the unloading of {@code tag} to this JVM's machine-wide host of it: its last release
   * here never unloads it by itself, whatever {@value #UNLOAD_WHEN_UNUSED_PROPERTY} says.
   */
  public void hostedElsewhere(String tag) {
    hostedTags.add(tag);
  }

  /** The last lease of {@code entry} was released: unloads it if the setting says so. */
  void unused(TagEntry entry) {
    if (!hostedTags.contains(entry.tag()) && unloadWhenUnused.getAsBoolean()) {
      entry.unloadIfUnused();
    }
  }

  /**
   * The queue of {@code method}'s calls on the resource of {@code tag}, which a held lease keeps
   * loaded: one batch at a time under the tag's lock unless {@code threadSafe}.
   *
   * @throws IllegalStateException if the resource is not loaded
   */
  public <T> CallQueue<T> queue(String tag, BatchMethod<T> method, boolean threadSafe) {
    TagEntry entry = entries.get(tag);
    if (entry == null) {
      throw new IllegalStateException("Shared resource '" + tag + "' was never acquired here");
    }
    return entry.queue(method, threadSafe);
  }

  public Optional<ResourceStats> stats(String tag) {
    TagEntry entry = entries.get(tag);
    return entry == null ? Optional.empty() : Optional.of(entry.stats());
  }

  public List<ResourceStats> allStats() {
    return entries.values().stream()
        .map(TagEntry::stats)
        .sorted(Comparator.comparing(ResourceStats::tag))
        .toList();
  }

  /** See {@code SharedResources.unload}. */
  public boolean unload(String tag) {
    TagEntry entry = entries.get(tag);
    return entry != null && entry.unload();
  }
}
