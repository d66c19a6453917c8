package io.github.beamshared.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.beamshared.runtime.ResourceStats;
import io.github.beamshared.runtime.SharedResources;
import java.util.Collections;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.Reshuffle;
import org.apache.beam.sdk.values.PCollection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Runs every generated shape on the DirectRunner. Each DoFn uses tags of its own, so the JVM-wide
 * statistics of a tag belong to one test.
 */
@Timeout(120)
class GeneratedDoFnsTest {

  private static final int PARALLELISM = 8;

  @Test
  void threeModelsUnderThreeTagsLoadOnceAndGuardedCallsNeverOverlap() {
    List<String> words =
        IntStream.range(0, 400)
            .mapToObj(i -> i % 2 == 0 ? "a" : "w" + i)
            .collect(Collectors.toList());
    Pipeline pipeline = Pipelines.direct(PARALLELISM);
    PCollection<String> out = spread(pipeline, words).apply(ParDo.of(new ThreeModelsFn_Shared()));
    PAssert.that(out)
        .containsInAnyOrder(
            words.stream()
                .map(w -> "U:" + w + "|L:" + w + (w.equals("a") ? "!" : ""))
                .collect(Collectors.toList()));
    pipeline.run().waitUntilFinish();

    for (String tag : List.of(ThreeModelsFn.UPPER, ThreeModelsFn.LOWER, ThreeModelsFn.SUFFIXES)) {
      ResourceStats stats = stats(tag);
      assertEquals(1, stats.loads(), tag);
      assertEquals(0, stats.liveLeases(), tag + ": every DoFn instance was torn down");
      assertTrue(stats.loaded(), tag + ": released, not unloaded");
    }
    assertEquals(words.size(), stats(ThreeModelsFn.UPPER).lockAcquisitions());
    assertEquals(words.size(), stats(ThreeModelsFn.LOWER).lockAcquisitions());
    assertEquals(0, stats(ThreeModelsFn.SUFFIXES).lockAcquisitions(), "thread-safe: no lock");
    assertEquals(0, ThreeModelsFn.upperInstance.overlaps());
    assertEquals(0, ThreeModelsFn.lowerInstance.overlaps());
  }

  @Test
  void genericDoFnPassesItsTypeVariableToTheSharedField() {
    Pipeline pipeline = Pipelines.direct(PARALLELISM);
    PCollection<String> out =
        pipeline.apply(Create.of(1, 2, 3)).apply(ParDo.of(new GenericFn_Shared<Integer>()));
    PAssert.that(out).containsInAnyOrder("<1>", "<2>", "<3>");
    PCollection<String> bound =
        pipeline
            .apply("bound", Create.of(4, 5))
            .apply("of integers", ParDo.of(new GenericFn_OfIntegers_Shared()));
    PAssert.that(bound).containsInAnyOrder("<4>", "<5>");
    pipeline.run().waitUntilFinish();
    assertEquals(1, stats(GenericFn.TAG).loads());
  }

  @Test
  void nestedAndInnerDoFnsShareOneTag() {
    Pipeline pipeline = Pipelines.direct(PARALLELISM);
    PCollection<String> input = pipeline.apply(Create.of("x", "y"));
    PAssert.that(input.apply("nested", ParDo.of(new Outer_NestedFn_Shared())))
        .containsInAnyOrder("nested:x", "nested:y");
    PAssert.that(input.apply("inner", ParDo.of(new Outer_InnerFn_Shared(new Outer("p-")))))
        .containsInAnyOrder("p-nested:x", "p-nested:y");
    pipeline.run().waitUntilFinish();
    ResourceStats stats = stats(Outer.TAG);
    assertEquals(1, stats.loads());
    assertTrue(stats.acquires() >= 2, "both DoFns leased the one resource: " + stats);
  }

