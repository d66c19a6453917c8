package io.github.beamshared.runners.jobs;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * What the jobs' copies of the runtime may leave behind in this JVM: {@code beamshared-*} threads,
 * files of the rendezvous directory held open, sockets bound there, socket files, and tag locks.
 */
final class JobLeftovers {

  private JobLeftovers() {}

  /** Waits up to {@code seconds} for nothing to be left; fails naming what still is. */
  static void awaitNone(Path directory, long seconds) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    List<String> left = find(directory);
    while (!left.isEmpty()) {
      if (System.nanoTime() - deadline > 0) {
        fail("Left behind " + seconds + " s after both jobs ended: " + left);
      }
      Thread.sleep(50);
      left = find(directory);
    }
  }

  static List<String> find(Path directory) throws IOException {
    List<String> left = new ArrayList<>();
    for (Thread thread : Thread.getAllStackTraces().keySet()) {
      if (thread.getName().startsWith("beamshared")) {
        left.add("thread " + thread.getName());
      }
    }
    String absolute = directory.toAbsolutePath().toString();
    try (DirectoryStream<Path> descriptors = Files.newDirectoryStream(Path.of("/proc/self/fd"))) {
      for (Path descriptor : descriptors) {
        try {
          Path target = Files.readSymbolicLink(descriptor);
          if (target.toString().startsWith(absolute)) {
            left.add("open file " + target);
          }
        } catch (IOException closedMeanwhile) {
          // Not ours.
        }
      }
    }
    for (String line : Files.readAllLines(Path.of("/proc/net/unix"))) {
      if (line.contains(absolute)) {
        left.add("socket " + line.substring(line.indexOf(absolute)));
      }
    }
    if (Files.isDirectory(directory)) {
      try (DirectoryStream<Path> files = Files.newDirectoryStream(directory)) {
        for (Path file : files) {
          if (file.toString().endsWith(".sock")) {
            left.add("socket file " + file.getFileName());
          } else if (file.toString().endsWith(".lock") && isLocked(file)) {
            left.add("lock held on " + file.getFileName());
          }
        }
      }
    }
    return left;
  }

  /**
   * Whether a process holds a lock on {@code file}, as {@code /proc/locks} tells: opening the file
   * to try would be wrong, since closing it releases every lock this JVM holds on it.
   */
  private static boolean isLocked(Path file) throws IOException {
    String inode = ":" + Files.getAttribute(file, "unix:ino") + " ";
    return Files.readAllLines(Path.of("/proc/locks")).stream()
        .anyMatch(lock -> lock.contains(inode));
  }
}
