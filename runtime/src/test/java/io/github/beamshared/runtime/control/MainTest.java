package io.github.beamshared.runtime.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line's exit codes and usage, and the JSON's strings, in this JVM. */
class MainTest {

  @TempDir Path base;

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(String... args) {
    return Main.run(
        args,
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  @Test
  void helpPrintsTheUsageAndSucceeds() {
    assertEquals(Main.OK, run("--help"));
    assertEquals(Main.USAGE, out.toString(StandardCharsets.UTF_8));
  }

  @Test
  void noCommandPrintsTheUsageAsAnError() {
    assertEquals(Main.USAGE_ERROR, run());
    assertEquals(Main.USAGE, err.toString(StandardCharsets.UTF_8));
  }

  @Test
  void wrongCommandLinesAreUsageErrorsThatSayWhatIsWrong() {
    assertUsageError("Unknown command 'list'.", "list");
    assertUsageError("unload needs the tag of a shared resource.", "unload");
    assertUsageError("status takes no tag: it lists every tag.", "status", "model");
    assertUsageError("--dir needs a directory.", "status", "--dir");
    assertUsageError("--json is for status only.", "stop", "model", "--json");
    assertUsageError("Unexpected argument 'other'.", "stop", "model", "other");
  }

  @Test
  void unloadingATagNobodyHostsFails() {
    assertEquals(Main.FAILED, run("unload", "model", "--dir", base.toString()));
    assertEquals(
        "No JVM hosts shared resource 'model' in " + base + ".\n",
        err.toString(StandardCharsets.UTF_8));
  }

  @Test
  void jsonStringsAreEscapedSoThatAParserReadsThemBack() throws Exception {
    String nasty = "quote\" backslash\\ newline\n tab\t bell\u0007 separator\u2028 é 😀";

    assertEquals(nasty, new ObjectMapper().readValue(Json.string(nasty), String.class));
  }

  private void assertUsageError(String message, String... args) {
    out.reset();
    err.reset();
    assertEquals(Main.USAGE_ERROR, run(args), String.join(" ", args));
    String printed = err.toString(StandardCharsets.UTF_8);
    assertTrue(printed.startsWith(message + "\n" + "Usage:"), printed);
  }
}
