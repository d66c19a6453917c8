package io.github.beamshared.runtime.control;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The command line: a command, its tag if it takes one, and the options.
 *
 * @param command "status", "unload" or "stop"
 * @param tag the tag to unload or stop; "" for status
 * @param directory {@code --dir}, or null for the runtime's own setting
 * @param json {@code --json}: status as JSON
 */
record Arguments(String command, String tag, @Nullable Path directory, boolean json) {

  static final List<String> COMMANDS = List.of("status", "unload", "stop");

  /**
   * Reads {@code args}.
   *
   * @throws IllegalArgumentException saying what is wrong with them
   */
  static Arguments parse(String[] args) {
    String command = args[0];
    if (!COMMANDS.contains(command)) {
      throw new IllegalArgumentException("Unknown command '" + command + "'.");
    }
    String tag = "";
    Path directory = null;
    boolean json = false;
    for (int i = 1; i < args.length; i++) {
      switch (args[i]) {
        case "--dir" -> {
          if (++i == args.length) {
            throw new IllegalArgumentException("--dir needs a directory.");
          }
          directory = path(args[i]);
        }
        case "--json" -> json = true;
        default -> {
          if (args[i].startsWith("--") || !tag.isEmpty()) {
            throw new IllegalArgumentException("Unexpected argument '" + args[i] + "'.");
          }
          tag = args[i];
        }
      }
    }
    checkTag(command, tag);
    if (json && !command.equals("status")) {
      throw new IllegalArgumentException("--json is for status only.");
    }
    return new Arguments(command, tag, directory, json);
  }

  /** Unload and stop name one tag; status names none. */
  private static void checkTag(String command, String tag) {
    if (command.equals("status") && !tag.isEmpty()) {
      throw new IllegalArgumentException("status takes no tag: it lists every tag.");
    }
    if (!command.equals("status") && tag.isEmpty()) {
      throw new IllegalArgumentException(command + " needs the tag of a shared resource.");
    }
  }

  private static Path path(String directory) {
    try {
      return Path.of(directory);
    } catch (InvalidPathException e) {
      throw new IllegalArgumentException(
          "--dir " + directory + " is not a path: " + e.getMessage());
    }
  }
}
