package io.github.beamshared.it;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * A model that is not thread-safe and notices when it is used as if it were: it counts the calls
 * that found another call already inside.
 */
final class ConcurrencyCheckingModel implements Model {

  private final String name;
  private final AtomicInteger inside = new AtomicInteger();
  private final AtomicInteger overlaps = new AtomicInteger();

  ConcurrencyCheckingModel(String name) {
    this.name = name;
  }

  @Override
  public String apply(String input) {
    if (inside.incrementAndGet() > 1) {
      overlaps.incrementAndGet();
    }
    try {
      Thread.sleep(1); // Long enough for unguarded calls from other threads to overlap.
      return name + ":" + input;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } finally {
      inside.decrementAndGet();
    }
  }

  int overlaps() {
    return overlaps.get();
  }
}
