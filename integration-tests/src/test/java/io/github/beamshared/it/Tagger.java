package io.github.beamshared.it;

import io.github.beamshared.BatchedBy;
import java.io.IOException;
import java.util.List;

/** A model whose {@link #tag} calls run in batches of {@link #tagAll}. */
public interface Tagger {

  /** {@code text} upper-cased, then {@code @} and the pid of the JVM that answered. */
  @BatchedBy(value = "tagAll", maxBatchSize = 16)
  String tag(String text) throws IOException;

  List<String> tagAll(List<String> texts) throws IOException;

  /** Counts {@code text}'s letters; batched with a wait for more calls. */
  @BatchedBy(value = "lengths", maxBatchSize = 4, maxWaitMicros = 2_000)
  int length(String text);

  List<Integer> lengths(List<String> texts);
}
