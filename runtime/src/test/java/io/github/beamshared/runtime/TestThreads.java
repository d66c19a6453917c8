package io.github.beamshared.runtime.local;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;

/**
 * The threads one test starts. Every wait on them is bounded, so a broken registry fails a test
 * instead of hanging the build, and {@link #close()} stops whatever is still running.
 */
final class TestThreads implements AutoCloseable {

  /** The longest any test waits for anything. */
  static final long TIMEOUT_SECONDS = 5;

  private final List<Thread> threads = new ArrayList<>();

  <T> Started<T> start(Callable<T> body) {
    FutureTask<T> task = new FutureTask<>(body);
    Thread thread = new Thread(task, "test-" + threads.size());
    thread.setDaemon(true);
    threads.add(thread);
    thread.start();
    return new Started<>(thread, task);
  }

  @Override
  public void close() throws InterruptedException {
    for (Thread thread : threads) {
      thread.interrupt();
    }
    for (Thread thread : threads) {
      thread.join(SECONDS.toMillis(TIMEOUT_SECONDS));
    }
  }

  record Started<T>(Thread thread, FutureTask<T> task) {

    /** What the body returned; rethrows what it threw, wrapped in an ExecutionException. */
    T get() throws Exception {
      return task.get(TIMEOUT_SECONDS, SECONDS);
    }

    /** What the body threw; fails if it returned. */
    Throwable failure() {
      return assertThrows(ExecutionException.class, this::get).getCause();
    }

    /**
     * Waits until the thread parks. Its body must not wait on anything before the wait under test,
     * so parking means it got there: the registry's wait for a load, or the resource lock.
     */
    void awaitParked() throws InterruptedException {
      long deadline = System.nanoTime() + SECONDS.toNanos(TIMEOUT_SECONDS);
      while (thread.getState() != Thread.State.WAITING
          && thread.getState() != Thread.State.TIMED_WAITING) {
        if (System.nanoTime() > deadline) {
          fail(thread.getName() + " never parked; it is " + thread.getState());
        }
        Thread.sleep(1);
      }
    }
  }
}
