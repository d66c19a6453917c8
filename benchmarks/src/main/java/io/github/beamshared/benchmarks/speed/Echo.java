package io.github.beamshared.benchmarks.speed;

/** The machine-wide resource of the cross-process benchmark: it returns its argument. */
public interface Echo {

  byte[] echo(byte[] data);
}
