package io.github.beamshared.runtime.local;

import io.github.beamshared.runtime.Lease;
import io.github.beamshared.runtime.ResourceFactory;
import io.github.beamshared.runtime.ResourceStats;
import io.github.beamshared.runtime.Sharing;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The resources of one JVM, keyed by tag. {@code SharedResources} holds the JVM's instance; tests
 * make their own. See {@link TagEntry} for who loads, who waits and what happens on failure.
 */
public final class LocalRegistry {

  /** System property: how many seconds an acquirer waits for another thread's load. */
  public static final String LOAD_TIMEOUT_PROPERTY = "beamshared.loadTimeoutSeconds";

  static final Duration DEFAULT_LOAD_TIMEOUT = Duration.ofMinutes(30);

  // The longest wait a future can be given (about 292 years); a longer timeout means "forever".
  private static final Duration MAX_LOAD_TIMEOUT = Duration.ofNanos(Long.MAX_VALUE);

  private static final Logger LOG = LoggerFactory.getLogger(LocalRegistry.class);

  private final ConcurrentHashMap<String, TagEntry> entries = new ConcurrentHashMap<>();
  private final Duration loadTimeout;

  public LocalRegistry(Duration loadTimeout) {
    if (loadTimeout.isNegative() || loadTimeout.isZero()) {
      throw new IllegalArgumentException("The load timeout must be positive: " + loadTimeout);
    }
    this.loadTimeout =
        loadTimeout.compareTo(MAX_LOAD_TIMEOUT) > 0 ? MAX_LOAD_TIMEOUT : loadTimeout;
  }

  /**
   * A registry whose load timeout is {@code value} seconds, the setting {@value
   * #LOAD_TIMEOUT_PROPERTY}; the default if it is null or not a positive number.
   */
  public static LocalRegistry withLoadTimeout(String value) {
    if (value == null) {
      return new LocalRegistry(DEFAULT_LOAD_TIMEOUT);
    }
    try {
      return new LocalRegistry(Duration.ofSeconds(Long.parseLong(value.trim())));
    } catch (IllegalArgumentException e) {
      LOG.warn("Ignoring {}={}: expected a positive number of seconds; using {} s",
          LOAD_TIMEOUT_PROPERTY, value, DEFAULT_LOAD_TIMEOUT.toSeconds());
      return new LocalRegistry(DEFAULT_LOAD_TIMEOUT);
    }
  }

  /**
   * Leases the resource of {@code tag}, running {@code factory} if it is not loaded yet.
   *
   * @throws io.github.beamshared.runtime.SharedResourceException if the factory fails, the wait
   *     for another thread's load times out, or the tag is bound to another type or sharing
   */
  public <T> Lease<T> acquire(
      String tag, Class<? super T> type, Sharing sharing, ResourceFactory<? extends T> factory) {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(sharing, "sharing");
    Objects.requireNonNull(factory, "factory");
    if (tag == null || tag.isBlank()) {
      throw new IllegalArgumentException("A shared resource needs a non-blank tag");
    }
    return entries.computeIfAbsent(tag, TagEntry::new).acquire(type, sharing, factory, loadTimeout);
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
