package io.github.beamshared.runtime;

import java.util.ArrayList;
import java.util.List;

/**
 * The leases one DoFn instance holds between its {@code @Setup} and its {@code @Teardown}, released
 * together. Generated setup code releases them at once when a later acquire fails, so a DoFn that
 * never finishes setting up holds nothing.
 */
public final class HeldLeases {

  private final List<Lease<?>> leases = new ArrayList<>();

  /** Remembers {@code lease} for {@link #releaseAll()} and returns it. */
  public <T> Lease<T> add(Lease<T> lease) {
    leases.add(lease);
    return lease;
  }

  /** Releases every lease added so far; safe to call more than once. Never closes a resource. */
  public void releaseAll() {
    for (Lease<?> lease : leases) {
      lease.release();
    }
    leases.clear();
  }
}
