package io.github.beamshared.runtime.machine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class LatencyHistogramTest {

  @Test
  void nothingRecordedSummarizesAsZeros() {
    assertEquals(new LatencyHistogram.Summary(0, 0, 0, 0, 0), new LatencyHistogram().summary());
  }

  @Test
  void oneDurationIsEveryPercentileExactly() {
    LatencyHistogram histogram = new LatencyHistogram();
    histogram.record(42_123);

    assertEquals(
        new LatencyHistogram.Summary(1, 42_123, 42_123, 42_123, 42_123), histogram.summary());
  }

  @Test
  void percentilesAreAtMostOneEighthAboveTheTrueValue() {
    LatencyHistogram histogram = new LatencyHistogram();
    for (long micros = 1000; micros >= 1; micros--) { // 1..1000 µs, in no sorted order of arrival
      histogram.record(TimeUnit.MICROSECONDS.toNanos(micros));
    }

    LatencyHistogram.Summary summary = histogram.summary();
    assertEquals(1000, summary.count());
    assertEquals(500_500_000L, summary.totalNanos());
    assertEquals(1_000_000, summary.maxNanos());
    assertWithinOneEighthAbove(500_000, summary.p50Nanos());
    assertWithinOneEighthAbove(990_000, summary.p99Nanos());
  }

  @Test
  void aFewSlowCallsShowInTheNinetyNinthPercentileOnly() {
    LatencyHistogram histogram = new LatencyHistogram();
    for (int i = 0; i < 98; i++) {
      histogram.record(20_000);
    }
    histogram.record(5_000_000);
    histogram.record(9_000_000);

    LatencyHistogram.Summary summary = histogram.summary();
    assertWithinOneEighthAbove(20_000, summary.p50Nanos());
    assertWithinOneEighthAbove(5_000_000, summary.p99Nanos());
    assertEquals(9_000_000, summary.maxNanos());
  }

  @Test
  void aNegativeDurationCountsAsZero() {
    LatencyHistogram histogram = new LatencyHistogram();
    histogram.record(-5);

    assertEquals(new LatencyHistogram.Summary(1, 0, 0, 0, 0), histogram.summary());
  }

  @Test
  void bucketsCoverEveryLongWithoutGapsOrOverlaps() {
    assertEquals(0, LatencyHistogram.bucket(0));
    for (int bucket = 0; bucket < LatencyHistogram.BUCKETS - 1; bucket++) {
      long upper = LatencyHistogram.upperBound(bucket);
      assertEquals(bucket, LatencyHistogram.bucket(upper), "upper bound of " + bucket);
      assertEquals(bucket + 1, LatencyHistogram.bucket(upper + 1), "after bucket " + bucket);
    }
    int last = LatencyHistogram.BUCKETS - 1;
    assertEquals(Long.MAX_VALUE, LatencyHistogram.upperBound(last));
    assertEquals(last, LatencyHistogram.bucket(Long.MAX_VALUE));
  }

  @Test
  void everyBucketIsAtMostOneEighthOfItsLowestValueWide() {
    for (int bucket = LatencyHistogram.SUB_BUCKETS; bucket < LatencyHistogram.BUCKETS; bucket++) {
      long lowest = LatencyHistogram.upperBound(bucket - 1) + 1;
      long width = LatencyHistogram.upperBound(bucket) - lowest + 1;
      assertTrue(width * LatencyHistogram.SUB_BUCKETS <= lowest, "bucket " + bucket);
    }
  }

  @Test
  void concurrentRecordersLoseNoDuration() throws InterruptedException {
    LatencyHistogram histogram = new LatencyHistogram();
    List<Thread> recorders = new ArrayList<>();
    for (int t = 0; t < 4; t++) {
      Thread recorder =
          new Thread(
              () -> {
                for (int i = 1; i <= 10_000; i++) {
                  histogram.record(i);
                }
              });
      recorders.add(recorder);
      recorder.start();
    }
    for (Thread recorder : recorders) {
      recorder.join();
    }

    LatencyHistogram.Summary summary = histogram.summary();
    assertEquals(40_000, summary.count());
    assertEquals(4 * 50_005_000L, summary.totalNanos());
    assertEquals(10_000, summary.maxNanos());
  }

  private static void assertWithinOneEighthAbove(long exact, long reported) {
    assertTrue(
        reported >= exact && reported <= exact + exact / 8,
        reported + " is not within 12.5% above " + exact);
  }
}
