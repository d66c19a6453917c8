package io.github.beamshared.runtime.machine;

import io.github.beamshared.runtime.BatchMethod;
import io.github.beamshared.runtime.BatchQueue;
import io.github.beamshared.runtime.Lease;
import io.github.beamshared.runtime.ResourceLock;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A lease held by a client JVM: the host counts it among its leases, and {@link #get()} is the
 * stub. Its lock does nothing, because the host takes the tag's lock around every call it runs, and
 * its batch queues send each call to the host at once, where the batch forms from the calls of
 * every JVM.
 */
final class ClientLease<T> implements Lease<T> {

  private static final ResourceLock HELD_AT_HOST =
      new ResourceLock() {
        @Override
        public void lock() {}

        @Override
        public void unlock() {}
      };

  private final MachineTag<T> tag;
  private final long id;
  private final T stub;
  private final AtomicBoolean released = new AtomicBoolean();

  ClientLease(MachineTag<T> tag, long id, T stub) {
    this.tag = tag;
    this.id = id;
    this.stub = stub;
  }

  @Override
  public String tag() {
    return tag.context().tag();
  }

  @Override
  public T get() {
    return stub;
  }

  @Override
  public ResourceLock lock() {
    return HELD_AT_HOST;
  }

  @Override
  public BatchQueue batchQueue(BatchMethod<T> method, boolean threadSafe) {
    return arguments -> method.callOne(stub, arguments);
  }

  @Override
  public void release() {
    if (released.compareAndSet(false, true)) {
      tag.released(id);
    }
  }

  @Override
  public String toString() {
    return "ClientLease[" + tag() + (released.get() ? ", released]" : "]");
  }
}
