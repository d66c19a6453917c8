package io.github.beamshared.runners.harness;

import io.github.beamshared.runners.harness.SdkHarnesses.Harness;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.BlockingDeque;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.beam.runners.fnexecution.control.BundleProgressHandler;
import org.apache.beam.runners.fnexecution.control.OutputReceiverFactory;
import org.apache.beam.runners.fnexecution.control.RemoteBundle;
import org.apache.beam.runners.fnexecution.state.StateRequestHandler;
import org.apache.beam.sdk.fn.data.FnDataReceiver;
import org.apache.beam.sdk.values.WindowedValue;
import org.apache.beam.sdk.values.WindowedValues;

/**
 * Runs bundles of a stage on its harnesses as a runner's task slots do: one slot per harness takes
 * the next bundle whenever its harness is free. A bundle's output counts only once the whole bundle
 * succeeded; a bundle that failed is queued again and retried, as a runner retries a failed work
 * item, up to {@value #MAX_ATTEMPTS} times; a slot whose harness process died takes no more.
 */
final class BundleRunner {

  static final int MAX_ATTEMPTS = 3;

  /** Told of each bundle that succeeded, on the thread of the slot that ran it. */
  interface Listener {
    void succeeded(int bundlesDone, List<String> outputs) throws Exception;
  }

  /**
   * What a run produced.
   *
   * @param outputs the outputs of the bundles that succeeded
   * @param failures why bundles failed before they were retried
   */
  record Result(List<String> outputs, List<Exception> failures) {}

  private record Attempt(List<String> elements, int number) {}

  private BundleRunner() {}

  static Result run(List<Harness> harnesses, List<List<String>> bundles, Listener listener)
      throws Exception {
    BlockingDeque<Attempt> queue = new LinkedBlockingDeque<>();
    bundles.forEach(bundle -> queue.add(new Attempt(bundle, 1)));
    AtomicInteger remaining = new AtomicInteger(bundles.size());
    ConcurrentLinkedQueue<String> outputs = new ConcurrentLinkedQueue<>();
    List<Exception> failures = Collections.synchronizedList(new ArrayList<>());
    ExecutorService slots = Executors.newFixedThreadPool(harnesses.size());
    try {
      List<Future<?>> running = new ArrayList<>();
      for (Harness harness : harnesses) {
        running.add(
            slots.submit(
                () -> {
                  while (remaining.get() > 0) {
                    Attempt attempt = queue.poll(50, TimeUnit.MILLISECONDS);
                    if (attempt == null) {
                      continue;
                    }
                    List<String> bundleOutputs;
                    try {
                      bundleOutputs = process(harness, attempt.elements());
                    } catch (Exception failed) {
                      failures.add(failed);
                      if (attempt.number() == MAX_ATTEMPTS) {
                        throw new AssertionError(
                            "A bundle failed " + MAX_ATTEMPTS + " times", failed);
                      }
                      queue.addFirst(new Attempt(attempt.elements(), attempt.number() + 1));
                      if (!harness.process().isAlive()) {
                        return null; // a runner takes a dead worker out of its pool
                      }
                      continue;
                    }
                    outputs.addAll(bundleOutputs);
                    listener.succeeded(bundles.size() - remaining.decrementAndGet(), bundleOutputs);
                  }
                  return null;
                }));
      }
      long deadline = System.nanoTime() + SdkHarnesses.WAIT.toNanos();
      for (Future<?> slot : running) {
        slot.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      }
      if (remaining.get() > 0) {
        throw new AssertionError(
            remaining.get() + " bundles never succeeded; every harness died",
            failures.isEmpty() ? null : failures.get(0));
      }
      return new Result(List.copyOf(outputs), List.copyOf(failures));
    } finally {
      slots.shutdownNow();
    }
  }

  /** Runs one bundle of {@code elements} on {@code harness}; its outputs, once it succeeded. */
  private static List<String> process(Harness harness, List<String> elements) throws Exception {
    List<String> outputs = Collections.synchronizedList(new ArrayList<>());
    OutputReceiverFactory receivers =
        new OutputReceiverFactory() {
          @Override
          public <T> FnDataReceiver<T> create(String pCollectionId) {
            return output -> outputs.add((String) ((WindowedValue<?>) output).getValue());
          }
        };
    try (RemoteBundle bundle =
        harness
            .stage()
            .getBundle(
                receivers, StateRequestHandler.unsupported(), BundleProgressHandler.ignored())) {
      FnDataReceiver<WindowedValue<?>> input =
          bundle.getInputReceivers().values().iterator().next();
      for (String element : elements) {
        input.accept(WindowedValues.valueInGlobalWindow(element));
      }
    }
    return List.copyOf(outputs);
  }
}
