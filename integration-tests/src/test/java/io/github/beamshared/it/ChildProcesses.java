package io.github.beamshared.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What the tests that run pipelines in JVMs of their own need around them. */
final class ChildProcesses {

  private ChildProcesses() {}

  /** A JVM on this test's class path running {@code main} with {@code args}, output merged. */
  static ProcessBuilder java(Class<?> main, List<String> args) {
    return java(List.of(), main, args);
  }

  /** As {@link #java(Class, List)}, with the JVM options {@code jvmOptions}. */
  static ProcessBuilder java(List<String> jvmOptions, Class<?> main, List<String> args) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmOptions);
    command.addAll(
        List.of(
            "-cp",
            System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")),
            main.getName()));
    command.addAll(args);
    return new ProcessBuilder(command).redirectErrorStream(true);
  }

  /** The first group of {@code regex}'s first match in {@code text}, or null. */
  static String find(String regex, String text) {
    Matcher matcher = Pattern.compile(regex).matcher(text);
    return matcher.find() ? matcher.group(1) : null;
  }

  static void deleteTree(Path root) throws IOException {
    try (var paths = Files.walk(root)) {
      for (Path path : paths.sorted(Collections.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    }
  }
}
