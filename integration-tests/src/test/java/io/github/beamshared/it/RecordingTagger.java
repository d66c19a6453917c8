package io.github.beamshared.it;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A {@link Tagger} that takes {@code millis} per call or batch, and records what it was asked: how
 * often each text, how many calls ran at once, and the largest batch. A text {@code fail} fails its
 * whole batch with an IOException.
 */
final class RecordingTagger implements Tagger {

  private final long millis;
  private final long pid = ProcessHandle.current().pid();
  private final Map<String, Integer> asked = new ConcurrentHashMap<>();
  private final AtomicInteger inside = new AtomicInteger();
  private volatile int mostInside;
  private volatile int largestBatch;

  RecordingTagger(long millis) {
    this.millis = millis;
  }

  @Override
  public String tag(String text) throws IOException {
    return tagAll(List.of(text)).get(0);
  }

  @Override
  public List<String> tagAll(List<String> texts) throws IOException {
    int now = inside.incrementAndGet();
    try {
      mostInside = Math.max(mostInside, now);
      largestBatch = Math.max(largestBatch, texts.size());
      Thread.sleep(millis);
      List<String> tags = new ArrayList<>();
      for (String text : texts) {
        asked.merge(text, 1, Integer::sum);
        tags.add(text.toUpperCase() + "@" + pid);
      }
      if (texts.contains("fail")) {
        throw new IOException("the batch of " + texts + " failed");
      }
      return tags;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    } finally {
      inside.decrementAndGet();
    }
  }

  @Override
  public int length(String text) {
    return text.length();
  }

  @Override
  public List<Integer> lengths(List<String> texts) {
    largestBatch = Math.max(largestBatch, texts.size());
    return texts.stream().map(String::length).toList();
  }

  /** How many times each text was tagged. */
  Map<String, Integer> asked() {
    return Map.copyOf(asked);
  }

  /** The most calls or batches that ran at once. */
  int mostInside() {
    return mostInside;
  }

  int largestBatch() {
    return largestBatch;
  }
}
