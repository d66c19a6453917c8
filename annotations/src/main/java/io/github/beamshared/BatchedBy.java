package io.github.beamshared;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a method of a shared field's interface whose concurrent calls are answered together by one
 * call of its batch method: calls that wait for the resource, from every DoFn thread and, for a
 * {@link MultiProcessShared} field, from every JVM of the machine, become one batch.
 *
 * <pre>{@code
 * public interface Embedder {
 *   @BatchedBy("embedAll")
 *   float[] embed(String text);
 *
 *   List<float[]> embedAll(List<String> texts);
 * }
 * }</pre>
 *
 * <p>The batch method is a method of the same interface named {@link #value()}. It takes one list
 * per parameter of this method, in the same order, where element {@code i} of each list is an
 * argument of call {@code i}, and returns one result per call, in the same order: a list of this
 * method's result type (boxed if primitive), or nothing if this method returns nothing. It may
 * throw only checked exceptions this method declares, because every caller of a batch gets what the
 * batch threw.
 *
 * <p>A call joins the tag's queue for this method; the calls are served in arrival order. The first
 * call in the queue runs: it takes up to {@link #maxBatchSize()} queued calls, its own first, and
 * makes one batch call (a batch of one calls this method itself), and each caller gets its own
 * result. A resource declared {@code threadSafe = false} runs one batch at a time under the tag's
 * lock; a thread-safe one up to {@link #concurrentBatches()} at once. Without a wait ({@link
 * #maxWaitMicros()} = 0, the default) a batch takes only the calls already waiting, so a call that
 * finds the resource free pays no delay.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.METHOD)
public @interface BatchedBy {

  /** The name of the batch method, a method of the same interface. */
  String value();

  /** The most calls one batch takes. At least 1. */
  int maxBatchSize() default 64;

  /**
   * How long, in microseconds, the first call of a batch may wait for more calls. It stops waiting
   * as soon as the batch is full, or as soon as as many calls are in flight (waiting or in a
   * running batch) as lately were at once: the callers of a batch that just ended call again within
   * microseconds, and a lone caller never waits. 0 (the default): batch only the calls already
   * waiting.
   */
  long maxWaitMicros() default 0;

  /**
   * For a resource declared {@code threadSafe = true}: how many batches may run at once; 0 (the
   * default) means one per available processor. While more batches could start, each takes an even
   * share of the waiting calls. A resource declared {@code threadSafe = false} runs one batch at a
   * time, whatever this says.
   */
  int concurrentBatches() default 0;
}
