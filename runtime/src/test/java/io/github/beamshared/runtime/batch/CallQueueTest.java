package io.github.beamshared.runtime.batch;

import static io.github.beamshared.runtime.TestThreads.TIMEOUT_SECONDS;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.beamshared.runtime.BatchSettings;
import io.github.beamshared.runtime.BatchStats;
import io.github.beamshared.runtime.ResourceLock;
import io.github.beamshared.runtime.SharedResourceException;
import io.github.beamshared.runtime.TestThreads;
import io.github.beamshared.runtime.TestThreads.Started;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** How {@link CallQueue} forms batches, answers each caller, and fails. */
class CallQueueTest {

  private static final Duration WAIT = Duration.ofSeconds(TIMEOUT_SECONDS);

  private final TestThreads threads = new TestThreads();

  @AfterEach
  void stopThreads() throws InterruptedException {
    threads.close();
  }

  @Test
  void sixteenThreadsEachGetTheirOwnResults() throws Exception {
    Upper model = new Upper(2);
    CallQueue<Upper> queue = guarded(model, new BatchSettings(8, 0, 0));
    List<Started<List<String>>> callers = new ArrayList<>();
    for (int t = 0; t < 16; t++) {
      int thread = t;
      callers.add(
          threads.start(
              () -> {
                List<String> results = new ArrayList<>();
                for (int i = 0; i < 50; i++) {
                  results.add(
                      (String)
                          queue
                              .from(thread, WAIT, () -> false)
                              .call(new Object[] {"t" + thread + "-" + i}));
                }
                return results;
              }));
    }
    for (int t = 0; t < 16; t++) {
      List<String> results = callers.get(t).get();
      for (int i = 0; i < 50; i++) {
        assertEquals("T" + t + "-" + i, results.get(i));
      }
    }

    BatchStats stats = queue.stats();
    assertEquals(16 * 50, stats.calls());
    assertEquals(stats.calls(), model.answered());
    assertTrue(stats.batches() < stats.calls(), "calls waiting together were batched: " + stats);
    assertTrue(stats.largestBatch() <= 8, stats.toString());
    assertTrue(stats.batchesFromSeveralJvms() > 0, "callers of different origins shared batches");
    assertEquals(0, model.overlaps, "a resource that is not thread-safe ran two batches at once");
  }

  @Test
  void aCallThatFindsTheQueueEmptyRunsAloneOnTheMethodItself() throws Exception {
    Upper model = new Upper(0);
    CallQueue<Upper> queue = guarded(model, new BatchSettings(8, 0, 0));

    assertEquals("A", queue.fromThisJvm(WAIT).call(new Object[] {"a"}));

    assertEquals(List.of(List.of("one:a")), model.batches());
    BatchStats stats = queue.stats();
    assertEquals(1, stats.batches());
    assertEquals(0, stats.batchesFromSeveralJvms());
  }

  @Test
  void callsAreTakenInArrivalOrderAndBatchesNeverExceedTheLargest() throws Exception {
    Upper model = new Upper(0);
    CallQueue<Upper> queue = guarded(model, new BatchSettings(3, 0, 0));
    CountDownLatch release = model.blockNext();
    Started<Object> first = call(queue, "first");
    model.awaitBlocked();
    List<Started<Object>> later = new ArrayList<>();
    for (int i = 0; i < 7; i++) {
      later.add(call(queue, "c" + i));
      awaitQueued(queue, i + 1); // each arrives after the one before
    }
    release.countDown();

    assertEquals("FIRST", first.get());
    for (int i = 0; i < 7; i++) {
      assertEquals("C" + i, later.get(i).get());
    }
    assertEquals(
        List.of(
            List.of("one:first"),
            List.of("c0", "c1", "c2"),
            List.of("c3", "c4", "c5"),
            List.of("one:c6")),
        model.batches());
  }

  @Test
  void whatTheBatchThrowsReachesEveryCallerOfTheBatch() throws Exception {
    Upper model = new Upper(0);
    CallQueue<Upper> queue = guarded(model, new BatchSettings(8, 0, 0));
    CountDownLatch release = model.blockNext();
    Started<Object> first = call(queue, "first");
    model.awaitBlocked();
    List<Started<Object>> batch = new ArrayList<>();
    for (String text : List.of("a", "throw:io", "b")) {
      batch.add(call(queue, text));
    }
    awaitQueued(queue, 3);
    release.countDown();

    assertEquals("FIRST", first.get());
    Throwable thrown = batch.get(0).failure();
    assertInstanceOf(IOException.class, thrown);
    for (Started<Object> caller : batch) {
      assertSame(thrown, caller.failure(), "every caller gets what the batch threw");
    }
    assertEquals("A", call(queue, "a").get(), "the next batch runs as usual");
  }

