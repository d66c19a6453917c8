package io.github.beamshared.runtime.machine;

import static org.junit.jupiter.api.Assertions.fail;

import io.github.beamshared.testsupport.ChildJvm;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The {@link ModelChild} JVMs one test starts, all meeting in one sharing directory. Every wait for
 * a line is bounded, and {@link #close()} kills whatever still runs.
 */
final class ChildJvms implements AutoCloseable {

  /** The longest a test waits for any one line. */
  static final long WAIT_SECONDS = ChildJvm.WAIT_SECONDS;

  private final Path directory;
  private final Path logs;
  private final List<ChildJvm> children = new ArrayList<>();

  /** Children meeting in {@code base/r}, with their stderr in {@code base}. */
  ChildJvms(Path base) {
    this.directory = base.resolve("r");
    this.logs = base;
  }

  Path directory() {
    return directory;
  }

  /**
   * Starts a child with the system properties {@code properties} ("key=value"); one written
   * "jvm:FLAG" is a JVM flag instead, e.g. "jvm:-Xmx512m", which overrides the default 64 MiB.
   */
  ChildJvm start(String... properties) throws IOException, InterruptedException {
    // Small and quick to start: the children only rendezvous and call a tiny model.
    List<String> jvm =
        new ArrayList<>(
            List.of(
                "-Xshare:auto",
                "-XX:TieredStopAtLevel=1",
                "-XX:+UseSerialGC",
                "-Xmx64m",
                "-Dbeamshared.dir=" + directory,
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=info"));
    for (String property : properties) {
      jvm.add(property.startsWith("jvm:") ? property.substring(4) : "-D" + property);
    }
    ChildJvm child =
        ChildJvm.start(
            ModelChild.class, jvm, List.of(), logs.resolve("child-" + children.size() + ".err"));
    children.add(child);
    child.expect("READY");
    return child;
  }

  /** How many lines starting with {@code prefix} all children printed so far. */
  int count(String prefix) {
    return children.stream().mapToInt(child -> child.count(prefix)).sum();
  }

  /** Waits until the children printed {@code expected} lines starting with {@code prefix}. */
  void awaitCount(String prefix, int expected) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
    while (count(prefix) != expected) {
      if (System.nanoTime() > deadline) {
        fail(
            count(prefix)
                + " lines start with '"
                + prefix
                + "', not "
                + expected
                + ". "
                + children.stream().map(ChildJvm::diagnostics).toList());
      }
      Thread.sleep(10);
    }
  }

  @Override
  public void close() {
    children.forEach(ChildJvm::close);
  }
}
