package io.github.beamshared.it;

/** A model the tests share: one answer per input. */
public interface Model {
  String apply(String input);
}
