package io.github.beamshared.it;

import io.github.beamshared.runtime.BatchStats;
import io.github.beamshared.runtime.SharedResources;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.PipelineOptionsFactory;

/**
 * One JVM of {@link MachineBatchingTest}, driven through stdin and stdout.
 *
 * <ul>
 *   <li>{@code host DIR}: sets up a {@link MachineTaggerFn} so that it hosts the model, prints
 *       {@code HOSTING pid}; on {@code stats} prints the batching statistics and what the model was
 *       asked.
 *   <li>{@code client DIR THREADS CALLS}: sets up one DoFn instance per thread, prints {@code
 *       READY}; on {@code go} each thread tags {@code CALLS} texts of its own and checks each
 *       answer, then prints {@code DONE ok=N wrong=N} and exits.
 * </ul>
 */
public final class BatchingJvm {

  private BatchingJvm() {}

  public static void main(String[] args) throws Exception {
    PipelineOptions options =
        PipelineOptionsFactory.fromArgs("--sharedDirectory=" + args[1]).create();
    BufferedReader commands = new BufferedReader(new InputStreamReader(System.in));
    if (args[0].equals("host")) {
      new MachineTaggerFn_Shared().setUpSharedResources(options);
      System.out.println("HOSTING " + ProcessHandle.current().pid());
      for (String command = commands.readLine(); command != null; command = commands.readLine()) {
        BatchStats batching = SharedResources.stats(MachineTaggerFn.TAG).orElseThrow().batching();
        Map<String, Integer> asked = MachineTaggerFn.loaded.asked();
        System.out.println(
            "STATS calls="
                + batching.calls()
                + " batches="
                + batching.batches()
                + " severalJvms="
                + batching.batchesFromSeveralJvms()
                + " largest="
                + batching.largestBatch()
                + " texts="
                + asked.size()
                + " askedTwice="
                + asked.values().stream().filter(times -> times > 1).count());
      }
      return;
    }
    int threads = Integer.parseInt(args[2]);
    int calls = Integer.parseInt(args[3]);
    List<MachineTaggerFn_Shared> dofns = new ArrayList<>();
    for (int i = 0; i < threads; i++) {
      MachineTaggerFn_Shared dofn = new MachineTaggerFn_Shared();
      dofn.setUpSharedResources(options);
      dofns.add(dofn);
    }
    System.out.println("READY");
    commands.readLine();
    long pid = ProcessHandle.current().pid();
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    List<Future<int[]>> results = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      MachineTaggerFn dofn = dofns.get(t);
      String prefix = "c" + pid + "-t" + t + "-";
      results.add(
          pool.submit(
              () -> {
                int[] okWrong = new int[2];
                for (int n = 0; n < calls; n++) {
                  String text = prefix + n;
                  boolean ok = dofn.tagger.tag(text).startsWith(text.toUpperCase() + "@");
                  okWrong[ok ? 0 : 1]++;
                }
                return okWrong;
              }));
    }
    int ok = 0;
    int wrong = 0;
    for (Future<int[]> result : results) {
      int[] okWrong = result.get(60, TimeUnit.SECONDS);
      ok += okWrong[0];
      wrong += okWrong[1];
    }
    pool.shutdown();
    dofns.forEach(MachineTaggerFn_Shared::tearDownSharedResources);
    System.out.println("DONE ok=" + ok + " wrong=" + wrong);
  }
}
