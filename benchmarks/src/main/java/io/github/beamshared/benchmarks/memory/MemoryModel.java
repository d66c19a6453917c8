package io.github.beamshared.benchmarks.memory;

import java.nio.file.Path;
import java.util.List;

/**
 * A model the sample runs in the memory part: what it is called, how large its weights are, and the
 * sample's options that choose it.
 *
 * @param name how the report names it, e.g. {@code all-MiniLM-L6-v2}
 * @param weightsMebibytes the size of its weights, against which a JVM holding it is compared
 * @param pipelineArgs the sample's options that load it
 */
public record MemoryModel(String name, double weightsMebibytes, List<String> pipelineArgs) {

  /** The size of the real model's file, all-minilm-l6-v2.onnx: 90,387,606 bytes. */
  private static final double MINILM_MEBIBYTES = 90_387_606 / 1024.0 / 1024.0;

  public MemoryModel {
    pipelineArgs = List.copyOf(pipelineArgs);
  }

  /** The sample's real model, all-MiniLM-L6-v2 under ONNX Runtime: its weights live off-heap. */
  static MemoryModel miniLm() {
    return new MemoryModel("all-MiniLM-L6-v2", MINILM_MEBIBYTES, List.of("--model=minilm"));
  }

  /** The sample's synthetic model of {@code megabytes} MiB, its weights file in {@code work}. */
  static MemoryModel synthetic(int megabytes, Path work) {
    return new MemoryModel(
        megabytes + " MiB synthetic",
        megabytes,
        List.of(
            "--model=synthetic",
            "--modelMegabytes=" + megabytes,
            "--weightsPath=" + work.resolve("weights-" + megabytes + "mb.f32")));
  }
}
