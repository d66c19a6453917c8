package io.github.beamshared.runtime.machine;

import java.util.concurrent.atomic.AtomicLong;

/**
 * When a connection's current wait ends, for the {@link Watchdog} to enforce: a blocked read, write
 * or connect on a Unix domain socket has no timeout of its own, so the watchdog closes the
 * connection once its deadline has passed, and the blocked thread wakes with an exception. Arming
 * and disarming cost the waiting thread one atomic write each.
 */
final class Deadline {

  private static final long IDLE = Long.MIN_VALUE;
  private static final long EXPIRED = Long.MIN_VALUE + 1;

  // A System.nanoTime() value; IDLE while nothing waits, EXPIRED once the watchdog has acted.
  private final AtomicLong at = new AtomicLong(IDLE);

  /** Starts a wait that ends at {@code nanos}, a {@link System#nanoTime()} value. */
  void arm(long nanos) {
    at.set(nanos);
  }

  /** Ends the wait; whether the watchdog found it overdue meanwhile (and closed the connection). */
  boolean disarm() {
    return at.getAndSet(IDLE) == EXPIRED;
  }

  /** Whether the wait is overdue at {@code nowNanos}; marks it so once, for one caller to act. */
  boolean expire(long nowNanos) {
    long deadline = at.get();
    return deadline != IDLE
        && deadline != EXPIRED
        && nowNanos - deadline > 0
        && at.compareAndSet(deadline, EXPIRED);
  }
}
