package io.github.beamshared.benchmarks.speed;

import io.github.beamshared.runtime.Lease;
import io.github.beamshared.runtime.SharedResources;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.PipelineOptionsFactory;

/**
 * Many threads, each with its own {@code SpinFn_Shared} as a runner would give them, calling one
 * non-thread-safe model through the generated guard. The model spins for a fixed time per call, so
 * the ideal is one call per model time; the baseline is one thread calling the model directly.
 */
final class LockContention {

  /**
   * What one run measured.
   *
   * @param modelNanos how long each call spins
   * @param threads calling threads
   * @param guardedPerSecond calls per second of all threads together, through the guard
   * @param directPerSecond calls per second of one thread calling the model directly
   * @param perThread calls each thread made in the measured window
   * @param overlaps calls that began while another ran (must be 0)
   */
  record Result(
      long modelNanos,
      int threads,
      double guardedPerSecond,
      double directPerSecond,
      long[] perThread,
      long overlaps) {

    double idealPerSecond() {
      return 1e9 / modelNanos;
    }
  }

  private LockContention() {}

  static Result measure(long modelNanos, int threads, Duration warmup, Duration window)
      throws InterruptedException {
    Lease<Spinner> lease = SharedResources.jvmWide(SpinFn.TAG, Spinner.class, SpinningModel::new);
    try {
      SpinningModel model = (SpinningModel) lease.get();
      long overlapsBefore = model.overlaps();
      double direct = direct(model, modelNanos, warmup, window);
      double guarded;
      long[] perThread;
      AtomicLongArray calls = new AtomicLongArray(threads);
      AtomicReference<Throwable> failure = new AtomicReference<>();
      CountDownLatch ready = new CountDownLatch(threads);
      CountDownLatch go = new CountDownLatch(1);
      List<Thread> workers = new ArrayList<>();
      Run run = new Run();
      PipelineOptions options = PipelineOptionsFactory.create();
      for (int t = 0; t < threads; t++) {
        int index = t;
        Thread worker =
            new Thread(
                () -> {
                  SpinFn_Shared fn = new SpinFn_Shared();
                  fn.setUpSharedResources(options);
                  try {
                    Spinner spinner = fn.spinner;
                    ready.countDown();
                    go.await();
                    while (run.going) {
                      spinner.spin(modelNanos);
                      calls.lazySet(index, calls.get(index) + 1);
                    }
                  } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                  } finally {
                    fn.tearDownSharedResources();
                  }
                },
                "contention-" + t);
        worker.setDaemon(true);
        workers.add(worker);
        worker.start();
      }
      try {
        if (!ready.await(30, TimeUnit.SECONDS)) {
          throw new IllegalStateException("Contention threads did not set up within 30 s");
        }
        go.countDown();
        Thread.sleep(warmup.toMillis());
        long[] before = snapshot(calls);
        long start = System.nanoTime();
        Thread.sleep(window.toMillis());
        long[] after = snapshot(calls);
        long elapsed = System.nanoTime() - start;
        perThread = new long[threads];
        for (int t = 0; t < threads; t++) {
          perThread[t] = after[t] - before[t];
        }
        guarded = Arrays.stream(perThread).sum() * 1e9 / elapsed;
      } finally {
        run.going = false;
        go.countDown();
        for (Thread worker : workers) {
          worker.join(TimeUnit.SECONDS.toMillis(10));
          if (worker.isAlive()) {
            throw new IllegalStateException(worker.getName() + " did not stop within 10 s");
          }
        }
      }
      if (failure.get() != null) {
        throw new IllegalStateException("A contention thread failed", failure.get());
      }
      return new Result(
          modelNanos, threads, guarded, direct, perThread, model.overlaps() - overlapsBefore);
    } finally {
      lease.release();
    }
  }

  private static double direct(Spinner model, long modelNanos, Duration warmup, Duration window) {
    long warmEnd = System.nanoTime() + warmup.toNanos() / 2;
    while (System.nanoTime() < warmEnd) {
      model.spin(modelNanos);
    }
    long calls = 0;
    long start = System.nanoTime();
    long end = start + window.toNanos() / 2;
    long now;
    do {
      model.spin(modelNanos);
      calls++;
      now = System.nanoTime();
    } while (now < end);
    return calls * 1e9 / (now - start);
  }

  private static long[] snapshot(AtomicLongArray calls) {
    long[] values = new long[calls.length()];
    for (int i = 0; i < values.length; i++) {
      values[i] = calls.get(i);
    }
    return values;
  }

  private static final class Run {
    volatile boolean going = true;
  }
}
