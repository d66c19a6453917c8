package io.github.beamshared.sample;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Splits a batch of token sequences into sub-batches of similar length, each one model call. A call
 * pads every sequence to its longest, so a batch of mixed lengths computes many padding tokens;
 * each call also costs a fixed overhead. The split is the cheapest under that cost model.
 *
 * <p>On all-MiniLM-L6-v2 with ONNX Runtime on this project's 2-core machine, a call took 2.0 ms
 * plus 0.13 ms per padded token (1x12 tokens: 3.6 ms, 1x36: 6.8 ms, 8x12: 14.4 ms, 8x36: 40.9 ms,
 * 16x36: 77.5 ms), so the overhead is worth about {@value #CALL_OVERHEAD_TOKENS} tokens. On the
 * sample corpus (10 to 31 tokens a line; medians of 9 rounds over 800 lines, another build running
 * beside), batches of 16 took 3.03 ms a text split this way against 3.62 ms in one call (-16%,
 * faster in every round); batches of 8 took 3.47 against 3.54 ms, a difference within the rounds'
 * spread. One call per text took 4.7 ms a text.
 */
final class SubBatches {

  static final int CALL_OVERHEAD_TOKENS = 15;

  private SubBatches() {}

  /**
   * The indices of {@code lengths}, each exactly once, grouped into sub-batches: each group is a
   * run of the sequences sorted by length. The groups come longest first.
   */
  static List<int[]> plan(int[] lengths) {
    int[] byLength =
        IntStream.range(0, lengths.length)
            .boxed()
            .sorted(Comparator.comparingInt(i -> lengths[i]))
            .mapToInt(Integer::intValue)
            .toArray();
    // cost[j]: the cheapest split of the j shortest; start[j]: where its last group starts.
    long[] cost = new long[lengths.length + 1];
    int[] start = new int[lengths.length + 1];
    for (int end = 1; end <= lengths.length; end++) {
      cost[end] = Long.MAX_VALUE;
      long padded = lengths[byLength[end - 1]];
      for (int first = 0; first < end; first++) {
        long candidate = cost[first] + CALL_OVERHEAD_TOKENS + (end - first) * padded;
        if (candidate < cost[end]) {
          cost[end] = candidate;
          start[end] = first;
        }
      }
    }
    List<int[]> groups = new ArrayList<>();
    for (int end = lengths.length; end > 0; end = start[end]) {
      groups.add(Arrays.copyOfRange(byLength, start[end], end));
    }
    return groups;
  }
}
