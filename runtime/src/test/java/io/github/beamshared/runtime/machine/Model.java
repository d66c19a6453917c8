package io.github.beamshared.runtime.machine;

import java.io.IOException;
import java.util.List;
import java.util.Map;

/** The interface the multi-process tests share; {@link ModelRemote} is its hand-written remote. */
public interface Model {

  String echo(String text);

  long hostPid();

  /** Not thread-safe on purpose: only the host's lock keeps increments from being lost. */
  int increment();

  int count();

  String slowEcho(String text, long millis) throws InterruptedException;

  Point translate(Point point, int dx);

  Map<String, List<Integer>> lengths(List<String> words);

  /** Throws an IOException ("io"), an IllegalStateException ("state") or a test-only type. */
  void fail(String kind) throws IOException;

  record Point(int x, int y) {}
}
