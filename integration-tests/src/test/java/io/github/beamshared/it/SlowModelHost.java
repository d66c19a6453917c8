package io.github.beamshared.it;

import io.github.beamshared.runtime.ResourceStats;
import io.github.beamshared.runtime.SharedResources;
import org.apache.beam.sdk.options.PipelineOptionsFactory;

/**
 * A JVM that sets up one {@code SlowModelFn_Shared}, so that it hosts the model, then reports how
 * many leases it has handed out until it is killed (or 5 minutes pass).
 */
public final class SlowModelHost {

  private SlowModelHost() {}

  public static void main(String[] args) throws Exception {
    new SlowModelFn_Shared().setUpSharedResources(PipelineOptionsFactory.fromArgs(args).create());
    System.out.println("hosting " + ProcessHandle.current().pid());
    long reported = -1;
    long deadline = System.nanoTime() + 300_000_000_000L;
    while (System.nanoTime() < deadline) {
      long acquires =
          SharedResources.stats(SlowModelFn.TAG).map(ResourceStats::acquires).orElse(0L);
      if (acquires != reported) {
        System.out.println("acquires " + acquires);
        reported = acquires;
      }
      Thread.sleep(10);
    }
  }
}
