package io.github.beamshared.benchmarks;

import io.github.beamshared.sample.EmbedOptions;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** The sample's corpus, which the benchmarks embed: 1500 sentences of 10 to 35 tokens. */
public final class Corpus {

  private Corpus() {}

  public static List<String> lines() throws IOException {
    try (InputStream shipped = EmbedOptions.class.getResourceAsStream("corpus.txt")) {
      if (shipped == null) {
        throw new IllegalStateException("The sample's corpus.txt is not on the class path");
      }
      return new String(shipped.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
    }
  }
}