  @Test
  void aResultListOfTheWrongLengthFailsEachCallerNamingTheMethod() throws Exception {
    Upper model = new Upper(0);
    CallQueue<Upper> queue = guarded(model, new BatchSettings(8, 0, 0));
    CountDownLatch release = model.blockNext();
    Started<Object> first = call(queue, "first");
    model.awaitBlocked();
    List<Started<Object>> batch = List.of(call(queue, "a"), call(queue, "short"));
    awaitQueued(queue, 2);
    release.countDown();

    first.get();
    for (Started<Object> caller : batch) {
      SharedResourceException failure =
          assertInstanceOf(SharedResourceException.class, caller.failure());
      assertEquals(
          "Upper.upperAll(List) of shared resource 'tag' returned 1 results for a batch"
              + " of 2 calls of Upper.upper(String). A batch method must return one result per call,"
              + " in the order of the calls.",
          failure.getMessage());
    }
  }

  @Test
  void aBareThrowableArrivesWrappedAndAnErrorAsItIs() throws Exception {
    CallQueue<Upper> queue = guarded(new Upper(0), new BatchSettings(8, 0, 0));

    SharedResourceException wrapped =
        assertThrows(
            SharedResourceException.class,
            () -> queue.fromThisJvm(WAIT).call(new Object[] {"throw:throwable"}));
    assertEquals("bare", wrapped.getCause().getMessage());
    assertThrows(
        StackOverflowError.class, () -> queue.fromThisJvm(WAIT).call(new Object[] {"throw:error"}));
  }

  @Test
  void aBatchWaitsForTheCallersItExpectsAtMostTheMaximumWait() throws Exception {
    Upper model = new Upper(0);
    CallQueue<Upper> queue = guarded(model, new BatchSettings(8, SECONDS.toMicros(2), 1));
    CountDownLatch release = model.blockNext();
    List<Started<List<Object>>> callers = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      String thread = String.valueOf(i);
      callers.add(
          threads.start(
              () ->
                  List.of(
                      queue.fromThisJvm(WAIT).call(new Object[] {"a" + thread}),
                      queue.fromThisJvm(WAIT).call(new Object[] {"b" + thread}))));
      if (i == 0) {
        model.awaitBlocked();
      } else {
        awaitQueued(queue, i); // four callers have had calls in flight at once
      }
    }
    release.countDown();

