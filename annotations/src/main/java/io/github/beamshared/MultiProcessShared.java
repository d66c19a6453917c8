package io.github.beamshared;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a {@code transient} field of an abstract {@code DoFn} as a resource of which one instance
 * serves every thread and every process on a worker machine, like Beam Python's {@code
 * MultiProcessShared}. The field's type must be an interface, because JVMs other than the one that
 * loaded the resource reach it through a generated proxy.
 *
 * <pre>{@code
 * abstract class EmbedFn extends DoFn<String, float[]> {
 *   @MultiProcessShared(tag = "embedder-v3", threadSafe = false)
 *   transient Embedder embedder;
 *   Embedder loadEmbedder() { return Embedder.load(Path.of("/models/embedder-v3")); }
 *   ...
 * }
 * ParDo.of(new EmbedFn_Shared())
 * }</pre>
 *
 * <p>Until machine-wide hosting is enabled by the runtime, the resource is shared by every DoFn
 * instance and thread of the JVM, exactly as with {@link Shared}; the generated code and this
 * annotation do not change when it is.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.FIELD)
public @interface MultiProcessShared {

  /** Names the resource: the same tag on one machine means the same object. Required. */
  String tag();

  /**
   * Whether the resource may be called from many threads at once. When {@code false} every call,
   * from every DoFn instance and thread, runs under one lock per tag.
   */
  boolean threadSafe() default false;

  /**
   * The name of the DoFn method that creates the resource. Empty means {@code load<FieldName>}
   * ({@code embedder} is loaded by {@code loadEmbedder()}). The method takes no parameter or one
   * {@code PipelineOptions}, may throw, and returns something assignable to the field.
   */
  String factory() default "";

  /**
   * How many copies of the resource the machine holds, from 1 to 16, each loaded and served by a
   * host of its own: more than one where one copy cannot keep up with every JVM's calls (a
   * non-thread-safe model, a GPU with room for several). Each JVM joins the copy whose host holds
   * the fewest leases. The setting {@code beamshared.copies} ({@code --sharedCopies}) overrides it
   * per tag.
   */
  int copies() default 1;
}
