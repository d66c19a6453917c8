package io.github.beamshared.runtime;

import io.github.beamshared.runtime.local.LocalRegistry;
import io.github.beamshared.runtime.machine.MachineConfig;
import io.github.beamshared.runtime.machine.MachineRegistry;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The entry point of the runtime: generated DoFn code acquires its resources here, and pipelines
 * read statistics or unload a tag here.
 *
 * <p>Every resource is held in one registry per JVM, keyed by tag; a machine-wide resource is held
 * in the registry of the one JVM hosting it (see {@link #machineWide(String, RemoteInterface,
 * boolean, ResourceFactory)}). The factory of a tag runs once: concurrent acquirers wait for that
 * single load (bounded by the system property {@value LocalRegistry#LOAD_TIMEOUT_PROPERTY}, in
 * seconds, default 1800). If it throws, every waiting caller gets a {@link SharedResourceException}
 * with the factory's exception as cause, nothing is cached, and the next acquire calls the factory
 * again.
 *
 * <p>A resource stays loaded after its last lease is released, because reloading a multi-gigabyte
 * model each time a runner recycles a DoFn would cost more than keeping it. Call {@link
 * #unload(String)} to drop it explicitly, or set {@value LocalRegistry#UNLOAD_WHEN_UNUSED_PROPERTY}
 * to {@code true} to have each tag's last release unload it: where one JVM runs many jobs, each in
 * a class loader of its own (a Flink session cluster), a resource kept loaded would keep its job's
 * class loader, and this runtime's copy in it, until the JVM exits. The setting is read at each
 * last release of a JVM-wide tag, pipeline options (see {@link #configure}) before the system
 * property; a machine-wide tag's host reads it when machine-wide sharing is set up, as it does the
 * other settings of {@link MachineConfig}.
 */
public final class SharedResources {

  /**
   * Why generated wrappers and proxies refuse {@code close()}, {@code shutdown()}, {@code
   * shutdownNow()}, {@code destroy()} and {@code dispose()}.
   */
  public static final String CLOSE_REFUSED =
      "A shared resource is not closed by its users: other"
          + " DoFn instances still use it, and it stays loaded on purpose. Call"
          + " SharedResources.unload(tag) once no DoFn uses it.";

  private static final Logger LOG = LoggerFactory.getLogger(SharedResources.class);

  /** Settings from pipeline options, in front of system properties; fixed at the first use. */
  private static final Map<String, String> OPTION_SETTINGS = new ConcurrentHashMap<>();

  private static final LocalRegistry REGISTRY = LocalRegistry.fromSettings(new Settings());
  private static final Set<String> IGNORED_SETTINGS = ConcurrentHashMap.newKeySet();
  // Machine-wide sharing, set up at its first use with the settings known then; null before.
  private static volatile @Nullable MachineRegistry machine;

  private SharedResources() {}

  /** Acquires the JVM-wide resource {@code tag}, loading it with {@code factory} if needed. */
  public static <T> Lease<T> jvmWide(
      String tag, Class<? super T> type, ResourceFactory<? extends T> factory) {
    return REGISTRY.acquire(tag, type, Sharing.JVM, factory);
  }

  /**
   * Acquires the machine-wide resource {@code tag}. The first JVM of this OS user on the machine to
   * ask becomes its host: it loads the resource with its {@code factory} and its own threads use it
   * directly. Every other JVM gets {@code remote}'s stub, whose calls run in the host; a
   * non-thread-safe resource runs them one at a time under the host's lock for the tag. If the host
   * dies, a JVM holding leases takes over, loading with its own factory, and calls in flight are
   * retried once. Settings (directory, timeouts, {@code -Dbeamshared.machineWide=false} to share
   * within the JVM only) are described in {@link MachineConfig}.
   */
  public static <T> Lease<T> machineWide(
      String tag,
      RemoteInterface<T> remote,
      boolean threadSafe,
      ResourceFactory<? extends T> factory) {
    return machineWide(tag, remote, threadSafe, 1, factory);
  }

  /**
   * As {@link #machineWide(String, RemoteInterface, boolean, ResourceFactory)}, with {@code copies}
   * copies of the resource on the machine (1 to {@value MachineConfig#MAX_COPIES}), each loaded by
   * a host of its own, for a model one copy of which cannot keep up; the setting {@value
   * MachineConfig#COPIES} overrides it per tag. A JVM with no lease of the tag joins the copy whose
   * host holds the fewest leases, counting a copy without a host as holding none, so that the
   * copies are loaded as JVMs arrive; when a copy's host dies, the JVMs holding its leases elect a
   * new host for that copy.
   */
  public static <T> Lease<T> machineWide(
      String tag,
      RemoteInterface<T> remote,
      boolean threadSafe,
      int copies,
      ResourceFactory<? extends T> factory) {
    return machine().acquire(tag, remote, threadSafe, copies, factory);
  }

  /**
   * Prepares this JVM for its first machine-wide acquire, so that the first DoFn setup does not pay
   * for it: opens the rendezvous directory and sets up the JDK's Unix domain sockets and file locks
   * and this runtime's client classes, tens of milliseconds on a fresh JVM. Connects to nothing and
   * loads no resource; does nothing if machine-wide sharing is off. Machine-wide sharing is set up
   * with the settings known now, so {@link #configure} the pipeline's options first: {@code
   * beam-shared-options} does both when the Beam SDK harness starts processing.
   *
   * @throws SharedResourceException if the rendezvous directory cannot be used
   */
  public static void warmUp() {
    machine().warmUp();
  }

  /**
   * Whether this JVM warmed up for machine-wide sharing, and whether its first machine-wide acquire
   * found it warm; {@link WarmUpStats#NONE} if machine-wide sharing was never used here.
   */
  public static WarmUpStats warmUpStats() {
    MachineRegistry current = machine;
    return current == null ? WarmUpStats.NONE : current.warmUpStats();
  }

  /**
   * Sets machine-wide settings from pipeline options, keyed like the system properties of {@link
   * MachineConfig} they take precedence over. Generated setup code calls it with the pipeline's
   * options before its first machine-wide acquire; settings arriving after machine-wide sharing was
   * set up in this JVM are logged and ignored.
   */
  public static void configure(Map<String, String> settings) {
    if (machine != null) {
      // Every DoFn instance's setup passes the options again: warn once per ignored value. A loop,
      // not forEach with a lambda, which would cost each JVM's second setup ~1 ms.
      for (Map.Entry<String, String> setting : settings.entrySet()) {
        String key = setting.getKey();
        String value = setting.getValue();
        if (!value.equals(OPTION_SETTINGS.get(key)) && IGNORED_SETTINGS.add(key + "=" + value)) {
          LOG.warn(
              "Ignoring {}={}: machine-wide sharing is already set up in this JVM", key, value);
        }
      }
      return;
    }
    OPTION_SETTINGS.putAll(settings);
  }

  /**
   * Machine-wide sharing, set up at its first use with the settings known then. Settings that
   * cannot be read (a directory that is no path) throw a {@link SharedResourceException} naming
   * them at every use, rather than failing a class's initialization for good, and {@link
   * #configure} may still replace them; settings that are read are fixed from then on.
   */
  private static MachineRegistry machine() {
    MachineRegistry current = machine;
    if (current != null) {
      return current;
    }
    synchronized (SharedResources.class) {
      if (machine == null) {
        machine = new MachineRegistry(REGISTRY, MachineConfig.from(new Settings()));
      }
      return machine;
    }
  }

  /** Pipeline options before system settings; a class, as a lambda costs the first acquire. */
  private static final class Settings implements Function<String, String> {
    @Override
    public String apply(String key) {
      String option = OPTION_SETTINGS.get(key);
      return option != null ? option : MachineConfig.systemSetting(key);
    }
  }

  /**
   * Statistics of {@code tag}, empty if it was never acquired in this JVM. The resource's own
   * figures are kept where it is held: for a machine-wide tag by its host, where they count the
   * leases and calls of every JVM, and are 0 in a client JVM. Every JVM that acquired a
   * machine-wide tag also has its {@link ResourceStats#client()} figures: which JVM hosts the tag,
   * and its own calls through the stub, their times and failures, and its failovers.
   */
  public static Optional<ResourceStats> stats(String tag) {
    Optional<ResourceStats> held = REGISTRY.stats(tag);
    MachineRegistry current = machine;
    if (current == null) {
      return held;
    }
    Optional<ClientStats> client = current.clientStats(tag);
    return client.isEmpty() ? held : Optional.of(withClient(tag, held.orElse(null), client.get()));
  }

  /** Statistics of every tag acquired in this JVM, machine-wide ones too, sorted by tag. */
  public static List<ResourceStats> allStats() {
    Map<String, ResourceStats> byTag = new TreeMap<>();
    for (ResourceStats held : REGISTRY.allStats()) {
      byTag.put(held.tag(), held);
    }
    MachineRegistry current = machine;
    if (current != null) {
      for (Map.Entry<String, ClientStats> client : current.allClientStats().entrySet()) {
        String tag = client.getKey();
        byTag.put(tag, withClient(tag, byTag.get(tag), client.getValue()));
      }
    }
    return List.copyOf(byTag.values());
  }

  /** {@code held}, this JVM's registry's statistics of {@code tag} if any, with {@code client}. */
  private static ResourceStats withClient(
      String tag, @Nullable ResourceStats held, ClientStats client) {
    return held == null ? ResourceStats.notHeld(tag, client) : held.withClient(client);
  }

  /**
   * Drops the resource of {@code tag} so that the next acquire loads it anew, closing it first if
   * it is {@link AutoCloseable}. Only allowed once every lease is released, i.e. after every DoFn
   * using it was torn down.
   *
   * @return whether a loaded resource was dropped
   * @throws IllegalStateException if leases of the tag are still held or a load is in progress
   */
  public static boolean unload(String tag) {
    return REGISTRY.unload(tag);
  }
}
