package io.github.beamshared.runners.jobs;

/** The model stand-in the jobs share: scores a text by its length. */
public interface Scorer {

  int score(String text);
}
