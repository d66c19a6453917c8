package io.github.beamshared.runtime.machine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ReadyThreadsTest {

  @Test
  void aTaskRunsOnTheThreadStartedAheadOnceItWaits() throws Exception {
    ReadyThreads threads = new ReadyThreads("ready-test-waiting");
    threads.prestart();
    threads.prestart(); // one waiting thread is enough
    Thread waiting = waitingThread("ready-test-waiting");

    assertSame(waiting, runOn(threads));
    assertEquals(List.of(), named("ready-test-waiting"), "it ran its task and ended");
  }

  @Test
  void withoutAWaitingThreadATaskGetsANewOne() throws Exception {
    ReadyThreads threads = new ReadyThreads("ready-test-new");

    Thread first = runOn(threads);
    Thread second = runOn(threads);

    assertEquals("ready-test-new", first.getName());
    assertNotSame(first, second);
    assertTrue(first.isDaemon());
  }

  private static Thread runOn(ReadyThreads threads) throws Exception {
    CompletableFuture<Thread> ranOn = new CompletableFuture<>();
    threads.execute(() -> ranOn.complete(Thread.currentThread()));
    Thread thread = ranOn.get(10, TimeUnit.SECONDS);
    thread.join(10_000);
    return thread;
  }

  /** The one thread of that name, once it waits for a task; bounded by 10 s. */
  private static Thread waitingThread(String name) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (System.nanoTime() < deadline) {
      List<Thread> found = named(name);
      if (found.size() == 1 && found.get(0).getState() == Thread.State.WAITING) {
        return found.get(0);
      }
      assertTrue(found.size() <= 1, "one thread started ahead, not " + found.size());
      Thread.sleep(5);
    }
    throw new AssertionError("No thread " + name + " waits for a task");
  }

  private static List<Thread> named(String name) {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(thread -> thread.getName().equals(name) && thread.isAlive())
        .toList();
  }
}
