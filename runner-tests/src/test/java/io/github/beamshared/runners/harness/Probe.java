package io.github.beamshared.runners.harness;

import java.util.List;

/** One output of {@link ProbeFn}: where an element was embedded. */
record Probe(String line, long pid, long loadsInThatJvm, int dimension) {

  static List<Probe> parse(List<String> outputs) {
    return outputs.stream().map(Probe::parse).toList();
  }

  private static Probe parse(String output) {
    String[] fields = output.split("\t");
    return new Probe(
        fields[0],
        Long.parseLong(fields[1]),
        Long.parseLong(fields[2]),
        Integer.parseInt(fields[3]));
  }
}
