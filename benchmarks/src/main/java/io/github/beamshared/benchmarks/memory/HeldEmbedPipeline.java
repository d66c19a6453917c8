package io.github.beamshared.benchmarks.memory;

import io.github.beamshared.sample.EmbedPipeline;
import java.io.IOException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The sample pipeline, unchanged, followed by two pauses, so that the memory of all JVMs of a run
 * is measured at one moment, once every JVM is done. After {@link EmbedPipeline#main} returns, the
 * JVM still holds what the pipeline left loaded (the model, in the JVM that hosts or owns it). It
 * prints {@link #DONE} and waits for a line on standard input: a host keeps answering its clients
 * meanwhile, so it collects its garbage only once no JVM calls it any more. Then it collects
 * garbage, waits until its resident memory settles, prints {@link #HELD} and waits for a second
 * line. Exits when that line comes, when standard input closes (its parent died), or after {@code
 * -Dbenchmarks.holdSeconds} (600 by default).
 */
public final class HeldEmbedPipeline {

  /** The line printed once the pipeline is done; the next input line starts the measurement. */
  static final String DONE = "benchmark: pipeline done, waiting for the others";
  /** The line printed once memory has settled and the JVM waits to be measured. */
  static final String HELD = "benchmark: pipeline done, holding for measurement";

  private static final long SETTLE_POLL_MILLIS = 250;
  // HotSpot frees its compilers' pooled arena chunks every 5 s, and malloc gives the memory back
  // within a second (see MemoryBenchmark's flags): 6 s without a change of more than 1 MiB means
  // that no compilation's chunks were waiting to go back when the window began.
  private static final int SETTLED_POLLS = 24;
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
    CountDownLatch measure = new CountDownLatch(1);
    CountDownLatch released = new CountDownLatch(1);
    Thread reader = new Thread(() -> awaitTwoLines(measure, released), "await-release");
    reader.setDaemon(true);
    reader.start();
    System.out.println(DONE);
    System.out.flush();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(holdSeconds);
    if (measure.await(holdSeconds, TimeUnit.SECONDS) && released.getCount() > 0) {
      // What the pipeline left as garbage goes, and the heap shrinks to what is live (see the
      // flags in MemoryBenchmark), so that the measure is what the JVM holds, not when it last
      // collected.
      System.gc();
      awaitSettledMemory();
      System.out.println(HELD);
      System.out.flush();
    }
    if (!released.await(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
      System.out.printf("benchmark: not released after %d s, exiting%n", holdSeconds);
    }
    // The DirectRunner may leave non-daemon threads behind.
    System.exit(0);
  }

  /** Counts down {@code first} at the first line of standard input, {@code second} at the next. */
  private static void awaitTwoLines(CountDownLatch first, CountDownLatch second) {
    try {
      awaitLine();
      first.countDown();
      awaitLine();
    } catch (IOException ignored) {
      // a closed standard input releases the JVM too
    }
    first.countDown();
    second.countDown();
  }

  /** Reads standard input up to the end of a line or of the input. */
  private static void awaitLine() throws IOException {
    int read;
    do {
      read = System.in.read();
    } while (read != '\n' && read != -1);
    if (read == -1) {
      throw new IOException("standard input closed");
    }
  }

  /**
   * Waits (at most 45 s) until this JVM's resident memory has stayed within 1 MiB for the last 6 s:
   * G1 gives the memory of a shrunk heap back concurrently, after the collection returns, and what
   * the JIT compilers and the pipeline freed goes back to the OS over the next seconds (their arena
   * chunks every 5 s, malloc's free memory at each trim, see MemoryBenchmark's flags). Measured one
   * second after the collection, JVMs of one configuration differed by up to 35 MiB. Read after
   * 5.5 s and 1 s of steady memory, single JVMs still held several MiB more than their peers: in
   * one, 6 MiB more, native memory tracking showed 3.8 MiB of compiler arena chunks.
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
