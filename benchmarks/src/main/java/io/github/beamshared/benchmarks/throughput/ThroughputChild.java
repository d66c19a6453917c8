package io.github.beamshared.benchmarks.throughput;

import io.github.beamshared.benchmarks.Corpus;
import io.github.beamshared.benchmarks.Stats;
import io.github.beamshared.runtime.BatchStats;
import io.github.beamshared.runtime.ResourceStats;
import io.github.beamshared.runtime.SharedResources;
import io.github.beamshared.sample.EmbedOptions;
import io.github.beamshared.sample.Embedder;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.PipelineOptionsFactory;

/**
 * One JVM of a throughput run. It sets up what its mode calls, prints {@code READY}, waits for a
 * line on stdin (so that the JVMs of one run start together), calls for the warm-up, then for the
 * measured window, and prints
 *
 * <pre>
 * BATCHES batches=N calls=N largest=N     (in the JVM holding the model, if its calls batch)
 * RESULT calls=N sentences=N seconds=S p50us=N p99us=N minCalls=N maxCalls=N
 * </pre>
 *
 * then waits for another line before it tears down and exits, so that a JVM hosting the model
 * serves the others until every one has finished.
 *
 * <p>Arguments: {@code MODE THREADS WARMUP_SECONDS MEASURE_SECONDS [pipeline options]}.
 */
public final class ThroughputChild {

  /** What each calling thread calls. */
  enum Mode {
    /** The sample's model through the guard, one call at a time (no batching). */
    GUARD_ONLY(ThroughputFns.GuardOnly.TAG, 1),
    /** The same, its {@code embed} calls batched (threadSafe = false: one batch at a time). */
    COALESCED(ThroughputFns.Coalesced.TAG, 1),
    /** Batched calls of a thread-safe model: batches run side by side. */
    CONCURRENT(ThroughputFns.Concurrent.TAG, 1),
    /** Guarded calls of one machine-wide model. */
    MACHINE_GUARD_ONLY(ThroughputFns.MachineGuardOnly.TAG, 1),
    /** Batched calls of one machine-wide model: the batches form at its host. */
    MACHINE_COALESCED(ThroughputFns.MachineCoalesced.TAG, 1),
    /** The same for a thread-safe model: the host runs batches side by side. */
    MACHINE_CONCURRENT(ThroughputFns.MachineConcurrent.TAG, 1),
    /** The ideal: the model's batch method called directly with batches of 8, no sharing. */
    DIRECT_BATCHES(null, 8);

    final String tag;
    final int sentencesPerCall;

    Mode(String tag, int sentencesPerCall) {
      this.tag = tag;
      this.sentencesPerCall = sentencesPerCall;
    }
  }

  /** A calling thread's view of the model: one call, of one sentence or a batch. */
  private interface Caller {
    void call(List<String> corpus, int index) throws Exception;
  }

  private ThroughputChild() {}

  public static void main(String[] args) throws Exception {
    Mode mode = Mode.valueOf(args[0]);
    int threads = Integer.parseInt(args[1]);
    long warmupNanos = seconds(args[2]);
    long measureNanos = seconds(args[3]);
    PipelineOptionsFactory.register(EmbedOptions.class);
    PipelineOptions options =
        PipelineOptionsFactory.fromArgs(Arrays.copyOfRange(args, 4, args.length)).create();
    List<String> corpus = Corpus.lines();
    List<Caller> callers = new ArrayList<>();
    List<Runnable> teardowns = new ArrayList<>();
    Embedder direct = mode == Mode.DIRECT_BATCHES ? ThroughputFns.load(options) : null;
    for (int t = 0; t < threads; t++) {
      callers.add(caller(mode, options, direct, teardowns));
    }
    BufferedReader commands =
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    System.out.println("READY");
    commands.readLine();

    long start = System.nanoTime();
    long measureStart = start + warmupNanos;
    long measureEnd = measureStart + measureNanos;
    Window window = new Window(threads, measureStart, measureEnd);
    CountDownLatch done = new CountDownLatch(threads);
    for (int t = 0; t < threads; t++) {
      int thread = t;
      Thread worker =
          new Thread(
              () -> {
                try {
                  window.run(
                      thread,
                      callers.get(thread),
                      corpus,
                      thread * corpus.size() / threads,
                      mode.sentencesPerCall);
                } catch (Exception e) {
                  e.printStackTrace();
                  System.exit(3);
                } finally {
                  done.countDown();
                }
              },
              "caller-" + t);
      worker.setDaemon(true);
      worker.start();
    }
    Optional<BatchStats> before = batchStats(mode, measureStart);
    Optional<BatchStats> after = batchStats(mode, measureEnd);
    if (!done.await(
        measureEnd - System.nanoTime() + TimeUnit.MINUTES.toNanos(2), TimeUnit.NANOSECONDS)) {
      throw new IllegalStateException("calls did not end within 2 minutes of the window");
    }
    // Before RESULT, so that a parent reading RESULT has this JVM's BATCHES line too.
    if (before.isPresent() && after.isPresent()) {
      long batches = after.get().batches() - before.get().batches();
      long calls = after.get().calls() - before.get().calls();
      System.out.println(
          "BATCHES batches="
              + batches
              + " calls="
              + calls
              + " largest="
              + after.get().largestBatch());
    }
    System.out.println(window.result(mode.sentencesPerCall));
    commands.readLine();
    teardowns.forEach(Runnable::run);
  }

