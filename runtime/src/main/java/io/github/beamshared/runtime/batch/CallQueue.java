package io.github.beamshared.runtime.batch;

import io.github.beamshared.runtime.BatchMethod;
import io.github.beamshared.runtime.BatchQueue;
import io.github.beamshared.runtime.BatchStats;
import io.github.beamshared.runtime.ResourceLock;
import io.github.beamshared.runtime.SharedResourceException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;
import org.jspecify.annotations.Nullable;

/**
 * The calls of one {@code @BatchedBy} method of a tag's resource, in the JVM holding the resource:
 * its own threads' calls and, at the host of a machine-wide resource, those of every other JVM.
 *
 * <p>Who runs: calls queue in arrival order, and the call at the head runs the next batch as soon
 * as fewer than the queue's concurrency run: it waits for the tag's lock if the resource is not
 * thread-safe, then (after the method's optional wait for more calls) takes up to the largest batch
 * of calls from the head, its own first, and calls the batch method once (the method itself for a
 * batch of one) on its own thread. The next call at the head takes over as soon as that batch is
 * taken. Where several batches may run at once, a batch leaves the others an even share of the
 * waiting calls. Who waits: every other caller, parked until its batch has run, at most the call
 * timeout. On failure: what the batch threw reaches every call of the batch, and a result list of
 * the wrong length fails each of them with a {@link SharedResourceException} naming the method. A
 * caller that times out or is interrupted before its batch is taken leaves the queue; one whose
 * batch is running stops waiting, and its result is dropped. A call whose caller has gone (a client
 * JVM that died or hung up) is left out of the batch that would have taken it, and never runs.
 *
 * @param <T> the shared interface
 */
public final class CallQueue<T> {

  /** The origin of calls made by this JVM's own threads. */
  public static final long THIS_JVM = 0;

  private final String tag;
  private final BatchMethod<T> method;
  private final T resource;
  private final @Nullable ResourceLock lock;
  private final int concurrency;
  private final int maxBatchSize;
  private final long maxWaitNanos;
  private final String timeoutSetting;

  private final ReentrantLock mutex = new ReentrantLock();
  private final Condition arrived = mutex.newCondition();
  // Guarded by mutex.
  private final ArrayDeque<Call> waiting = new ArrayDeque<>();
  private int running; // batches taken or being formed, and not finished
  private boolean forming; // a promoted call has not taken its batch yet
  private int inFlight; // calls queued or in a running batch
  // How many calls were in flight at once lately: the callers a forming batch expects to join.
  // Raised by each arrival, lowered by one with each batch taken, so that it follows callers
  // that stop calling.
  private int expected;
  private long batches;
  private long calls;
  private int largestBatch;
  private long queueWaitNanos;
  private long batchesFromSeveralJvms;

  /**
   * A queue running batches of {@code method} on {@code resource}; under {@code lock}, one at a
   * time, unless {@code lock} is null (a thread-safe resource).
   *
   * @param timeoutSetting the setting that bounds a call's wait, named when it times out
   */
  public CallQueue(
      String tag,
      BatchMethod<T> method,
      T resource,
      @Nullable ResourceLock lock,
      String timeoutSetting) {
    this.tag = tag;
    this.method = method;
    this.resource = resource;
    this.lock = lock;
    this.concurrency = method.settings().concurrency(lock == null);
    this.maxBatchSize = method.settings().maxBatchSize();
    this.maxWaitNanos = TimeUnit.MICROSECONDS.toNanos(method.settings().maxWaitMicros());
    this.timeoutSetting = timeoutSetting;
  }

  /** This queue as this JVM's own threads see it: each call waits at most {@code timeout}. */
  public BatchQueue fromThisJvm(Duration timeout) {
    return from(THIS_JVM, timeout, () -> false);
  }

  /**
   * This queue as the callers of one JVM see it: {@code origin} names that JVM ({@link #THIS_JVM}
   * or its pid), each call waits at most {@code timeout}, and one whose caller is {@code gone} by
   * the time its batch is taken does not run.
   */
  public BatchQueue from(long origin, Duration timeout, BooleanSupplier gone) {
    long timeoutNanos = timeout.toNanos();
    return arguments -> call(new Call(arguments, origin, gone), timeoutNanos);
  }