  @Test
  void subclassesThatOnlyInheritTheSharedFieldGetTheirOwnGeneratedSubclass() {
    Pipeline pipeline = Pipelines.direct(PARALLELISM);
    PCollection<String> input = spread(pipeline, List.of("a", "b"));
    PAssert.that(input.apply("bracketed", ParDo.of(new TemplateFn_Bracketed_Shared())))
        .containsInAnyOrder("[A]", "[B]");
    PAssert.that(input.apply("starred", ParDo.of(new TemplateFn_Starred_Shared())))
        .containsInAnyOrder("*A*", "*B*");
    pipeline.run().waitUntilFinish();
    ResourceStats stats = stats(TemplateFn.TAG);
    assertEquals(1, stats.loads());
    assertEquals(0, stats.liveLeases(), "every DoFn instance was torn down: " + stats);
    assertTrue(stats.acquires() >= 2, "both DoFns leased the one resource: " + stats);
  }

  @Test
  void setupFromAnInterfaceDefaultMethodRunsOnceTheFieldIsSet() {
    InterfaceSetupFn.EVENTS.clear();
    Pipeline pipeline = Pipelines.direct(PARALLELISM);
    PCollection<String> out =
        spread(pipeline, List.of("a", "b")).apply(ParDo.of(new InterfaceSetupFn_Shared()));
    PAssert.that(out).containsInAnyOrder("prepared a", "prepared b");
    pipeline.run().waitUntilFinish();
    assertFalse(InterfaceSetupFn.EVENTS.isEmpty());
    assertTrue(
        InterfaceSetupFn.EVENTS.stream().allMatch("prepared with model"::equals),
        InterfaceSetupFn.EVENTS.toString());
    assertEquals(1, stats(InterfaceSetupFn.TAG).loads());
  }

  @Test
  void factoriesNamedLikeTheGeneratedFactorysMethodsAreTheOnesCalled() {
    Pipeline pipeline = Pipelines.direct(PARALLELISM);
    PCollection<String> input = spread(pipeline, List.of("a", "b"));
    PAssert.that(input.apply("instance", ParDo.of(new FactoryNamesFn_Shared())))
        .containsInAnyOrder("created:a", "created:b");
    PAssert.that(input.apply("static", ParDo.of(new FactoryNamesFn_StaticFn_Shared())))
        .containsInAnyOrder("static:a", "static:b");
    pipeline.run().waitUntilFinish();
    assertEquals(1, stats(FactoryNamesFn.TAG).loads());
    assertEquals(1, stats(FactoryNamesFn.STATIC_TAG).loads());
  }

  @Test
  void usersOwnSetupSeesTheFieldAndUsersOwnTeardownRunsBeforeRelease() {
    LifecycleFn.EVENTS.clear();
    Pipeline pipeline = Pipelines.direct(PARALLELISM);
    PCollection<String> out =
        spread(pipeline, List.of("ada", "bob", "cy"))
            .apply(ParDo.of(new LifecycleFn_Shared("hello")));
    PAssert.that(out)
        .containsInAnyOrder(
            "hello ada for an agent", "hello bob for an agent", "hello cy for an agent");
    pipeline.run().waitUntilFinish();

    List<String> events = List.copyOf(LifecycleFn.EVENTS);
    assertEquals("load", events.get(0), events.toString());
    assertEquals(1, Collections.frequency(events, "load"), events.toString());
    int setups = Collections.frequency(events, "setup with model");
    assertTrue(setups >= 1, events.toString());
    assertEquals(setups, Collections.frequency(events, "teardown with model"), events.toString());
    assertFalse(events.contains("setup without model"), events.toString());
    assertFalse(events.contains("teardown without model"), events.toString());
    assertEquals(0, stats(LifecycleFn.TAG).liveLeases());
  }

  @Test
  void aFailingFactoryFailsThePipelineWithItsCauseAndTheNextRunLoadsAgain() {
    Pipeline failing = Pipelines.direct(2);
    failing.apply(Create.of("a")).apply(ParDo.of(new FlakyFn_Shared()));
    // The DirectRunner reports a failed @Setup as a cache loading exception around our cause.
    RuntimeException failure =
        assertThrows(RuntimeException.class, () -> failing.run().waitUntilFinish());
    assertTrue(causes(failure).contains("model server not up yet"), causes(failure));
    assertEquals(0, stats(FlakyFn.TAG).loads());
    assertEquals(0, stats(FlakyFn.TAG).liveLeases(), "a failed setup holds nothing");

    Pipeline retry = Pipelines.direct(2);
    PAssert.that(retry.apply(Create.of("a")).apply(ParDo.of(new FlakyFn_Shared())))
        .containsInAnyOrder("flaky:a");
    retry.run().waitUntilFinish();
    assertEquals(1, stats(FlakyFn.TAG).loads());
  }

