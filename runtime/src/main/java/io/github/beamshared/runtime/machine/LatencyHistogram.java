package io.github.beamshared.runtime.machine;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * Durations in nanoseconds, counted in fixed logarithmic buckets so that recording one takes no
 * lock and allocates nothing: each power of two is split into {@value #SUB_BUCKETS} buckets, so a
 * percentile read from them is at most 12.5% above the true value, over the whole range of a {@code
 * long}, in {@value #BUCKETS} counters (4 KB). The total and the largest duration are kept exactly.
 *
 * <p>Recorders run concurrently with each other and with {@link #summary()}; a summary taken while
 * durations are being recorded may miss the latest of them, and its total may count one that its
 * buckets do not yet.
 */
final class LatencyHistogram {

  private static final int SUB_BUCKET_BITS = 3;
  static final int SUB_BUCKETS = 1 << SUB_BUCKET_BITS;
  // Values below SUB_BUCKETS have a bucket each; each higher power of two has SUB_BUCKETS.
  static final int BUCKETS = (Long.SIZE - SUB_BUCKET_BITS) * SUB_BUCKETS;

  private final AtomicLongArray counts = new AtomicLongArray(BUCKETS);
  private final LongAdder totalNanos = new LongAdder();
  // An AtomicLong, not a LongAccumulator, whose function would be a lambda to link on a fresh
  // JVM's first acquire; a new maximum is rare once calls have run a while.
  private final AtomicLong maxNanos = new AtomicLong();

  /**
   * What was recorded, in nanoseconds; each percentile is the upper bound of its bucket, capped at
   * the largest duration, and 0 when nothing was recorded.
   */
  record Summary(long count, long totalNanos, long p50Nanos, long p99Nanos, long maxNanos) {}

  /** Records one duration; a negative one (a clock that went back) counts as 0. */
  void record(long nanos) {
    long value = Math.max(0, nanos);
    // The maximum first, so that a summary that sees the value in its bucket sees it here too.
    raiseMax(value);
    totalNanos.add(value);
    counts.incrementAndGet(bucket(value));
  }

  private void raiseMax(long value) {
    long max = maxNanos.get();
    while (value > max && !maxNanos.compareAndSet(max, value)) {
      max = maxNanos.get();
    }
  }

  Summary summary() {
    long[] snapshot = new long[BUCKETS];
    long count = 0;
    for (int i = 0; i < BUCKETS; i++) {
      snapshot[i] = counts.get(i);
      count += snapshot[i];
    }
    long max = maxNanos.get();
    return new Summary(
        count,
        totalNanos.sum(),
        percentile(snapshot, count, 50, max),
        percentile(snapshot, count, 99, max),
        max);
  }

  /**
   * The upper bound of the first bucket at or below which at least {@code percent} percent of the
   * {@code count} durations in {@code snapshot} lie, capped at {@code max}; 0 if {@code count} is
   * 0.
   */
  private static long percentile(long[] snapshot, long count, int percent, long max) {
    long rank = Math.max(1, (count * percent + 99) / 100); // the ceiling of count * percent / 100
    long seen = 0;
    for (int i = 0; i < BUCKETS; i++) {
      seen += snapshot[i];
      if (seen >= rank) {
        return Math.min(upperBound(i), max);
      }
    }
    return 0;
  }

  /** The bucket of {@code value}, which is not negative. */
  static int bucket(long value) {
    if (value < SUB_BUCKETS) {
      return (int) value;
    }
    int exponent = Long.SIZE - 1 - Long.numberOfLeadingZeros(value);
    int shift = exponent - SUB_BUCKET_BITS;
    int subBucket = (int) (value >>> shift) & (SUB_BUCKETS - 1);
    return (shift + 1) * SUB_BUCKETS + subBucket;
  }

  /** The largest value in {@code bucket}. */
  static long upperBound(int bucket) {
    if (bucket < SUB_BUCKETS) {
      return bucket;
    }
    int shift = bucket / SUB_BUCKETS - 1;
    long lowest = (long) (SUB_BUCKETS + bucket % SUB_BUCKETS) << shift;
    return lowest + (1L << shift) - 1;
  }
}
