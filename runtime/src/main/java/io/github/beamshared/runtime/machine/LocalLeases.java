package io.github.beamshared.runtime.machine;

import io.github.beamshared.runtime.BatchMethod;
import io.github.beamshared.runtime.Lease;
import io.github.beamshared.runtime.ResourceFactory;
import io.github.beamshared.runtime.Sharing;
import io.github.beamshared.runtime.batch.CallQueue;
import io.github.beamshared.runtime.local.LocalRegistry;

/**
 * Leases of one machine-wide tag from this JVM's own registry, loading with this JVM's factory:
 * what the host's threads and its clients' calls use, and a client's after it took over.
 */
final class LocalLeases<T> {

  private final LocalRegistry registry;
  private final String tag;
  private final Class<? super T> type;
  private final ResourceFactory<? extends T> factory;

  LocalLeases(LocalRegistry registry, String tag, Class<? super T> type,
      ResourceFactory<? extends T> factory) {
    this.registry = registry;
    this.tag = tag;
    this.type = type;
    this.factory = factory;
  }

  /** The queue of {@code method}'s calls; see {@link LocalRegistry#queue}. */
  CallQueue<T> queue(BatchMethod<T> method, boolean threadSafe) {
    return registry.queue(tag, method, threadSafe);
  }

  /** A lease, loading the resource first if it is not loaded, which may take long. */
  Lease<T> get() {
    return registry.acquire(tag, type, Sharing.MACHINE, factory);
  }
}