  @Test
  void aTagDeclaredWithTwoCopiesIsHostedByTheFirstJvmToAcquireIt() {
    List<String> words =
        IntStream.range(0, 100).mapToObj(i -> "w" + i).collect(Collectors.toList());
    Pipeline pipeline = Pipelines.direct(PARALLELISM);
    PCollection<String> out = spread(pipeline, words).apply(ParDo.of(new TwoCopiesFn_Shared()));
    long pid = ProcessHandle.current().pid();
    PAssert.that(out)
        .containsInAnyOrder(words.stream().map(w -> w + "@" + pid).collect(Collectors.toList()));
    pipeline.run().waitUntilFinish();

    // Every DoFn instance of one JVM uses the copy it joined: here the first, which it hosts.
    ResourceStats stats = stats(TwoCopiesFn.TAG);
    assertEquals(1, stats.loads());
    assertTrue(stats.client().hostedHere(), stats.toString());
  }

  @Test
  void batchedCallsGetTheirOwnResultsAndRunInBatches() {
    List<String> words =
        IntStream.range(0, 400).mapToObj(i -> "w" + i).collect(Collectors.toList());
    Pipeline pipeline = Pipelines.direct(PARALLELISM);
    PCollection<String> out = spread(pipeline, words).apply(ParDo.of(new BatchedFn_Shared()));
    long pid = ProcessHandle.current().pid();
    PAssert.that(out)
        .containsInAnyOrder(
            words.stream()
                .map(
                    w ->
                        String.join("|", Collections.nCopies(3, w.toUpperCase() + "@" + pid))
                            + "|"
                            + w.length())
                .collect(Collectors.toList()));
    pipeline.run().waitUntilFinish();

    assertEquals(2 * words.size(), stats(BatchedFn.GUARDED).batching().calls(), "tag and length");
    for (String tag : List.of(BatchedFn.CONCURRENT, BatchedFn.MACHINE)) {
      assertEquals(words.size(), stats(tag).batching().calls(), tag);
    }
    for (String tag : List.of(BatchedFn.GUARDED, BatchedFn.CONCURRENT, BatchedFn.MACHINE)) {
      ResourceStats stats = stats(tag);
      assertEquals(1, stats.loads(), tag);
      assertTrue(stats.batching().batches() < stats.batching().calls(), "batches formed: " + stats);
      assertEquals(0, stats.liveLeases(), tag);
    }
    for (RecordingTagger model : List.of(BatchedFn.guardedInstance, BatchedFn.concurrentInstance)) {
      assertEquals(words.size(), model.asked().size());
      assertTrue(model.asked().values().stream().allMatch(times -> times == 1), "asked once each");
    }
    assertEquals(1, BatchedFn.guardedInstance.mostInside(), "threadSafe = false: one at a time");
    assertTrue(
        BatchedFn.concurrentInstance.mostInside() <= Runtime.getRuntime().availableProcessors(),
        "at most one batch per processor");
    assertTrue(
        stats(BatchedFn.GUARDED).lockAcquisitions() < 2 * words.size(),
        "the lock is taken once per batch, not per call");
  }

  /** Spreads elements over many bundles, so that several DoFn instances process them at once. */
  private static PCollection<String> spread(Pipeline pipeline, List<String> elements) {
    return pipeline.apply(Create.of(elements)).apply(Reshuffle.viaRandomKey());
  }

  private static ResourceStats stats(String tag) {
    return SharedResources.stats(tag)
        .orElseThrow(() -> new AssertionError("never acquired: " + tag));
  }

  private static String causes(Throwable failure) {
    StringBuilder all = new StringBuilder();
    for (Throwable t = failure; t != null; t = t.getCause()) {
      all.append(t).append('\n');
    }
    return all.toString();
  }
}
