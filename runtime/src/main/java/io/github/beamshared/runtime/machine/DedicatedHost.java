package io.github.beamshared.runtime.machine;

import io.github.beamshared.runtime.Lease;
import io.github.beamshared.runtime.RemoteInterface;
import io.github.beamshared.runtime.ResourceFactory;
import io.github.beamshared.runtime.local.LocalRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * The main class of a dedicated host JVM, started by {@link HostProcess} with a {@link HostRecipe}:
 * it wins the tag's election as any JVM would, loads the resource once and serves every worker JVM
 * of the machine, whichever of them come and go. Once no lease of any JVM has been held for {@value
 * MachineConfig#HOST_IDLE_TIMEOUT} seconds it stops hosting (unloading the resource and giving back
 * the lock, in that order) and exits, so that no idle host keeps memory. It writes what it does to
 * standard output, which its starter sends to the tag's log in the rendezvous directory.
 */
public final class DedicatedHost {

  /** The exit code of a host that found another JVM hosting the tag already. */
  static final int ANOTHER_HOST = 3;

  private static final int USAGE = 2;

  private DedicatedHost() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 1) {
      System.err.println("Usage: DedicatedHost RECIPE_FILE (started by beam-shared, not by hand)");
      System.exit(USAGE);
    }
    Path recipeFile = Path.of(args[0]);
    HostRecipe recipe;
    try {
      recipe = HostRecipe.read(recipeFile);
    } finally {
      Files.deleteIfExists(recipeFile);
    }
    Map<String, String> settings = new HashMap<>(recipe.settings());
    // This JVM hosts; when it stops is its idle timeout's business, not the workers' setting.
    settings.put(MachineConfig.HOST_MODE, MachineConfig.IN_WORKER);
    settings.put(MachineConfig.UNLOAD_WHEN_UNUSED, "false");
    MachineConfig config = MachineConfig.from(settings::get);
    MachineRegistry registry =
        new MachineRegistry(LocalRegistry.fromSettings(settings::get), config);
    String tag = recipe.tag();
    String name = Rendezvous.describe(tag, recipe.copy(), recipe.copies());
    say("starting for shared resource " + name);
    load(registry, recipe);
    if (!registry.hosts(tag)) {
      say("another JVM hosts " + name + "; exiting");
      System.exit(ANOTHER_HOST);
    }
    say(
        "hosting '"
            + tag
            + "'; exits after "
            + config.hostIdleTimeout().toSeconds()
            + " s without a lease");
    serveUntilIdle(registry, tag, config.hostIdleTimeout());
    say(
        "stopped hosting '"
            + tag
            + "': no lease for "
            + config.hostIdleTimeout().toSeconds()
            + " s; exiting");
    System.exit(0);
  }

  /**
   * Elects this JVM and loads the resource with a lease of its own, released at once: the resource
   * stays loaded while this JVM hosts. A failed load is reported and, as anywhere, not cached: the
   * next worker's acquire loads again.
   */
  private static void load(MachineRegistry registry, HostRecipe recipe) {
    try {
      lease(registry, recipe).release();
    } catch (RuntimeException e) {
      say("loading '" + recipe.tag() + "' failed: " + e);
      e.printStackTrace(System.out);
    }
  }

  @SuppressWarnings("unchecked") // the recipe pairs them as the worker's acquire did
  private static <T> Lease<T> lease(MachineRegistry registry, HostRecipe recipe) {
    return registry.acquire(
        recipe.tag(),
        (RemoteInterface<T>) recipe.remote(),
        recipe.threadSafe(),
        recipe.copies(),
        recipe.copy(),
        (ResourceFactory<? extends T>) recipe.factory());
  }

  /** Returns once no lease was held for {@code idleTimeout} and this JVM stopped hosting. */
  private static void serveUntilIdle(MachineRegistry registry, String tag, Duration idleTimeout)
      throws InterruptedException {
    long pollMillis = Math.max(10, Math.min(1000, idleTimeout.toMillis() / 4));
    while (true) {
      Thread.sleep(pollMillis);
      if (registry.unusedFor(tag).compareTo(idleTimeout) >= 0
          && registry.stopHostingIfUnused(tag)) {
        return;
      }
    }
  }

  private static void say(String what) {
    System.out.println(
        Instant.now() + " dedicated host pid " + ProcessHandle.current().pid() + ": " + what);
  }
}
