package io.github.beamshared.runtime.machine;

import java.util.concurrent.SynchronousQueue;
import org.jspecify.annotations.Nullable;

/**
 * Runs long-lived tasks (serving or reading a connection) on daemon threads of their own, one of
 * which can be started ahead and wait. A thread start blocks its caller until the new thread first
 * runs, which takes milliseconds while other threads fill the cores, as a fresh JVM's compiler
 * threads do: a task handed to a waiting thread only wakes it, and the caller goes on at once.
 */
final class ReadyThreads {

  private final String name;
  private final SynchronousQueue<Runnable> handoff = new SynchronousQueue<>();
  // Guarded by this: the thread started to wait that has not taken a task yet, or null; and
  // whether close() ended the waiting for good.
  private @Nullable Thread waiting;
  private boolean closed;

  ReadyThreads(String name) {
    this.name = name;
  }

  /** Starts a thread that waits for the next task, unless one was started already or closed. */
  synchronized void prestart() {
    if (waiting == null && !closed) {
      waiting = start(new Waiter());
    }
  }

  /** Runs {@code task} on the waiting thread, or on a new one if none waits yet. */
  synchronized void execute(Runnable task) {
    if (handoff.offer(task)) {
      waiting = null;
    } else {
      start(task);
    }
  }

  /** Ends the thread waiting for a task, if any, and starts no more to wait. */
  synchronized void close() {
    closed = true;
    if (waiting != null) {
      waiting.interrupt(); // it has taken no task, or execute() would have cleared it
      waiting = null;
    }
  }

  private Thread start(Runnable body) {
    Thread thread = new Thread(body, name);
    thread.setDaemon(true);
    thread.start();
    return thread;
  }

  /** Takes one task and runs it; a class, as a lambda would cost a fresh JVM's first acquire. */
  private final class Waiter implements Runnable {
    @Override
    public void run() {
      Runnable task;
      try {
        task = handoff.take();
      } catch (InterruptedException closed) {
        return;
      }
      task.run();
    }
  }
}
