package io.github.beamshared.runtime;

/**
 * Creates a shared resource. The registry calls it at most once per tag at a time, on the thread of
 * the first DoFn that asks; every other caller waits for that one load.
 *
 * @param <T> the type of the resource
 */
@FunctionalInterface
public interface ResourceFactory<T> {

  /**
   * Loads the resource. An exception reaches every caller waiting for this load, and nothing is
   * cached: the next acquire calls the factory again.
   */
  T create() throws Exception;
}
