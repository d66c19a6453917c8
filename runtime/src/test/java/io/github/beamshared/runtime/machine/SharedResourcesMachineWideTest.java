package io.github.beamshared.runtime.machine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.beamshared.runtime.Lease;
import io.github.beamshared.runtime.SharedResourceException;
import io.github.beamshared.runtime.SharedResources;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The facade's machine-wide path in this JVM alone: it hosts the tag (the build points {@code
 * beamshared.dir} at its own directory) and binds it to {@code @MultiProcessShared}.
 */
@Timeout(30)
class SharedResourcesMachineWideTest {

  @Test
  void hostingJvmUsesTheResourceDirectlyAndBindsTheTag() {
    String tag = "SharedResourcesMachineWideTest";
    Lease<Model> lease =
        SharedResources.machineWide(tag, new ModelRemote("v1"), true, ModelImpl::new);
    try {
      assertTrue(lease.get() instanceof ModelImpl, "the host calls the object, not a stub");
      assertEquals(1, SharedResources.stats(tag).orElseThrow().loads());
      SharedResourceException e =
          assertThrows(
              SharedResourceException.class,
              () -> SharedResources.jvmWide(tag, Model.class, ModelImpl::new));
      assertTrue(e.getMessage().contains("bound to @MultiProcessShared"), e.getMessage());
    } finally {
      lease.release();
    }
  }
}