  /** What the batches of this queue did so far. */
  public BatchStats stats() {
    mutex.lock();
    try {
      return new BatchStats(
          batches, calls, largestBatch, Duration.ofNanos(queueWaitNanos), batchesFromSeveralJvms);
    } finally {
      mutex.unlock();
    }
  }

  /** How many calls wait for their batch to be taken. */
  int queued() {
    mutex.lock();
    try {
      return waiting.size();
    } finally {
      mutex.unlock();
    }
  }

  private @Nullable Object call(Call call, long timeoutNanos) throws Exception {
    mutex.lock();
    try {
      waiting.addLast(call);
      inFlight++;
      expected = Math.max(expected, inFlight);
      if (forming) {
        arrived.signal(); // a batch waiting to fill up
      }
      promoteHead();
    } finally {
      mutex.unlock();
    }
    if (call.state != Call.LEADING) {
      awaitTurn(call, timeoutNanos);
    }
    if (call.state == Call.LEADING) {
      runBatch();
    }
    return call.outcome();
  }

  /** Holding mutex: lets the call at the head run the next batch if one may start now. */
  private void promoteHead() {
    Call head = waiting.peekFirst();
    if (head == null || forming || running >= concurrency) {
      return;
    }
    forming = true;
    running++;
    head.state = Call.LEADING;
    if (head.caller != Thread.currentThread()) {
      LockSupport.unpark(head.caller);
    }
  }

