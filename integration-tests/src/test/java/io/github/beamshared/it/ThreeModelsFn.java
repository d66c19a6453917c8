package io.github.beamshared.it;

import io.github.beamshared.MultiProcessShared;
import io.github.beamshared.Shared;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.beam.sdk.transforms.DoFn;

/** Three resources under three tags: guarded machine-wide, guarded JVM-wide, and thread-safe. */
abstract class ThreeModelsFn extends DoFn<String, String> {

  static final String UPPER = "it-three-upper";
  static final String LOWER = "it-three-lower";
  static final String SUFFIXES = "it-three-suffixes";

  @MultiProcessShared(tag = UPPER)
  transient Model upper;

  @Shared(tag = LOWER, threadSafe = false, factory = "createLower")
  transient Model lower;

  @Shared(tag = SUFFIXES, threadSafe = true)
  transient Map<String, String> suffixes;

  static volatile ConcurrencyCheckingModel upperInstance;
  static volatile ConcurrencyCheckingModel lowerInstance;

  Model loadUpper() {
    upperInstance = new ConcurrencyCheckingModel("U");
    return upperInstance;
  }

  Model createLower() {
    lowerInstance = new ConcurrencyCheckingModel("L");
    return lowerInstance;
  }

  ConcurrentHashMap<String, String> loadSuffixes() {
    return new ConcurrentHashMap<>(Map.of("a", "!"));
  }

  @ProcessElement
  public void process(@Element String word, OutputReceiver<String> out) {
    out.output(upper.apply(word) + "|" + lower.apply(word) + suffixes.getOrDefault(word, ""));
  }
}
