package io.github.beamshared.benchmarks.speed;

/**
 * A non-thread-safe {@link Spinner}: it spins on {@link System#nanoTime()} (never sleeps) and
 * counts calls that overlapped another, which the generated guard must make impossible.
 */
final class SpinningModel implements Spinner {

  private boolean busy;
  private long overlaps;

  @Override
  public long spin(long nanos) {
    if (busy) {
      overlaps++;
    }
    busy = true;
    long end = System.nanoTime() + nanos;
    long reads = 1;
    while (System.nanoTime() < end) {
      reads++;
    }
    busy = false;
    return reads;
  }

  /** Calls that began while another was running; read after the calling threads have stopped. */
  long overlaps() {
    return overlaps;
  }
}
