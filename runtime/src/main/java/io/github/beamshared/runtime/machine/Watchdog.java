package io.github.beamshared.runtime.machine;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * Ends the waits that outlast their {@link Deadline}: a thread blocked on a Unix domain socket
 * (connecting, reading or writing) cannot time out by itself, so one daemon thread per JVM looks at
 * every open connection, a client's or a host's, each {@value #PERIOD_MILLIS} ms and closes those
 * whose wait is overdue. The waiting thread then wakes with an exception, at most that period late.
 * No timer is scheduled per wait. The thread is its own class, not a method reference, which would
 * cost a fresh JVM's first acquire.
 *
 * <p>The thread ends once it finds no connection open, so a JVM that has released its last
 * machine-wide lease, and hung up, keeps no thread of this runtime; the next connection starts it
 * again. One started ahead by the warm-up waits for its first connection, however long that takes.
 */
final class Watchdog implements Runnable {

  static final long PERIOD_MILLIS = 100;

  /** A connection with a deadline. */
  interface Watched {
    /** Closes the connection if its wait is overdue at {@code nowNanos}. */
    void expireIfOverdue(long nowNanos);
  }

  private static final Set<Watched> WATCHED = ConcurrentHashMap.newKeySet();
  // Guarded by Watchdog.class: the running thread, or null once it has ended or decided to;
  // and whether the warm-up started it and no connection has been watched since.
  private static @Nullable Thread thread;
  private static boolean startedAhead;

  private Watchdog() {}

  static void watch(Watched connection) {
    WATCHED.add(connection);
    watching();
  }

  /** Starts the thread ahead of the first connection, which then starts none. */
  static synchronized void prestart() {
    if (thread == null) {
      start();
      startedAhead = true;
    }
  }

  static void unwatch(Watched connection) {
    WATCHED.remove(connection);
  }

  private static synchronized void watching() {
    startedAhead = false;
    if (thread == null) {
      try {
        start();
      } catch (OutOfMemoryError noThread) {
        // Out of threads: the next connection watched tries again; until then waits run long.
        thread = null;
      }
    }
  }

  private static void start() {
    thread = new Thread(new Watchdog(), "beamshared-watchdog");
    thread.setDaemon(true);
    thread.start();
  }

  /**
   * Lets the thread end if nothing is watched. A connection watched after this check finds no
   * thread and starts one, since {@link #watch} adds it before it takes this lock.
   */
  private static synchronized boolean endIfIdle() {
    if (WATCHED.isEmpty() && !startedAhead) {
      thread = null;
      return true;
    }
    return false;
  }

  @Override
  public void run() {
    while (true) {
      try {
        TimeUnit.MILLISECONDS.sleep(PERIOD_MILLIS);
      } catch (InterruptedException e) {
        // Nothing of ours interrupts it; callers still need it, so it carries on.
      }
      long now = System.nanoTime();
      for (Watched connection : WATCHED) {
        connection.expireIfOverdue(now);
      }
      if (endIfIdle()) {
        return;
      }
    }
  }
}