  /**
   * A thread's caller: a DoFn of its own, set up as a runner's thread would (its teardown added to
   * {@code teardowns}), or the model.
   */
  private static Caller caller(
      Mode mode, PipelineOptions options, Embedder direct, List<Runnable> teardowns) {
    switch (mode) {
      case GUARD_ONLY -> {
        var fn = new ThroughputFns_GuardOnly_Shared();
        fn.setUpSharedResources(options);
        teardowns.add(fn::tearDownSharedResources);
        return (corpus, i) -> fn.embedder.embed(corpus.get(i));
      }
      case COALESCED -> {
        var fn = new ThroughputFns_Coalesced_Shared();
        fn.setUpSharedResources(options);
        teardowns.add(fn::tearDownSharedResources);
        return (corpus, i) -> fn.embedder.embed(corpus.get(i));
      }
      case CONCURRENT -> {
        var fn = new ThroughputFns_Concurrent_Shared();
        fn.setUpSharedResources(options);
        teardowns.add(fn::tearDownSharedResources);
        return (corpus, i) -> fn.embedder.embed(corpus.get(i));
      }
      case MACHINE_GUARD_ONLY -> {
        var fn = new ThroughputFns_MachineGuardOnly_Shared();
        fn.setUpSharedResources(options);
        teardowns.add(fn::tearDownSharedResources);
        return (corpus, i) -> fn.embedder.embed(corpus.get(i));
      }
      case MACHINE_COALESCED -> {
        var fn = new ThroughputFns_MachineCoalesced_Shared();
        fn.setUpSharedResources(options);
        teardowns.add(fn::tearDownSharedResources);
        return (corpus, i) -> fn.embedder.embed(corpus.get(i));
      }
      case MACHINE_CONCURRENT -> {
        var fn = new ThroughputFns_MachineConcurrent_Shared();
        fn.setUpSharedResources(options);
        teardowns.add(fn::tearDownSharedResources);
        return (corpus, i) -> fn.embedder.embed(corpus.get(i));
      }
      default -> {
        int batch = mode.sentencesPerCall;
        return (corpus, i) -> direct.embedAll(corpus.subList(i, i + batch));
      }
    }
  }

  /** The batching statistics of this JVM's tag at {@code when}, if it holds the model. */
  private static Optional<BatchStats> batchStats(Mode mode, long when) throws InterruptedException {
    long left = when - System.nanoTime();
    if (left > 0) {
      TimeUnit.NANOSECONDS.sleep(left);
    }
    return mode.tag == null
        ? Optional.empty()
        : SharedResources.stats(mode.tag)
            .filter(ResourceStats::loaded)
            .map(ResourceStats::batching);
  }

  private static long seconds(String value) {
    return (long) (Double.parseDouble(value) * 1e9);
  }

  /**
   * The calls of every thread, counted and timed when they end inside the measured window: the
   * latency of each, and each thread's count.
   */
  private static final class Window {
    private final long start;
    private final long end;
    private final long[][] latencies;
    private final int[] counts;

    Window(int threads, long start, long end) {
      this.start = start;
      this.end = end;
      this.latencies = new long[threads][];
      this.counts = new int[threads];
    }

    /** Calls until the window ends, walking the corpus from {@code offset}, {@code step} a call. */
    void run(int thread, Caller caller, List<String> corpus, int offset, int step)
        throws Exception {
      long[] mine = new long[1 << 12];
      int count = 0;
      int index = offset;
      while (true) {
        if (index + step > corpus.size()) {
          index = 0;
        }
        long before = System.nanoTime();
        if (before >= end) {
          break;
        }
        caller.call(corpus, index);
        long after = System.nanoTime();
        index += step;
        if (after >= start && after < end) {
          if (count == mine.length) {
            mine = Arrays.copyOf(mine, count * 2);
          }
          mine[count++] = after - before;
        }
      }
      synchronized (this) {
        latencies[thread] = Arrays.copyOf(mine, count);
        counts[thread] = count;
      }
    }

    synchronized String result(int sentencesPerCall) {
      long[] all = Arrays.stream(latencies).flatMapToLong(Arrays::stream).sorted().toArray();
      int min = Arrays.stream(counts).min().orElse(0);
      int max = Arrays.stream(counts).max().orElse(0);
      return String.format(
          Locale.ROOT,
          "RESULT calls=%d sentences=%d seconds=%.3f p50us=%d"
              + " p99us=%d minCalls=%d maxCalls=%d",
          all.length,
          (long) all.length * sentencesPerCall,
          (end - start) / 1e9,
          Stats.quantile(all, 0.50) / 1000,
          Stats.quantile(all, 0.99) / 1000,
          min,
          max);
    }
  }
}
