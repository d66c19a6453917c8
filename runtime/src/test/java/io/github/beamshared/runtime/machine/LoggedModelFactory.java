package io.github.beamshared.runtime.machine;

import io.github.beamshared.runtime.ResourceFactory;
import java.io.IOException;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A factory that can be sent to a dedicated host: each load appends the loading JVM's pid to a file
 * that every JVM of a test shares, so that the test counts the loads of the whole machine.
 */
final class LoggedModelFactory implements ResourceFactory<Model>, Serializable {

  private static final long serialVersionUID = 1L;

  private final String loadLog;

  LoggedModelFactory(String loadLog) {
    this.loadLog = loadLog;
  }

  @Override
  public Model create() throws IOException {
    Files.writeString(
        Path.of(loadLog),
        ProcessHandle.current().pid() + "\n",
        StandardCharsets.UTF_8,
        StandardOpenOption.CREATE,
        StandardOpenOption.APPEND);
    return new ModelImpl();
  }
}
