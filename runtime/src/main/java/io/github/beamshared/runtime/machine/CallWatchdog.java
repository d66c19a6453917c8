package io.github.beamshared.runtime.machine;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Ends the waits that outlast their timeout: a caller blocked reading its reply cannot time out by
 * itself, since a Unix domain socket channel has no read timeout, so one daemon thread per JVM
 * looks at every open {@link Connection} each {@value #PERIOD_MILLIS} ms and closes those whose
 * caller is overdue. The caller then wakes with an exception, at most that period late. Arming and
 * disarming a deadline costs a caller two atomic writes; no timer is scheduled per call. The
 * thread is its own class, not a method reference, which would cost a fresh JVM's first acquire.
 *
 * <p>The thread ends once it finds no connection open, so a JVM that has released its last
 * machine-wide lease, and hung up, keeps no thread of this runtime; the next connection starts it
 * again. One started ahead by the warm-up waits for its first connection, however long that takes.
 */
final class CallWatchdog implements Runnable {

  static final long PERIOD_MILLIS = 100;

  private static final Set<Connection> WATCHED = ConcurrentHashMap.newKeySet();
  // Guarded by CallWatchdog.class: the running thread, or null once it has ended or decided to;
  // and whether the warm-up started it and no connection has been watched since.
  private static Thread thread;
  private static boolean startedAhead;

  private CallWatchdog() {}

  static void watch(Connection connection) {
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

  static void unwatch(Connection connection) {
    WATCHED.remove(connection);
  }

  private static synchronized void watching() {
    startedAhead = false;
    if (thread == null) {
      start();
    }
  }

  private static void start() {
    thread = new Thread(new CallWatchdog(), "beamshared-call-watchdog");
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
      for (Connection connection : WATCHED) {
        connection.expireIfOverdue(now);
      }
      if (endIfIdle()) {
        return;
      }
    }
  }
}
