package io.github.beamshared.benchmarks.speed;

import io.github.beamshared.benchmarks.Stats;
import io.github.beamshared.options.SharedOptions;
import io.github.beamshared.runtime.SharedResources;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ClassLoadingMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.beam.sdk.fn.JvmInitializers;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.PipelineOptionsFactory;

/**
 * The child JVMs of {@link CrossProcessBenchmarks}; the rendezvous directory comes from {@code
 * -Dbeamshared.dir}. Modes, as the first argument:
 *
 * <ul>
 *   <li>{@code host <raw socket>}: sets up an {@code EchoFn_Shared}, becoming the tag's host, and
 *       serves {@link RawEcho} on the raw socket; prints {@code READY} and runs until stdin ends.
 *   <li>{@code measure <raw socket> <sizes> <threads> <warm-up ms> <window ms> <rounds>}: times
 *       calls through the generated stub and through the raw echo; prints one {@code ROW} per kind,
 *       size and thread count, then {@code DONE}.
 *   <li>{@code first-acquire}: times this fresh JVM's first and second DoFn setup, and before them
 *       Beam's first view of the options as {@link SharedOptions}, and counts the classes the first
 *       setup loads; prints {@code FIRST}.
 *   <li>{@code first-acquire-warmed}: times what the SDK harness runs before processing
 *       (beam-shared-options' warm-up), then the first DoFn setup after it; prints {@code FIRST}.
 *   <li>{@code first-raw <raw socket>}: times this fresh JVM's first and second raw connect and
 *       16-byte echo, then its first DoFn setup; prints {@code FIRST}.
 * </ul>
 */
public final class CrossProcessChild {

  /** The pipeline options every DoFn setup here receives; none of them is set. */
  private static final PipelineOptions OPTIONS = PipelineOptionsFactory.create();

  private CrossProcessChild() {}

  public static void main(String[] args) throws Exception {
    switch (args[0]) {
      case "host" -> host(Path.of(args[1]));
      case "measure" ->
          measure(
              Path.of(args[1]),
              ints(args[2]),
              ints(args[3]),
              Long.parseLong(args[4]),
              Long.parseLong(args[5]),
              Integer.parseInt(args[6]));
      case "first-acquire" -> firstAcquire();
      case "first-acquire-warmed" -> firstAcquireWarmed();
      case "first-raw" -> firstRaw(Path.of(args[1]));
      default -> throw new IllegalArgumentException("Unknown mode " + args[0]);
    }
    System.out.flush();
    System.exit(0);
  }

