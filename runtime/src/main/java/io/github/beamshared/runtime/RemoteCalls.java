package io.github.beamshared.runtime;

import org.jspecify.annotations.Nullable;

/** The channel a generated stub sends its calls through to the JVM hosting the resource. */
public interface RemoteCalls {

  /**
   * Calls method number {@code method} of the hosted resource with {@code arguments}.
   *
   * @return the result, {@code null} for a void method
   * @throws Exception what the resource threw, with its type where it can be rebuilt; a {@link
   *     SharedResourceException} if the host could not be reached in time
   */
  @Nullable Object call(int method, Object[] arguments) throws Exception;
}
