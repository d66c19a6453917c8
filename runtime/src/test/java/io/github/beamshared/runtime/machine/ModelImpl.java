package io.github.beamshared.runtime.machine;

import java.io.IOException;
import java.util.AbstractMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The hosted resource of the multi-process tests; unloading it runs {@code onClose}. */
final class ModelImpl implements Model, AutoCloseable {

  private final Runnable onClose;
  private int counter;

  ModelImpl() {
    this(() -> {});
  }

  ModelImpl(Runnable onClose) {
    this.onClose = onClose;
  }

  @Override
  public void close() {
    onClose.run();
  }

  @Override
  public String echo(String text) {
    return text;
  }

  @Override
  public long hostPid() {
    return ProcessHandle.current().pid();
  }

  @Override
  public int increment() {
    int read = counter;
    for (int i = 0; i < 200; i++) {
      Thread.onSpinWait(); // widens the race a missing lock would lose
    }
    counter = read + 1;
    return counter;
  }

  @Override
  public int count() {
    return counter;
  }

  @Override
  public String slowEcho(String text, long millis) throws InterruptedException {
    System.out.println("IN-CALL " + text);
    Thread.sleep(millis);
    return text;
  }

  @Override
  public Point translate(Point point, int dx) {
    return new Point(point.x() + dx, point.y());
  }

  @Override
  public Map<String, List<Integer>> lengths(List<String> words) {
    System.out.println("IN-LENGTHS " + words);
    if (words.contains("unencodable")) {
      return new AbstractMap<>() { // as a map another thread modifies while it is encoded
        @Override
        public Set<Entry<String, List<Integer>>> entrySet() {
          throw new IllegalStateException("modified while encoded");
        }
      };
    }
    Map<String, List<Integer>> lengths = new LinkedHashMap<>();
    for (String word : words) {
      if (word.startsWith("many:")) { // an answer far larger than its question
        for (int i = 0; i < Integer.parseInt(word.substring(5)); i++) {
          lengths.put("word" + i, List.of(i, i * 2));
        }
        continue;
      }
      lengths.put(word, List.of(word.length(), word.length() * 2));
    }
    return lengths;
  }

  @Override
  public void fail(String kind) throws IOException {
    switch (kind) {
      case "io" -> throw new IOException("disk gone");
      case "state" -> throw new IllegalStateException("not ready");
      case "throwable" -> sneakyThrow(new Throwable("neither Exception nor Error"));
      case "undeclared" -> throw new UndeclaredException("undeclared");
      default -> throw new UnknownToClientsException("custom " + kind);
    }
  }

  @SuppressWarnings("unchecked")
  private static <E extends Throwable> void sneakyThrow(Throwable throwable) throws E {
    throw (E) throwable;
  }

  /** Not named in the interface, but public: a client that has the class rebuilds it. */
  public static final class UndeclaredException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public UndeclaredException(String message) {
      super(message);
    }
  }

  /** Not named in the interface, and without a public constructor: clients cannot rebuild it. */
  static final class UnknownToClientsException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    UnknownToClientsException(String message) {
      super(message);
    }
  }
}
