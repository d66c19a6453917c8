package io.github.beamshared.benchmarks.throughput;

import io.github.beamshared.benchmarks.throughput.ThroughputChild.Mode;
import java.util.List;

/**
 * What one throughput configuration measured: each of its JVMs' reports.
 *
 * @param setup what ran
 * @param perJvm each JVM's report, the first JVM (the host of a machine-wide model) first
 */
record ThroughputRun(Setup setup, List<Jvm> perJvm) {

  ThroughputRun {
    perJvm = List.copyOf(perJvm);
  }

  /**
   * One configuration.
   *
   * @param mode what each thread calls
   * @param jvms how many JVMs run it at once
   * @param threads the calling threads of each JVM
   * @param machineWide whether a machine-wide model is shared across the JVMs (else each JVM loads
   *     its own)
   * @param onnxThreads ONNX Runtime's threads within one call of the model
   */
  record Setup(Mode mode, int jvms, int threads, boolean machineWide, int onnxThreads) {

    String describe() {
      String model =
          switch (mode) {
            case GUARD_ONLY, MACHINE_GUARD_ONLY -> "guard only";
            case COALESCED, MACHINE_COALESCED -> "coalesced";
            case CONCURRENT, MACHINE_CONCURRENT -> "coalesced, thread-safe";
            case DIRECT_BATCHES -> "batch method directly, batches of 8";
          };
      String sharing = jvms == 1 ? "" : machineWide ? ", one model for all" : ", a model per JVM";
      return jvms
          + " JVM(s) x "
          + threads
          + " thread(s), "
          + model
          + sharing
          + ", "
          + onnxThreads
          + " ONNX thread(s) a call";
    }

    String slug() {
      return mode.name().toLowerCase() + "-" + jvms + "x" + threads + (machineWide ? "" : "-own");
    }
  }

  /**
   * One JVM's report.
   *
   * @param sentences sentences embedded in the window, by calls that ended in it
   * @param seconds the window
   * @param p50Micros median time of one call
   * @param p99Micros 99th percentile of one call's time
   * @param minCalls the fewest calls one thread made in the window
   * @param maxCalls the most
   * @param batches batches the JVM holding the model ran in the window (0 elsewhere)
   * @param batchedCalls calls those batches answered
   * @param largestBatch the largest batch so far
   */
  record Jvm(
      long sentences,
      double seconds,
      long p50Micros,
      long p99Micros,
      int minCalls,
      int maxCalls,
      long batches,
      long batchedCalls,
      int largestBatch) {}

  /** All JVMs' sentences per second, added up. */
  double sentencesPerSecond() {
    return perJvm.stream().mapToDouble(jvm -> jvm.sentences() / jvm.seconds()).sum();
  }

  /** Calls per batch where the model lives; 0 if no batch ran. */
  double meanBatchSize() {
    long batches = perJvm.stream().mapToLong(Jvm::batches).sum();
    return batches == 0 ? 0 : (double) perJvm.stream().mapToLong(Jvm::batchedCalls).sum() / batches;
  }

  int largestBatch() {
    return perJvm.stream().mapToInt(Jvm::largestBatch).max().orElse(0);
  }

  /** The median call time: the median over the JVMs of each JVM's median. */
  long p50Micros() {
    long[] medians = perJvm.stream().mapToLong(Jvm::p50Micros).sorted().toArray();
    return medians[medians.length / 2];
  }

  /** The highest of the JVMs' 99th percentiles. */
  long p99Micros() {
    return perJvm.stream().mapToLong(Jvm::p99Micros).max().orElse(0);
  }

  int minCalls() {
    return perJvm.stream().mapToInt(Jvm::minCalls).min().orElse(0);
  }

  int maxCalls() {
    return perJvm.stream().mapToInt(Jvm::maxCalls).max().orElse(0);
  }
}
