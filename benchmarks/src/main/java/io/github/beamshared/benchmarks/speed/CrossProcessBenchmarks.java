package io.github.beamshared.benchmarks.speed;

import io.github.beamshared.benchmarks.BenchmarkPart;
import io.github.beamshared.benchmarks.ResultTable;
import io.github.beamshared.benchmarks.Stats;
import io.github.beamshared.testsupport.ChildJvm;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The cost of sharing across the JVMs of a machine, in real JVMs: one child hosts a
 * {@code @MultiProcessShared} {@link Echo} and a {@link RawEcho} server; another child calls both
 * with several argument sizes and thread counts; then fresh JVMs time their first acquire of the
 * hosted tag beside their first raw connect and echo. Every child is killed when the part ends.
 */
public final class CrossProcessBenchmarks implements BenchmarkPart {

  static final double LATENCY_GOAL_RATIO = 1.3;
  static final double FIRST_ACQUIRE_GOAL_MILLIS = 5;

  private static final List<String> CHILD_JVM =
      List.of("-Xmx512m", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn");
  private static final long START_SECONDS = 60;

  public CrossProcessBenchmarks() {}

  /** What one child measured for one kind ("stub" or "raw"), size and thread count. */
  private record Row(
      String kind,
      int size,
      int threads,
      long calls,
      long elapsedNanos,
      long medianNanos,
      long p99Nanos) {

    double perSecond() {
      return calls * 1e9 / elapsedNanos;
    }
  }

  @Override
  public List<ResultTable> run(boolean quick, Path work) throws Exception {
    Files.createDirectories(work);
    int[] sizes = quick ? new int[] {16, 4 << 10} : new int[] {16, 4 << 10, 400 << 10};
    int[] threads = quick ? new int[] {1, 4} : new int[] {1, 4, 16};
    long warmupMillis = quick ? 100 : 500;
    long windowMillis = quick ? 150 : 300;
    int rounds = quick ? 1 : 7;
    int freshJvms = quick ? 1 : 7;
    // Socket paths may have at most 107 bytes, so the sockets live in a short directory.
    Path sockets = Files.createTempDirectory(Path.of("/tmp"), "bss");
    Path rawSocket = sockets.resolve("raw.sock");
    List<String> jvm = new ArrayList<>(CHILD_JVM);
    jvm.add("-Dbeamshared.dir=" + sockets.resolve("r"));
    List<Row> rows;
    List<long[]> firstAcquires = new ArrayList<>();
    List<long[]> firstRaws = new ArrayList<>();
    List<long[]> warmedAcquires = new ArrayList<>();
    try (ChildJvm host =
        ChildJvm.start(
            CrossProcessChild.class,
            jvm,
            List.of("host", rawSocket.toString()),
            work.resolve("cross-host.err"))) {
      String ready = host.expect("READY", START_SECONDS);
      if (!ready.contains("hosting=true")) {
        throw new IllegalStateException("The host child does not host the tag: " + ready);
      }
      long configurations = (long) sizes.length * threads.length;
      long expectedSeconds = configurations * 2 * (warmupMillis + rounds * windowMillis) / 1000;
      try (ChildJvm client =
          ChildJvm.start(
              CrossProcessChild.class,
              jvm,
              List.of(
                  "measure",
                  rawSocket.toString(),
                  csv(sizes),
                  csv(threads),
                  Long.toString(warmupMillis),
                  Long.toString(windowMillis),
                  Integer.toString(rounds)),
              work.resolve("cross-measure.err"))) {
        client.expect("DONE", START_SECONDS + 3 * expectedSeconds);
        rows = client.lines("ROW").stream().map(CrossProcessBenchmarks::parse).toList();
      }
      for (int i = 0; i < freshJvms; i++) {
        firstAcquires.add(fresh(jvm, List.of("first-acquire"), work, "cross-first-acquire-" + i));
        firstRaws.add(
            fresh(jvm, List.of("first-raw", rawSocket.toString()), work, "cross-first-raw-" + i));
        warmedAcquires.add(
            fresh(jvm, List.of("first-acquire-warmed"), work, "cross-first-acquire-warmed-" + i));
      }
    } finally {
      deleteRecursively(sockets);
    }
    return List.of(
        latencyTable(rows, quick, rounds, windowMillis),
        firstAcquireTable(firstAcquires, firstRaws, warmedAcquires, quick));
  }

  private static long[] fresh(List<String> jvm, List<String> arguments, Path work, String name)
      throws IOException, InterruptedException {
    try (ChildJvm child =
        ChildJvm.start(CrossProcessChild.class, jvm, arguments, work.resolve(name + ".err"))) {
      String[] words = child.expect("FIRST", START_SECONDS).split(" ");
      return Arrays.stream(words).skip(1).mapToLong(Long::parseLong).toArray();
    }
  }

  private static ResultTable latencyTable(
      List<Row> rows, boolean quick, int rounds, long windowMillis) {
    Map<String, Row> byKey = new HashMap<>();
    rows.forEach(row -> byKey.put(row.kind() + " " + row.size() + " " + row.threads(), row));
    List<List<String>> cells = new ArrayList<>();
    List<String> missed = new ArrayList<>();
    double worst = 0;
    for (Row stub :
        rows.stream()
            .filter(r -> r.kind().equals("stub"))
            .sorted(Comparator.comparingInt(Row::size).thenComparingInt(Row::threads))
            .toList()) {
      Row raw = byKey.get("raw " + stub.size() + " " + stub.threads());
      double ratio = (double) stub.medianNanos() / raw.medianNanos();
      boolean met = ratio <= LATENCY_GOAL_RATIO;
      worst = Math.max(worst, ratio);
      if (!met) {
        missed.add(
            Stats.bytes(stub.size())
                + " with "
                + stub.threads()
                + (stub.threads() == 1 ? " thread (" : " threads (")
                + Stats.ratio(ratio)
                + ")");
      }
      cells.add(
          List.of(
              Stats.bytes(stub.size()),
              Integer.toString(stub.threads()),
              Stats.microsFromNanos(stub.medianNanos()),
              Stats.microsFromNanos(stub.p99Nanos()),
              Stats.microsFromNanos(raw.medianNanos()),
              Stats.microsFromNanos(raw.p99Nanos()),
              Stats.ratio(ratio),
              Stats.count(stub.perSecond()),
              Stats.count(raw.perSecond()),
              Stats.ratio(raw.perSecond() / stub.perSecond()),
              Stats.yesNo(met)));
    }
    List<String> notes = new ArrayList<>();
    notes.add(
        "Goal: a call through the generated stub is within 1.3x of the raw echo at the"
            + " median: "
            + (missed.isEmpty() ? "met in every row" : "NOT met for " + String.join(", ", missed))
            + "; the largest ratio is "
            + Stats.ratio(worst)
            + ".");
    notes.add(
        "Both kinds run in the same two child JVMs and alternate, "
            + rounds
            + " round(s) of "
            + windowMillis
            + " ms each after a warm-up; the throughput columns count every call"
            + " completed by all client threads together. Every window starts new client threads:"
            + " with one client thread, a window's median here is either some 6-13 µs or some"
            + " 60-70 µs for either kind, depending on where the OS places the threads, so several"
            + " short alternating windows give both kinds the same mix."
            + (quick ? " Quick run: indicative only." : ""));
    notes.add(
        "Both have the same shape: each calling thread writes on a connection of its own and"
            + " reads the reply itself, and one host thread per connection reads, answers and writes."
            + " What the stub pays beyond the raw echo: taking a connection from the tag's pool and"
            + " giving it back, arming the call-timeout watchdog, a method number and the wire codec's"
            + " type bytes, and copying the byte[] into and out of the message buffer on both sides;"
            + " and the host decodes the argument into a new array, where the raw echo sends back the"
            + " bytes it read. A message of up to 512 KiB, the most a connection buffers, is read"
            + " whole before it is decoded; a larger one is decoded as it arrives.");
    notes.add(
        "Each client thread has its own generated DoFn instance, as a runner's threads do."
            + " Both child JVMs run with "
            + String.join(" ", CHILD_JVM.subList(0, 1))
            + " and the default G1 collector: the p99 of 400 KB calls includes the collections the"
            + " stub's copies cause.");
    notes.add(
        "2-core machine: with 4 and 16 client threads the client, host and server threads"
            + " queue for the 2 cores, so latency there is mostly waiting; compare the ratio, not the"
            + " absolute numbers, and expect 10-20% run-to-run noise (more if anything else runs).");
    return new ResultTable(
        "Cross-process: calls through the generated stub",
        "A @MultiProcessShared(threadSafe = true) Echo hosted by one JVM and called from another"
            + " JVM through the generated stub, beside a minimal length-prefixed echo over a Unix"
            + " domain socket between the same two JVMs. Latency in µs per call; the argument"
            + " (a byte[]) is echoed back.",
        List.of(
            "Argument",
            "Client threads",
            "Stub median µs",
            "Stub p99 µs",
            "Raw echo median µs",
            "Raw echo p99 µs",
            "Median ratio",
            "Stub calls/s",
            "Raw echo calls/s",
            "Throughput: raw / stub",
            "Median ≤ 1.3x raw"),
        cells,
        notes);
  }

  private static ResultTable firstAcquireTable(
      List<long[]> acquires, List<long[]> raws, List<long[]> warmed, boolean quick) {
    long warmedAcquire = Stats.median(column(warmed, 0));
    long warmUp = Stats.median(column(warmed, 1));
    boolean warmedMet = warmedAcquire < FIRST_ACQUIRE_GOAL_MILLIS * 1e6;
    long firstAcquire = Stats.median(column(acquires, 0));
    long firstRaw = Stats.median(column(raws, 0));
    long secondRaw = Stats.median(column(raws, 1));
    boolean met = firstAcquire < FIRST_ACQUIRE_GOAL_MILLIS * 1e6;
    String firstRawName = "first raw connect + 16 B echo";
    List<List<String>> rows =
        List.of(
            timingRow(
                "first DoFn setup of the hosted tag (first acquire)",
                acquires,
                0,
                firstRawName,
                firstRaw,
                "< 5 ms",
                Stats.yesNo(met)),
            timingRow(
                "second DoFn setup in the same JVM",
                acquires,
                1,
                "second raw connect + 16 B echo",
                secondRaw,
                "(none)",
                "–"),
            timingRow(
                "first DoFn setup after the SDK harness's before-processing step (with"
                    + " beam-shared-options' warm-up)",
                warmed,
                0,
                firstRawName,
                firstRaw,
                "< 5 ms",
                Stats.yesNo(warmedMet)),
            timingRow(
                "that before-processing step, at worker start",
                warmed,
                1,
                firstRawName,
                firstRaw,
                "(diagnostic)",
                "–"),
            timingRow(
                "first DoFn setup in a JVM that already made the raw connections",
                raws,
                2,
                firstRawName,
                firstRaw,
                "(diagnostic)",
                "–"));
    List<String> notes = new ArrayList<>();
    notes.add(
        "Goal: a second JVM's first acquire of an already hosted tag takes under 5 ms: "
            + (met ? "met" : "NOT met")
            + " in a cold JVM (median "
            + Stats.millisFromNanos(firstAcquire)
            + " ms); "
            + (warmedMet ? "met" : "NOT met")
            + " after the warm-up that"
            + " beam-shared-options registers as a Beam JvmInitializer (median "
            + Stats.millisFromNanos(warmedAcquire)
            + " ms), which moves "
            + Stats.millisFromNanos(warmUp)
            + " ms to the worker's start, before processing.");
    notes.add(
        "Timed inside each fresh JVM from just before the generated setUpSharedResources()"
            + " to its return, so JVM start is excluded but everything the first acquire triggers is"
            + " in: loading and initialising the runtime's classes and slf4j, opening the rendezvous"
            + " directory, trying the tag's file lock, connecting, and the round trip of the"
            + " handshake and the acquire sent right behind it (median "
            + Stats.count(Stats.median(column(acquires, 3)))
            + " classes loaded during it, mostly JDK classes: Unix sockets and the SecureRandom they"
            + " seed, file locks, peer credentials; after the warm-up "
            + Stats.count(Stats.median(column(warmed, 2)))
            + "). The baseline does the same for a raw"
            + " socket in other fresh JVMs (its own class loading included).");
    notes.add(
        "The second row is a second DoFn's setup right after the first: an acquire over the"
            + " open connection. The third and fourth rows are other fresh JVMs that first run what a"
            + " Beam SDK harness (portable runners, Dataflow) runs before processing,"
            + " JvmInitializers.runBeforeProcessing(options): beam-shared-options' initializer"
            + " applies the options and warms up (the JDK's Unix sockets and file locks, the runtime's"
            + " client classes, one message each way over a socket of the JVM's own, and the threads a"
            + " first acquire would start; no connection to the host), then the first setup. Where"
            + " nothing runs JvmInitializers, as on the DirectRunner, the first setup pays the cold"
            + " figure. The last row is the first acquire in the baseline's JVMs, after their raw"
            + " connections loaded the JDK's Unix socket classes: what the runtime's own"
            + " cold start costs beyond the JDK's.");
    notes.add(
        "Not included: Beam's first options.as(SharedOptions.class), which the generated"
            + " setup calls and which is timed apart just before it (median "
            + Stats.millisFromNanos(Stats.median(column(acquires, 2)))
            + " ms in these JVMs); a"
            + " worker whose options were already viewed that way does not pay it again.");
    notes.add(
        "Median of "
            + acquires.size()
            + " fresh JVMs each, alternating"
            + (quick ? "; quick run: a single JVM, indicative only." : ".")
            + " 2-core machine: class loading dominates and varies with disk cache and load.");
    return new ResultTable(
        "Cross-process: a second JVM's first acquire",
        "Fresh JVMs acquire a tag another JVM already hosts, through the generated DoFn setup,"
            + " beside fresh JVMs opening a raw Unix socket connection to the same host JVM.",
        List.of(
            "Measurement",
            "Fresh JVMs",
            "Median ms",
            "Min – max ms",
            "Baseline",
            "Baseline median ms",
            "Ratio",
            "Goal",
            "Met"),
        rows,
        notes);
  }

  private static long[] column(List<long[]> values, int index) {
    return values.stream().mapToLong(v -> v[index]).toArray();
  }

  /**
   * A row of the first-acquire table: the fresh JVMs' median of one timing, its range, and its
   * ratio to a baseline's median.
   */
  private static List<String> timingRow(
      String measurement,
      List<long[]> jvms,
      int column,
      String baseline,
      long baselineNanos,
      String goal,
      String met) {
    long median = Stats.median(column(jvms, column));
    return List.of(
        measurement,
        Integer.toString(jvms.size()),
        Stats.millisFromNanos(median),
        range(column(jvms, column)),
        baseline,
        Stats.millisFromNanos(baselineNanos),
        Stats.ratio((double) median / baselineNanos),
        goal,
        met);
  }

  private static String range(long[] values) {
    long[] sorted = values.clone();
    Arrays.sort(sorted);
    return Stats.millisFromNanos(sorted[0])
        + " – "
        + Stats.millisFromNanos(sorted[sorted.length - 1]);
  }

  private static Row parse(String line) {
    String[] w = line.split(" ");
    return new Row(
        w[1],
        Integer.parseInt(w[2]),
        Integer.parseInt(w[3]),
        Long.parseLong(w[4]),
        Long.parseLong(w[5]),
        Long.parseLong(w[6]),
        Long.parseLong(w[7]));
  }

  private static String csv(int[] values) {
    return Arrays.stream(values).mapToObj(Integer::toString).collect(Collectors.joining(","));
  }

  private static void deleteRecursively(Path directory) throws IOException {
    if (!Files.exists(directory)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(directory)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    }
  }

  /** Runs the part and prints its tables: {@code [--quick] [work directory]}. */
  public static void main(String[] args) throws Exception {
    BenchmarkPart.runAlone(new CrossProcessBenchmarks(), args);
  }
}
