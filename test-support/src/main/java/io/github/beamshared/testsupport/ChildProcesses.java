package io.github.beamshared.testsupport;

import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * What tests and benchmarks need to start JVMs and tools of their own: the running JDK's
 * executables, the running class path, and a cleanup that leaves no process behind.
 */
public final class ChildProcesses {

  private ChildProcesses() {}

  /** An executable of the JDK this suite runs on, e.g. {@code java} or {@code javac}. */
  public static Path jdkTool(String name) {
    Path tool = Path.of(System.getProperty("java.home"), "bin", name);
    if (!Files.isExecutable(tool)) {
      throw new IllegalStateException(tool + " is missing: run on a JDK, not a JRE");
    }
    return tool;
  }

  /**
   * The class path of this JVM as a child needs it: under Surefire the test class path, under a
   * class loader of its own (e.g. {@code mvn exec:java}) that loader's URLs, else {@code
   * java.class.path}.
   */
  public static String classPath() {
    Set<String> entries = new LinkedHashSet<>();
    String surefire = System.getProperty("surefire.test.class.path");
    if (surefire != null && !surefire.isBlank()) {
      entries.addAll(List.of(surefire.split(File.pathSeparator)));
    }
    for (ClassLoader loader = ChildProcesses.class.getClassLoader();
        loader != null;
        loader = loader.getParent()) {
      if (loader instanceof URLClassLoader urls) {
        for (URL url : urls.getURLs()) {
          try {
            entries.add(Path.of(url.toURI()).toString());
          } catch (URISyntaxException | IllegalArgumentException e) {
            // Not a file; a child cannot use it.
          }
        }
      }
    }
    entries.addAll(List.of(System.getProperty("java.class.path").split(File.pathSeparator)));
    entries.removeIf(String::isBlank);
    return String.join(File.pathSeparator, entries);
  }

  /** Kills every process (done or of no more use) and waits, bounded, until each is gone. */
  public static void destroyAll(List<Process> processes) {
    processes.forEach(Process::destroyForcibly);
    for (Process process : processes) {
      try {
        process.waitFor(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /** The file's last {@code lines} lines, to put in an error message; empty when unreadable. */
  public static String tail(Path file, int lines) {
    try {
      List<String> all = Files.readAllLines(file, StandardCharsets.UTF_8);
      return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    } catch (IOException e) {
      return "";
    }
  }

  /** Deletes a directory and everything under it; a path already gone is fine. */
  public static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (var paths = Files.walk(root)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        try {
          Files.deleteIfExists(path);
        } catch (NoSuchFileException gone) {
          // removed meanwhile by the process that owned it
        }
      }
    }
  }
}