  private static void host(Path rawSocket) throws IOException {
    EchoFn_Shared fn = new EchoFn_Shared();
    fn.setUpSharedResources(OPTIONS);
    RawEcho.serve(rawSocket);
    System.out.println("READY hosting=" + hosting() + " pid=" + ProcessHandle.current().pid());
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in));
    while (in.readLine() != null) {
      // Runs until the parent closes stdin or kills this JVM.
    }
  }

  private static boolean hosting() {
    return SharedResources.stats(EchoFn.TAG)
        .map(stats -> stats.client().hostedHere())
        .orElse(false);
  }

  /**
   * The generated setup views the options as {@link SharedOptions}; Beam builds that view (a proxy)
   * the first time, which any DoFn reading its options pays too. It is timed apart, before the
   * setup, so that the setup's time is the acquire's.
   */
  private static void firstAcquire() {
    EchoFn_Shared first = new EchoFn_Shared();
    EchoFn_Shared second = new EchoFn_Shared();
    long start = System.nanoTime();
    OPTIONS.as(SharedOptions.class);
    long optionsNanos = System.nanoTime() - start;
    TimedSetup firstSetup = TimedSetup.of(first);
    start = System.nanoTime();
    second.setUpSharedResources(OPTIONS);
    long secondNanos = System.nanoTime() - start;
    requireClient(first);
    System.out.println(
        "FIRST "
            + firstSetup.nanos()
            + " "
            + secondNanos
            + " "
            + optionsNanos
            + " "
            + firstSetup.classesLoaded());
  }

  /**
   * Times what a worker's SDK harness runs before processing, JvmInitializers.runBeforeProcessing
   * (beam-shared-options registers a warm-up there), then the first DoFn setup after it.
   */
  private static void firstAcquireWarmed() {
    EchoFn_Shared fn = new EchoFn_Shared();
    long start = System.nanoTime();
    JvmInitializers.runBeforeProcessing(OPTIONS);
    long warmUpNanos = System.nanoTime() - start;
    TimedSetup setup = TimedSetup.of(fn);
    requireClient(fn);
    System.out.println("FIRST " + setup.nanos() + " " + warmUpNanos + " " + setup.classesLoaded());
  }

  /** A DoFn's setup: how long it took and how many classes the JVM loaded meanwhile. */
  private record TimedSetup(long nanos, long classesLoaded) {

    static TimedSetup of(EchoFn_Shared fn) {
      ClassLoadingMXBean classLoading = ManagementFactory.getClassLoadingMXBean();
      long classesBefore = classLoading.getTotalLoadedClassCount();
      long start = System.nanoTime();
      fn.setUpSharedResources(OPTIONS);
      long nanos = System.nanoTime() - start;
      return new TimedSetup(nanos, classLoading.getTotalLoadedClassCount() - classesBefore);
    }
  }

  private static void requireClient(EchoFn_Shared fn) {
    if (hosting() || fn.echo.echo(new byte[16]).length != 16) {
      throw new IllegalStateException("Expected to be a client of a running host");
    }
  }

  private static void firstRaw(Path rawSocket) throws IOException {
    long start = System.nanoTime();
    try (RawEcho.Client client = new RawEcho.Client(rawSocket)) {
      client.echo(new byte[16]);
    }
    long firstNanos = System.nanoTime() - start;
    start = System.nanoTime();
    try (RawEcho.Client client = new RawEcho.Client(rawSocket)) {
      client.echo(new byte[16]);
    }
    long secondNanos = System.nanoTime() - start;
    // Then the first acquire of a JVM whose Unix socket classes are already loaded.
    EchoFn_Shared fn = new EchoFn_Shared();
    OPTIONS.as(SharedOptions.class);
    TimedSetup setup = TimedSetup.of(fn);
    requireClient(fn);
    System.out.println("FIRST " + firstNanos + " " + secondNanos + " " + setup.nanos());
  }

  /** How a thread calls: through its DoFn's stub or its own raw connection. */
  private interface Caller {
    byte[] call(byte[] data) throws Exception;
  }

  private static void measure(
      Path rawSocket,
      int[] sizes,
      int[] threadCounts,
      long warmupMillis,
      long windowMillis,
      int rounds)
      throws Exception {
    int maxThreads = Arrays.stream(threadCounts).max().orElse(1);
    List<EchoFn_Shared> fns = new ArrayList<>();
    List<RawEcho.Client> raws = new ArrayList<>();
    for (int t = 0; t < maxThreads; t++) {
      EchoFn_Shared fn = new EchoFn_Shared();
      fn.setUpSharedResources(OPTIONS);
      fns.add(fn);
      raws.add(new RawEcho.Client(rawSocket));
    }
    if (hosting()) {
      throw new IllegalStateException("The measuring JVM became the host; the host JVM is gone");
    }
    Caller[] stub = new Caller[maxThreads];
    Caller[] raw = new Caller[maxThreads];
    for (int t = 0; t < maxThreads; t++) {
      Echo echo = fns.get(t).echo;
      RawEcho.Client client = raws.get(t);
      stub[t] = echo::echo;
      raw[t] = client::echo;
    }
    Random random = new Random(42);
    // Both paths compiled before the first measurement: the JIT's threads would otherwise compete
    // for the 2 cores during the first configurations, the stub's longer path the longest.
    byte[] small = new byte[16];
    for (int i = 0; i < 3; i++) {
      run(raw, 1, small, warmupMillis);
      run(stub, 1, small, warmupMillis);
    }
    for (int size : sizes) {
      byte[] data = new byte[size];
      random.nextBytes(data);
      for (int threads : threadCounts) {
        run(raw, threads, data, warmupMillis);
        run(stub, threads, data, warmupMillis);
        Measured rawMeasured = new Measured();
        Measured stubMeasured = new Measured();
        for (int round = 0; round < rounds; round++) {
          // Alternate which goes first, so that neither always follows the other.
          if (round % 2 == 0) {
            rawMeasured.add(run(raw, threads, data, windowMillis));
            stubMeasured.add(run(stub, threads, data, windowMillis));
          } else {
            stubMeasured.add(run(stub, threads, data, windowMillis));
            rawMeasured.add(run(raw, threads, data, windowMillis));
          }
        }
        System.out.println(rawMeasured.row("raw", size, threads));
        System.out.println(stubMeasured.row("stub", size, threads));
      }
    }
    for (RawEcho.Client client : raws) {
      client.close();
    }
    System.out.println("DONE");
  }

  /** Latencies and throughput of one kind, size and thread count, over all rounds. */
  private static final class Measured {
    private final List<long[]> latencies = new ArrayList<>();
    private long calls;
    private long elapsedNanos;

    void add(Window window) {
      latencies.addAll(window.latencies());
      calls += window.calls();
      elapsedNanos += window.elapsedNanos();
    }

    String row(String kind, int size, int threads) {
      long[] all = latencies.stream().flatMapToLong(Arrays::stream).sorted().toArray();
      return "ROW "
          + kind
          + " "
          + size
          + " "
          + threads
          + " "
          + calls
          + " "
          + elapsedNanos
          + " "
          + Stats.quantile(all, 0.5)
          + " "
          + Stats.quantile(all, 0.99);
    }
  }

  private record Window(List<long[]> latencies, long calls, long elapsedNanos) {}

  /** {@code threads} threads call for {@code millis}; returns every latency and the throughput. */
  private static Window run(Caller[] callers, int threads, byte[] data, long millis)
      throws InterruptedException {
    CountDownLatch go = new CountDownLatch(1);
    long[][] latencies = new long[threads][];
    long[] lastEnd = new long[threads];
    AtomicReference<Throwable> failure = new AtomicReference<>();
    Deadline deadline = new Deadline();
    List<Thread> workers = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int index = t;
      Thread worker =
          new Thread(
              () -> {
                long[] own = new long[1024];
                int count = 0;
                try {
                  go.await();
                  long end = deadline.nanos;
                  long now = System.nanoTime();
                  while (now < end) {
                    byte[] answer = callers[index].call(data);
                    long done = System.nanoTime();
                    if (answer.length != data.length
                        || answer[data.length - 1] != data[data.length - 1]) {
                      throw new IllegalStateException("Wrong echo of " + data.length + " bytes");
                    }
                    if (count == own.length) {
                      own = Arrays.copyOf(own, own.length * 2);
                    }
                    own[count++] = done - now;
                    now = done;
                  }
                  lastEnd[index] = now;
                } catch (Throwable e) {
                  failure.compareAndSet(null, e);
                }
                latencies[index] = Arrays.copyOf(own, count);
              },
              "caller-" + t);
      worker.setDaemon(true);
      workers.add(worker);
      worker.start();
    }
    long start = System.nanoTime();
    deadline.nanos = start + TimeUnit.MILLISECONDS.toNanos(millis);
    go.countDown();
    for (Thread worker : workers) {
      worker.join(millis + 60_000);
      if (worker.isAlive()) {
        throw new IllegalStateException(worker.getName() + " did not finish within 60 s");
      }
    }
    if (failure.get() != null) {
      throw new IllegalStateException("A calling thread failed", failure.get());
    }
    long end = Arrays.stream(lastEnd).max().orElse(start);
    long calls = Arrays.stream(latencies).mapToLong(l -> l.length).sum();
    return new Window(Arrays.asList(latencies), calls, end - start);
  }

  private static final class Deadline {
    volatile long nanos;
  }

  private static int[] ints(String csv) {
    return Arrays.stream(csv.split(",")).mapToInt(Integer::parseInt).toArray();
  }
}
