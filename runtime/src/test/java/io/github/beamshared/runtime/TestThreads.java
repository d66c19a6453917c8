package io.github.beamshared.runtime;

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
public final class TestThreads implements AutoCloseable {

  /** The longest any test waits for anything. */
  public static final long TIMEOUT_SECONDS = 5;

  private final List<Thread> threads = new ArrayList<>();

  public <T> Started<T> start(Callable<T> body) {
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

  public record Started<T>(Thread thread, FutureTask<T> task) {

    /** What the body returned; rethrows what it threw, wrapped in an ExecutionException. */
    public T get() throws Exception {
      return task.get(TIMEOUT_SECONDS, SECONDS);
    }

    /** What the body threw; fails if it returned. */
    public Throwable failure() {
      return assertThrows(ExecutionException.class, this::get).getCause();
    }

    /**
     * Waits until the thread parks. Its body must not wait on anything before the wait under test,
     * so parking means it got there: the registry's wait for a load, or the resource lock.
     */
    public void awaitParked() throws InterruptedException {
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
