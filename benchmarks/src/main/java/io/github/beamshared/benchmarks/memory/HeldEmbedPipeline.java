package io.github.beamshared.benchmarks.memory;

import io.github.beamshared.sample.EmbedPipeline;
import java.io.IOException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The sample pipeline, unchanged, followed by a pause: after {@link EmbedPipeline#main} returns,
 * the JVM still holds what the pipeline left loaded (the model, in the JVM that hosts or owns it).
 * It collects garbage, waits until its resident memory settles, prints {@link #HELD} and waits for
 * a line on standard input, so that the memory of all JVMs of a run can be measured at one moment.
 * Exits when the line comes, when standard input closes (its parent died), or after {@code
 * -Dbenchmarks.holdSeconds} (600 by default).
 */
public final class HeldEmbedPipeline {

  /** The line printed once the pipeline is done and the JVM waits to be measured. */
  static final String HELD = "benchmark: pipeline done, holding for measurement";

  private static final long SETTLE_POLL_MILLIS = 250;
  // HotSpot frees its compilers' pooled arena chunks every 5 s, and malloc gives the memory back
  // within a second (see MemoryBenchmark's flags): 6 s without a change of more than 1 MiB means
  // that no compilation's chunks were waiting to go back when the window began. A quick run, which
  // only shows that the part works, settles for -Dbenchmarks.settleSeconds instead.
  private static final int SETTLED_POLLS =
      (int) (Long.getLong("benchmarks.settleSeconds", 6) * 1000 / 250);
  private static final long SETTLE_KIB = 1024;
  private static final long SETTLE_TIMEOUT_MILLIS = 45_000;

  private HeldEmbedPipeline() {}

  public static void main(String[] args) throws Exception {
    long holdSeconds = Long.getLong("benchmarks.holdSeconds", 600);
    try {
      EmbedPipeline.main(args);
    } catch (Throwable failure) {
      failure.printStackTrace();
      System.exit(1);
    }
    CountDownLatch released = new CountDownLatch(1);
    Thread reader =
        new Thread(
            () -> {
              try {
                System.in.read();
              } catch (IOException ignored) {
                // a closed standard input releases the JVM too
              }
              released.countDown();
            },
            "await-release");
    reader.setDaemon(true);
    reader.start();
    // What the pipeline left as garbage goes, and the heap shrinks to what is live (see the flags
    // in MemoryBenchmark), so that the measure is what the JVM holds, not when it last collected.
    System.gc();
    awaitSettledMemory();
    System.out.println(HELD);
    System.out.flush();
    if (!released.await(holdSeconds, TimeUnit.SECONDS)) {
      System.out.printf("benchmark: not released after %d s, exiting%n", holdSeconds);
    }
    // The DirectRunner may leave non-daemon threads behind.
    System.exit(0);
  }

  /**
   * Waits (at most 45 s) until this JVM's resident memory has stayed within 1 MiB for the last 6 s:
   * G1 gives the memory of a shrunk heap back concurrently, after the collection returns, and what
   * the JIT compilers and the pipeline freed goes back to the OS over the next seconds (their arena
   * chunks every 5 s, malloc's free memory at each trim, see MemoryBenchmark's flags). A window
   * longer than the compilers' 5 s period is what makes identical JVMs read alike: a shorter one
   * can end before a JVM has returned its compiler arena chunks, and that JVM then reads MiB more
   * than its peers.
   */
  private static void awaitSettledMemory() throws IOException, InterruptedException {
    long pid = ProcessHandle.current().pid();
    long deadline = System.currentTimeMillis() + SETTLE_TIMEOUT_MILLIS;
    long windowStart = ProcMemory.residentKib(pid); // the RSS the steady window began with
    int steady = 0;
    while (steady < SETTLED_POLLS && System.currentTimeMillis() < deadline) {
      Thread.sleep(SETTLE_POLL_MILLIS);
      long current = ProcMemory.residentKib(pid);
      if (Math.abs(current - windowStart) <= SETTLE_KIB) {
        steady++;
      } else {
        windowStart = current;
        steady = 0;
      }
    }
  }
}