    for (int i = 0; i < 4; i++) {
      assertEquals(List.of("A" + i, "B" + i), callers.get(i).get());
    }
    List<List<String>> batches = model.batches();
    assertEquals(List.of("one:a0"), batches.get(0));
    assertEquals(
        List.of("a1", "a2", "a3", "b0"),
        batches.get(1),
        "the batch waited for the caller of the batch before, who came back");
    assertEquals(
        Set.of("b1", "b2", "b3"),
        new HashSet<>(batches.get(2)),
        "the last batch ran after the wait, without the caller who had stopped");
    assertEquals(3, batches.size());
  }

  @Test
  void aLoneCallerNeverWaitsForOthers() throws Exception {
    Upper model = new Upper(0);
    CallQueue<Upper> queue = guarded(model, new BatchSettings(8, SECONDS.toMicros(60), 1));
    Started<Long> caller =
        threads.start(
            () -> {
              long start = System.nanoTime();
              for (int i = 0; i < 3; i++) {
                queue.fromThisJvm(WAIT).call(new Object[] {"alone" + i});
              }
              return System.nanoTime() - start;
            });

    // Each of the three calls would wait 60 s for others; the test's own wait is 5 s.
    assertTrue(caller.get() < SECONDS.toNanos(TIMEOUT_SECONDS));
    assertEquals(3, model.batches().size());
  }

  @Test
  void aThreadSafeResourceRunsUpToTheConcurrentBatches() throws Exception {
    Upper model = new Upper(0);
    CallQueue<Upper> queue = unguarded(model, new BatchSettings(2, 0, 2));
    CountDownLatch release = model.blockAll();
    List<Started<Object>> callers = new ArrayList<>(List.of(call(queue, "first")));
    model.awaitRunning(1);
    callers.add(call(queue, "second"));
    model.awaitRunning(2); // beside the first
    for (int i = 0; i < 3; i++) {
      callers.add(call(queue, "c" + i));
      awaitQueued(queue, i + 1); // in this order; no third batch while two run
    }
    release.countDown();

    List<String> results = new ArrayList<>();
    for (Started<Object> caller : callers) {
      results.add((String) caller.get());
    }
    assertEquals(List.of("FIRST", "SECOND", "C0", "C1", "C2"), results);
    assertEquals(
        Set.of(List.of("one:first"), List.of("one:second"), List.of("c0", "c1"), List.of("one:c2")),
        new HashSet<>(model.batches()));
    assertEquals(2, model.mostRunning, "no more than the concurrent batches ran at once");
  }

  @Test
  void aCallWaitingLongerThanItsTimeoutLeavesTheQueue() throws Exception {
    Upper model = new Upper(0);
    CallQueue<Upper> queue = guarded(model, new BatchSettings(8, 0, 0));
    CountDownLatch release = model.blockNext();
    Started<Object> first = call(queue, "first");
    model.awaitBlocked();
    Started<Object> late =
        threads.start(() -> queue.fromThisJvm(Duration.ofMillis(200)).call(new Object[] {"late"}));

    SharedResourceException timedOut =
        assertInstanceOf(SharedResourceException.class, late.failure());
    assertTrue(timedOut.getMessage().contains("raise -Dsetting.seconds"), timedOut.getMessage());
    assertEquals(0, queue.queued());
    release.countDown();
    first.get();
    assertEquals(List.of(List.of("one:first")), model.batches(), "the late call never ran");
  }

  @Test
  void anInterruptedCallerLeavesTheQueueAndKeepsItsInterrupt() throws Exception {
    Upper model = new Upper(0);
    CallQueue<Upper> queue = guarded(model, new BatchSettings(8, 0, 0));
    CountDownLatch release = model.blockNext();
    Started<Object> first = call(queue, "first");
    model.awaitBlocked();
    Started<Boolean> interrupted =
        threads.start(
            () -> {
              assertThrows(
                  SharedResourceException.class,
                  () -> queue.fromThisJvm(WAIT).call(new Object[] {"interrupted"}));
              return Thread.currentThread().isInterrupted();
            });
    interrupted.awaitParked();
    interrupted.thread().interrupt();

    assertTrue(interrupted.get(), "the caller keeps its interrupt");
    assertEquals(0, queue.queued());
    release.countDown();
    first.get();
    assertEquals(List.of(List.of("one:first")), model.batches());
  }

  @Test
  void theCallsOfACallerThatHasGoneAreLeftOutOfTheirBatch() throws Exception {
    Upper model = new Upper(0);
    CallQueue<Upper> queue = guarded(model, new BatchSettings(8, 0, 0));
    CountDownLatch release = model.blockNext();
    Started<Object> first = call(queue, "first");
    model.awaitBlocked();
    AtomicBoolean gone = new AtomicBoolean();
    List<Started<Object>> goneCallers = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      String text = "gone" + i;
      goneCallers.add(
          threads.start(() -> queue.from(42, WAIT, gone::get).call(new Object[] {text})));
      awaitQueued(queue, 2 * i + 1);
      goneCallers.add(call(queue, "stays" + i));
      awaitQueued(queue, 2 * i + 2);
    }
    gone.set(true);
    release.countDown();

    assertEquals("FIRST", first.get());
    for (int i = 0; i < 3; i++) {
      SharedResourceException dropped =
          assertInstanceOf(SharedResourceException.class, goneCallers.get(2 * i).failure());
      assertTrue(
          dropped.getMessage().contains("dropped before it ran: its caller has gone"),
          dropped.getMessage());
      assertEquals("STAYS" + i, goneCallers.get(2 * i + 1).get());
    }
    assertEquals(
        List.of(List.of("one:first"), List.of("stays0", "stays1", "stays2")),
        model.batches(),
        "the gone caller's calls never ran, its first one leading the batch");
    assertEquals(4, queue.stats().calls());
    assertEquals(0, queue.queued());
  }

  private Started<Object> call(CallQueue<Upper> queue, String text) {
    return threads.start(() -> queue.fromThisJvm(WAIT).call(new Object[] {text}));
  }

  private static CallQueue<Upper> guarded(Upper model, BatchSettings settings) {
    return new CallQueue<>(
        "tag", new UpperBatches(settings), model, new TestLock(), "setting.seconds");
  }

  private static CallQueue<Upper> unguarded(Upper model, BatchSettings settings) {
    return new CallQueue<>("tag", new UpperBatches(settings), model, null, "setting.seconds");
  }

  private static void awaitQueued(CallQueue<?> queue, int expected) throws InterruptedException {
    long deadline = System.nanoTime() + SECONDS.toNanos(TIMEOUT_SECONDS);
    while (queue.queued() != expected) {
      assertTrue(System.nanoTime() < deadline, queue.queued() + " calls queued, not " + expected);
      Thread.sleep(1);
    }
  }

  /** The {@code BatchMethod} the processor would generate for {@link Upper#upper}. */
  private record UpperBatches(BatchSettings settings)
      implements io.github.beamshared.runtime.BatchMethod<Upper> {
    @Override
    public String name() {
      return "Upper.upper(String)";
    }

    @Override
    public String batchName() {
      return "Upper.upperAll(List)";
    }

    @Override
    public Object callOne(Upper resource, Object[] arguments) throws Exception {
      return resource.upper((String) arguments[0]);
    }

    @Override
    public List<?> callBatch(Upper resource, List<Object[]> calls) throws Exception {
      List<String> texts = new ArrayList<>(calls.size());
      for (Object[] call : calls) {
        texts.add((String) call[0]);
      }
      return resource.upperAll(texts);
    }
  }

  private static final class TestLock implements ResourceLock {
    private final ReentrantLock lock = new ReentrantLock(true);

    @Override
    public void lock() {
      lock.lock();
    }

    @Override
    public void unlock() {
      lock.unlock();
    }
  }
}
