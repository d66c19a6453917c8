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
 */
final class CallWatchdog implements Runnable {

  static final long PERIOD_MILLIS = 100;

  private static final Set<Connection> WATCHED = ConcurrentHashMap.newKeySet();
  private static Thread thread;

  private CallWatchdog() {}

  static void watch(Connection connection) {
    WATCHED.add(connection);
    startOnce();
  }

  /** Starts the thread ahead of the first connection, which then starts none. */
  static void prestart() {
    startOnce();
  }

  static void unwatch(Connection connection) {
    WATCHED.remove(connection);
  }

  private static synchronized void startOnce() {
    if (thread == null) {
      thread = new Thread(new CallWatchdog(), "beamshared-call-watchdog");
      thread.setDaemon(true);
      thread.start();
    }
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
    }
  }
}
