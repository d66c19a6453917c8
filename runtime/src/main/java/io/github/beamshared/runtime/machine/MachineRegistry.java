package io.github.beamshared.runtime.machine;

import io.github.beamshared.runtime.ClientStats;
import io.github.beamshared.runtime.Lease;
import io.github.beamshared.runtime.RemoteInterface;
import io.github.beamshared.runtime.ResourceFactory;
import io.github.beamshared.runtime.SharedResourceException;
import io.github.beamshared.runtime.Sharing;
import io.github.beamshared.runtime.WarmUpStats;
import io.github.beamshared.runtime.local.LocalRegistry;
import io.github.beamshared.runtime.transport.AdmittedTypes;
import io.github.beamshared.runtime.transport.WireCodec;
import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * The machine-wide tags of this JVM. The first acquire of a tag binds it to its interface, its
 * fingerprint, its {@code threadSafe} value and its factory, which loads the resource if this JVM
 * ever hosts it; see {@link MachineTag} for who hosts, loads and waits. With {@value
 * MachineConfig#ENABLED}{@code =false} every tag is shared within the JVM only.
 */
public final class MachineRegistry {

  private final LocalRegistry registry;
  private final MachineConfig config;
  private final ConcurrentHashMap<String, MachineTag<?>> tags = new ConcurrentHashMap<>();
  // Opened on the first machine-wide acquire, so JVMs that never share create no directory.
  private volatile @Nullable Rendezvous rendezvous;
  // What WarmUpStats reports: null until a warm-up finished; the first acquire's view of it.
  private volatile @Nullable Duration warmUpTime;
  private volatile boolean acquiredBefore;
  private volatile boolean firstAcquireWarm;

  public MachineRegistry(LocalRegistry registry, MachineConfig config) {
    this.registry = registry;
    this.config = config;
  }

  /**
   * Leases the machine-wide resource {@code tag}; see {@code SharedResources.machineWide}.
   *
   * @throws SharedResourceException if the load fails or times out, no host answers in time, the
   *     host has another version of the interface, or the tag is bound to something else here
   */
  public <T> Lease<T> acquire(
      String tag,
      RemoteInterface<T> remote,
      boolean threadSafe,
      int copies,
      ResourceFactory<? extends T> factory) {
    return acquire(tag, remote, threadSafe, copies, -1, factory);
  }

  /**
   * As {@link #acquire(String, RemoteInterface, boolean, int, ResourceFactory)}, always of copy
   * {@code pinnedCopy} ({@code -1}: the least leased copy), as a dedicated host hosts the copy it
   * was started for.
   */
  <T> Lease<T> acquire(
      String tag,
      RemoteInterface<T> remote,
      boolean threadSafe,
      int copies,
      int pinnedCopy,
      ResourceFactory<? extends T> factory) {
    Objects.requireNonNull(remote, "remote");
    if (copies < 1 || copies > MachineConfig.MAX_COPIES) {
      throw new IllegalArgumentException(
          "Shared resource '"
              + tag
              + "' is declared with "
              + copies
              + " copies; a machine holds from 1 to "
              + MachineConfig.MAX_COPIES);
    }
    Objects.requireNonNull(factory, "factory");
    if (!config.enabled()) {
      return registry.acquire(tag, remote.type(), Sharing.MACHINE, factory);
    }
    if (tag == null || tag.isBlank()) {
      throw new IllegalArgumentException("A shared resource needs a non-blank tag");
    }
    if (!acquiredBefore) {
      noteFirstAcquire();
    }
    MachineTag<?> bound = tags.get(tag);
    int effectiveCopies = config.copiesOf(tag, copies);
    if (bound == null) {
      bound = bind(tag, remote, threadSafe, effectiveCopies, pinnedCopy, factory);
    }
    return checkBinding(bound, remote, threadSafe, effectiveCopies).acquire();
  }

  /** See {@code SharedResources.warmUp}; nothing when machine-wide sharing is off. */
  public void warmUp() {
    if (!config.enabled()) {
      return;
    }
    long start = System.nanoTime();
    try {
      WarmUp.run(rendezvous());
    } catch (IOException e) {
      throw new SharedResourceException(
          "Warming up machine-wide sharing in " + config.directory() + " failed: " + e, e);
    }
    warmUpTime = Duration.ofNanos(System.nanoTime() - start);
  }

  /** See {@code SharedResources.warmUpStats}. */
  public WarmUpStats warmUpStats() {
    return new WarmUpStats(Optional.ofNullable(warmUpTime), firstAcquireWarm);
  }

  /**
   * Which JVM hosts machine-wide {@code tag} as this JVM knows it, and what this JVM's calls
   * through its stub did; empty if this JVM never acquired it machine-wide.
   */
  public Optional<ClientStats> clientStats(String tag) {
    MachineTag<?> bound = tags.get(tag);
    return bound == null ? Optional.empty() : Optional.of(bound.clientStats());
  }

  /** The {@link #clientStats} of every machine-wide tag this JVM acquired, by tag. */
  public Map<String, ClientStats> allClientStats() {
    Map<String, ClientStats> all = new HashMap<>();
    for (MachineTag<?> bound : tags.values()) {
      all.put(bound.context().tag(), bound.clientStats());
    }
    return all;
  }

  private synchronized void noteFirstAcquire() {
    if (!acquiredBefore) {
      firstAcquireWarm = warmUpTime != null;
      acquiredBefore = true;
    }
  }

  // No lambdas on a fresh JVM's first acquire: each costs ~0.5-1 ms to link there.
  private synchronized <T> MachineTag<?> bind(
      String tag,
      RemoteInterface<T> remote,
      boolean threadSafe,
      int copies,
      int pinnedCopy,
      ResourceFactory<? extends T> factory) {
    MachineTag<?> bound = tags.get(tag);
    if (bound == null) {
      Rendezvous opened = rendezvous();
      bound =
          new MachineTag<>(
              new TagContext<T>(
                  tag,
                  remote,
                  threadSafe,
                  copies,
                  new LocalLeases<T>(registry, tag, remote.type(), factory),
                  new WireCodec(AdmittedTypes.of(remote.type(), remote.serializableTypes())),
                  config,
                  opened.user()),
              opened,
              pinnedCopy);
      tags.put(tag, bound);
    }
    return bound;
  }

  @SuppressWarnings("unchecked") // the interface's class was checked to be the same
  private static <T> MachineTag<T> checkBinding(
      MachineTag<?> bound, RemoteInterface<T> remote, boolean threadSafe, int copies) {
    TagContext<?> context = bound.context();
    if (context.remote().type() != remote.type()
        || !context.remote().fingerprint().equals(remote.fingerprint())
        || context.threadSafe() != threadSafe
        || context.copies() != copies) {
      throw new SharedResourceException(
          "Shared resource tag '"
              + context.tag()
              + "' is bound to "
              + describe(context.remote(), context.threadSafe(), context.copies())
              + " and cannot also be acquired as "
              + describe(remote, threadSafe, copies)
              + ". Give different resources different tags.");
    }
    return (MachineTag<T>) bound;
  }

  private static String describe(RemoteInterface<?> remote, boolean threadSafe, int copies) {
    return "@MultiProcessShared(threadSafe = "
        + threadSafe
        + (copies == 1 ? "" : ", copies = " + copies)
        + ") "
        + remote.type().getName()
        + " (fingerprint "
        + remote.fingerprint()
        + ")";
  }

  /** Whether this JVM hosts {@code tag} now. */
  boolean hosts(String tag) {
    MachineTag<?> bound = tags.get(tag);
    return bound != null && bound.hosts();
  }

  /** How long no JVM has held or acquired a lease of {@code tag} hosted here; zero if one has. */
  Duration unusedFor(String tag) {
    MachineTag<?> bound = tags.get(tag);
    return bound != null && bound.hosts()
        ? bound.context().localLeases().unusedFor()
        : Duration.ZERO;
  }

  /** Stops hosting {@code tag} if no JVM holds a lease of it; returns whether it did. */
  boolean stopHostingIfUnused(String tag) {
    MachineTag<?> bound = tags.get(tag);
    return bound != null && bound.stopHostingIfUnused();
  }

  private Rendezvous rendezvous() {
    Rendezvous opened = rendezvous;
    if (opened == null) {
      synchronized (this) {
        if (rendezvous == null) {
          rendezvous = Rendezvous.open(config.directory());
        }
        opened = rendezvous;
      }
    }
    return opened;
  }
}