  /** Parks until the call is answered or must run a batch; throws if it gives up first. */
  private void awaitTurn(Call call, long timeoutNanos) {
    long deadline = call.enqueuedNanos + timeoutNanos;
    while (call.state == Call.WAITING || call.state == Call.TAKEN) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        giveUp(
            call,
            new SharedResourceException(
                "A call of "
                    + method.name()
                    + " on shared"
                    + " resource '"
                    + tag
                    + "' waited "
                    + TimeUnit.NANOSECONDS.toSeconds(timeoutNanos)
                    + " s for its batch to run. If the batches are slow but progressing, raise -D"
                    + timeoutSetting
                    + " (seconds)."));
      }
      LockSupport.parkNanos(this, left);
      if (Thread.currentThread().isInterrupted()) {
        // The caller keeps its interrupt, and runs no batch with it.
        giveUp(
            call,
            new SharedResourceException(
                "Interrupted while a call of "
                    + method.name()
                    + " on shared resource '"
                    + tag
                    + "' waited for its batch."));
      }
    }
  }

  /**
   * Throws {@code reason} for a call that stops waiting: one not taken yet leaves the queue, and
   * one just promoted to run the next batch hands that over to the next call first. Returns instead
   * if the call was answered meanwhile.
   */
  private void giveUp(Call call, SharedResourceException reason) {
    mutex.lock();
    try {
      switch (call.state) {
        case Call.WAITING -> waiting.remove(call);
        case Call.LEADING -> {
          waiting.remove(call);
          forming = false;
          running--;
          promoteHead();
        }
        case Call.TAKEN -> {
          // Its batch runs: the result is dropped.
        }
        default -> {
          return;
        }
      }
      if (call.state != Call.TAKEN) {
        inFlight--; // a taken call leaves with its batch
      }
      call.state = Call.ABANDONED;
    } finally {
      mutex.unlock();
    }
    throw reason;
  }

  /**
   * Run by a promoted call: takes the next batch from the head, its own call first, and runs it.
   */
  private void runBatch() {
    if (lock != null) {
      lock.lock();
    }
    List<Call> batch = List.of();
    try {
      mutex.lock();
      try {
        awaitMoreCalls();
        batch = take();
        forming = false;
        promoteHead(); // the next batch may form at once if more may run
      } finally {
        mutex.unlock();
      }
      if (!batch.isEmpty()) {
        execute(batch);
      }
    } finally {
      if (lock != null) {
        lock.unlock();
      }
      mutex.lock();
      try {
        running--;
        inFlight -= batch.size();
        promoteHead();
      } finally {
        mutex.unlock();
      }
    }
    for (Call answered : batch) {
      answered.answer();
    }
  }

  /**
   * Holding mutex: waits, at most the method's wait, for more calls while the batch is not full and
   * callers who had calls in flight lately have not called again: the callers of a batch that just
   * ended come back within microseconds, and a lone caller does not wait at all.
   */
  private void awaitMoreCalls() {
    long left = maxWaitNanos;
    while (left > 0 && waiting.size() < maxBatchSize && inFlight < expected) {
      try {
        left = arrived.awaitNanos(left);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt(); // run what is there; the caller keeps its interrupt
        return;
      }
    }
  }

  /**
   * Holding mutex: the next batch, from the head, counted in the statistics. While other batches
   * could start beside it, it leaves them an even share of the waiting calls. The calls of callers
   * that have gone are dropped on the way, and their callers woken: the batch may end up empty.
   */
  private List<Call> take() {
    dropGoneCalls();
    int startable = concurrency - running + 1; // this batch and those that may start beside it
    int size = Math.min(maxBatchSize, (waiting.size() + startable - 1) / startable);
    expected = Math.max(inFlight, expected - 1);
    List<Call> batch = new ArrayList<>(size);
    long now = System.nanoTime();
    boolean severalJvms = false;
    for (int i = 0; i < size; i++) {
      Call call = waiting.pollFirst();
      call.state = Call.TAKEN;
      queueWaitNanos += now - call.enqueuedNanos;
      severalJvms |= i > 0 && call.origin != batch.get(0).origin;
      batch.add(call);
    }
    if (size > 0) {
      batches++;
      calls += size;
      largestBatch = Math.max(largestBatch, size);
    }
    if (severalJvms) {
      batchesFromSeveralJvms++;
    }
    return batch;
  }

  /** Holding mutex: removes the waiting calls whose callers have gone, and wakes their threads. */
  private void dropGoneCalls() {
    waiting.removeIf(
        call -> {
          if (!call.gone.getAsBoolean()) {
            return false;
          }
          inFlight--;
          call.failure =
              new SharedResourceException(
                  "A call of "
                      + method.name()
                      + " on shared"
                      + " resource '"
                      + tag
                      + "' was dropped before it ran: its caller has gone.");
          call.state = Call.DONE;
          if (call.caller != Thread.currentThread()) {
            LockSupport.unpark(call.caller);
          }
          return true;
        });
  }

  /** Calls the resource and records each call's result or failure; throws nothing. */
  private void execute(List<Call> batch) {
    try {
      if (batch.size() == 1) {
        batch.get(0).result = method.callOne(resource, batch.get(0).arguments);
        return;
      }
      List<Object[]> arguments = new ArrayList<>(batch.size());
      for (Call call : batch) {
        arguments.add(call.arguments);
      }
      List<?> results = method.callBatch(resource, arguments);
      int count = results == null ? 0 : results.size();
      if (count != batch.size()) {
        throw new SharedResourceException(
            method.batchName()
                + " of shared resource '"
                + tag
                + "' returned "
                + (results == null ? "null" : count + " results")
                + " for a batch of "
                + batch.size()
                + " calls of "
                + method.name()
                + ". A batch method must return one"
                + " result per call, in the order of the calls.");
      }
      for (int i = 0; i < count; i++) {
        batch.get(i).result = results.get(i);
      }
    } catch (Throwable failure) {
      for (Call call : batch) {
        call.failure = failure;
      }
    }
  }

  /** One caller's call: its arguments, then its outcome. */
  private static final class Call {
    static final int WAITING = 0;
    static final int LEADING = 1;
    static final int TAKEN = 2;
    static final int DONE = 3;
    static final int ABANDONED = 4;

    final Object[] arguments;
    final long origin;
    final BooleanSupplier gone;
    final Thread caller = Thread.currentThread();
    final long enqueuedNanos = System.nanoTime();
    // Written by the thread running the batch before it sets state to DONE.
    @Nullable Object result;
    @Nullable Throwable failure;
    volatile int state = WAITING;

    Call(Object[] arguments, long origin, BooleanSupplier gone) {
      this.arguments = arguments;
      this.origin = origin;
      this.gone = gone;
    }

    /** Publishes the outcome and wakes the caller, unless it gave up or runs the batch itself. */
    void answer() {
      if (state == TAKEN || state == LEADING) {
        state = DONE;
      }
      if (caller != Thread.currentThread()) {
        LockSupport.unpark(caller);
      }
    }

    @Nullable Object outcome() throws Exception {
      if (failure == null) {
        return result;
      }
      if (failure instanceof Exception exception) {
        throw exception;
      }
      if (failure instanceof Error error) {
        throw error;
      }
      // A bare Throwable, which no method can declare.
      throw new SharedResourceException("A batch threw " + failure, failure);
    }
  }
}
