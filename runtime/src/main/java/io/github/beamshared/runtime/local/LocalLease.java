package io.github.beamshared.runtime.local;

import io.github.beamshared.runtime.BatchMethod;
import io.github.beamshared.runtime.BatchQueue;
import io.github.beamshared.runtime.Lease;
import io.github.beamshared.runtime.ResourceLock;
import java.util.concurrent.atomic.AtomicBoolean;

/** A lease on a resource held in this JVM's registry. */
final class LocalLease<T> implements Lease<T> {

  private final TagEntry entry;
  private final T resource;
  private final AtomicBoolean released = new AtomicBoolean();

  LocalLease(TagEntry entry, T resource) {
    this.entry = entry;
    this.resource = resource;
  }

  @Override
  public String tag() {
    return entry.tag();
  }

  @Override
  public T get() {
    return resource;
  }

  @Override
  public ResourceLock lock() {
    return entry.lock();
  }

  @Override
  public BatchQueue batchQueue(BatchMethod<T> method, boolean threadSafe) {
    return entry.localQueue(method, threadSafe);
  }

  @Override
  public void release() {
    if (released.compareAndSet(false, true)) {
      entry.released();
    }
  }

  @Override
  public String toString() {
    return "Lease[" + entry.tag() + (released.get() ? ", released]" : "]");
  }
}
