package io.github.beamshared.benchmarks;

import java.util.Arrays;
import java.util.Locale;

/** Small statistics and number formats shared by the speed benchmarks. */
public final class Stats {

  private Stats() {}

  /** The {@code q} quantile (0..1) of {@code sorted}, nearest rank. */
  public static long quantile(long[] sorted, double q) {
    if (sorted.length == 0) {
      return 0;
    }
    int rank = (int) Math.ceil(q * sorted.length);
    return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
  }

  public static long median(long[] values) {
    long[] sorted = values.clone();
    Arrays.sort(sorted);
    return quantile(sorted, 0.5);
  }

  /** {@code value} with one or two decimals, as fits its size. */
  public static String number(double value) {
    if (Double.isNaN(value) || Double.isInfinite(value)) {
      return "n/a";
    }
    double magnitude = Math.abs(value);
    String pattern = magnitude >= 100 ? "%.0f" : magnitude >= 10 ? "%.1f" : "%.2f";
    return String.format(Locale.ROOT, pattern, value);
  }

  /** A count with thousands separators. */
  public static String count(double value) {
    return String.format(Locale.ROOT, "%,.0f", value);
  }

  public static String ratio(double value) {
    return Double.isNaN(value) || Double.isInfinite(value)
        ? "n/a"
        : String.format(Locale.ROOT, "%.2fx", value);
  }

  public static String microsFromNanos(long nanos) {
    return number(nanos / 1_000.0);
  }

  public static String millisFromNanos(long nanos) {
    return number(nanos / 1_000_000.0);
  }

  public static String yesNo(boolean met) {
    return met ? "yes" : "no";
  }

  /** A byte count as 16 B, 4 KB, 400 KB (1 KB = 1024 B). */
  public static String bytes(int size) {
    if (size >= 1024 && size % 1024 == 0) {
      return size / 1024 + " KB";
    }
    return size + " B";
  }
}
