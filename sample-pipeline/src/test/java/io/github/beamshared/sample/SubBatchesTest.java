package io.github.beamshared.sample;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class SubBatchesTest {

  @Test
  void keepsSimilarLengthsInOneCall() {
    assertThat(groups(12, 10, 11, 12), contains(List.of(1, 2, 0, 3)));
  }

  @Test
  void splitsWhereThePaddingSavedOutweighsACall() {
    assertThat(
        groups(100, 10, 100, 10, 10, 100), containsInAnyOrder(List.of(1, 3, 4), List.of(0, 2, 5)));
  }

  @Test
  void groupsEveryIndexOnce() {
    int[] lengths = {31, 10, 17, 22, 10, 14, 28, 19, 12, 25, 16, 30, 11, 21, 13, 18};
    List<Integer> all =
        SubBatches.plan(lengths).stream()
            .flatMap(group -> Arrays.stream(group).boxed())
            .sorted()
            .toList();
    assertThat(all, contains(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15));
  }

  private static List<List<Integer>> groups(int... lengths) {
    return SubBatches.plan(lengths).stream()
        .map(group -> Arrays.stream(group).boxed().collect(Collectors.toList()))
        .toList();
  }
}
