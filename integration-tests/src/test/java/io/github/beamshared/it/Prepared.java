package io.github.beamshared.it;

import org.apache.beam.sdk.transforms.DoFn;

/** Setup code DoFns share through an interface, as a default {@code @Setup} method. */
interface Prepared {

  @DoFn.Setup
  default void prepare() {
    InterfaceSetupFn.EVENTS.add(hasModel() ? "prepared with model" : "prepared without model");
  }

  boolean hasModel();
}
