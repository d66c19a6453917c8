package io.github.beamshared;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a {@code transient} field of an abstract {@code DoFn} as a resource that every DoFn
 * instance and thread in this JVM shares: the factory runs once per {@link #tag()} per JVM, however
 * many instances set up at once.
 *
 * <p>The annotation processor generates {@code <DoFn>_Shared}, a subclass whose {@code @Setup}
 * fills the field from the shared registry and whose {@code @Teardown} releases it again. The
 * resource is never closed by a DoFn; it stays loaded after the last release so that a runner
 * recycling DoFn instances does not reload it.
 *
 * <pre>{@code
 * abstract class TokenizeFn extends DoFn<String, int[]> {
 *   @Shared(tag = "tokenizer-v2", threadSafe = true)
 *   transient Tokenizer tokenizer;
 *   Tokenizer loadTokenizer() { return Tokenizer.fromResource("vocab.txt"); }
 *   ...
 * }
 * ParDo.of(new TokenizeFn_Shared())
 * }</pre>
 *
 * <p>Use {@link MultiProcessShared} when several JVMs on one machine should share one instance.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.FIELD)
public @interface Shared {

  /** Names the resource: the same tag anywhere in the JVM means the same object. Required. */
  String tag();

  /**
   * Whether the resource may be called from many threads at once. When {@code false} the field's
   * type must be an interface: the field receives a generated wrapper that runs every call under
   * one lock per tag, shared by every DoFn instance and thread.
   */
  boolean threadSafe() default false;

  /**
   * The name of the DoFn method that creates the resource. Empty means {@code load<FieldName>}
   * ({@code tokenizer} is loaded by {@code loadTokenizer()}). The method takes no parameter or one
   * {@code PipelineOptions}, may throw, and returns something assignable to the field.
   */
  String factory() default "";
}
