package io.github.beamshared.runtime.batch;

import static io.github.beamshared.runtime.TestThreads.TIMEOUT_SECONDS;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A resource with a batched method that upper-cases texts, recording each call it gets ({@code
 * one:text} for a single call, the texts for a batch) and how many ran at once. A text {@code
 * throw:io}, {@code throw:error} or {@code throw:throwable} makes the call throw; {@code short}
 * makes the batch return one result too few.
 */
final class Upper {

  private final long millis;
  private final List<List<String>> batches = new ArrayList<>();
  private final AtomicInteger running = new AtomicInteger();
  private final AtomicInteger answered = new AtomicInteger();
  private final CountDownLatch blocked = new CountDownLatch(1);
  private volatile CountDownLatch blockNext;
  private volatile CountDownLatch blockAll;
  volatile int overlaps;
  volatile int mostRunning;

  /** A resource whose every call takes {@code millis}. */
  Upper(long millis) {
    this.millis = millis;
  }

  String upper(String text) throws IOException {
    return run(List.of("one:" + text), List.of(text)).get(0);
  }

  List<String> upperAll(List<String> texts) throws IOException {
    List<String> results = run(List.copyOf(texts), texts);
    return texts.contains("short") ? results.subList(1, results.size()) : results;
  }

  /** Makes the next call block until the returned latch is released. */
  CountDownLatch blockNext() {
    CountDownLatch release = new CountDownLatch(1);
    blockNext = release;
    return release;
  }

  /** Makes every call block until the returned latch is released. */
  CountDownLatch blockAll() {
    CountDownLatch release = new CountDownLatch(1);
    blockAll = release;
    return release;
  }

  void awaitBlocked() throws InterruptedException {
    assertTrue(blocked.await(TIMEOUT_SECONDS, SECONDS), "no call blocked");
  }

  void awaitRunning(int expected) throws InterruptedException {
    long deadline = System.nanoTime() + SECONDS.toNanos(TIMEOUT_SECONDS);
    while (running.get() != expected) {
      assertTrue(System.nanoTime() < deadline, running.get() + " calls run, not " + expected);
      Thread.sleep(1);
    }
  }

  synchronized List<List<String>> batches() {
    return List.copyOf(batches);
  }

  int answered() {
    return answered.get();
  }

  private List<String> run(List<String> seen, List<String> texts) throws IOException {
    int now = running.incrementAndGet();
    if (now > 1) {
      overlaps++;
    }
    mostRunning = Math.max(mostRunning, now);
    try {
      synchronized (this) {
        batches.add(seen);
      }
      CountDownLatch release = blockNext;
      if (release != null) {
        blockNext = null;
        blocked.countDown();
        release.await(TIMEOUT_SECONDS, SECONDS);
      }
      CountDownLatch gate = blockAll;
      if (gate != null) {
        gate.await(TIMEOUT_SECONDS, SECONDS);
      }
      if (millis > 0) {
        Thread.sleep(millis);
      }
      List<String> results = new ArrayList<>();
      for (String text : texts) {
        switch (text) {
          case "throw:io" -> throw new IOException("disk gone");
          case "throw:error" -> throw new StackOverflowError("deep");
          case "throw:throwable" -> sneakyThrow(new Throwable("bare"));
          default -> results.add(text.toUpperCase());
        }
      }
      answered.addAndGet(results.size());
      return results;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    } finally {
      running.decrementAndGet();
    }
  }

  @SuppressWarnings("unchecked")
  private static <E extends Throwable> void sneakyThrow(Throwable throwable) throws E {
    throw (E) throwable;
  }
}
