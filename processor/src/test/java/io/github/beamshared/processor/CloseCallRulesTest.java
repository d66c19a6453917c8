package io.github.beamshared.processor;

import static io.github.beamshared.processor.Compilations.assertCompilesCleanly;
import static io.github.beamshared.processor.Compilations.assertOnlyErrorOn;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code [SharedClose]}: no code in the DoFn closes a shared resource, however it reaches it. The
 * error is on the line of the call (or of the resource, or of the method reference).
 */
class CloseCallRulesTest {

  private static final String CLOSE =
      "[SharedClose] EmbedFn.embedder is a shared resource"
          + " (@Shared tag \"embedder\"): do not close it here (";

  /** What the message says the code does, the line that does it, and the lines before it. */
  static Stream<Arguments> closingCode() {
    return Stream.of(
        closing("close()", "embedder.close();"),
        closing("close()", "this.embedder.close();"),
        closing("shutdown()", "embedder.shutdown();"),
        closing("shutdownNow()", "embedder.shutdownNow();"),
        closing("destroy()", "embedder.destroy();"),
        closing("dispose()", "embedder.dispose();"),
        closing("close()", "e.close();", "Embedder e = embedder;"),
        closing("close()", "v.close();", "var v = embedder;"),
        closing("close()", "c.close();", "AutoCloseable c = (AutoCloseable) embedder;"),
        closing("dispose()", "((Embedder) (embedder)).dispose();"),
        closing("close()", "later.close();", "Embedder later;", "later = embedder;"),
        closing("try-with-resources, which calls close()", "try (embedder) {}"),
        closing("try-with-resources, which calls close()", "try (Embedder e = embedder) {}"),
        closing("::close", "Runnable r = embedder::close;"));
  }

  private static Arguments closing(String how, String call, String... before) {
    return Arguments.of(how, call, List.of(before));
  }

  @ParameterizedTest(name = "{1}")
  @MethodSource("closingCode")
  void closingInTeardownIsReportedOnTheCall(String how, String call, List<String> before) {
    List<String> teardown = new ArrayList<>();
    teardown.add("  @Teardown public void teardown() throws Exception {");
    before.forEach(line -> teardown.add("    " + line));
    teardown.add("    " + call);
    teardown.add("  }");
    assertOnlyErrorOn(
        TestSource.embedFn("EmbedFn", teardown.toArray(String[]::new)), call, CLOSE + how + ")");
  }

  /** What the message says, the line that closes, and the DoFn members around it. */
  static Stream<Arguments> closingElsewhere() {
    return Stream.of(
        Arguments.of(
            "close()",
            "embedder.close();",
            List.of(
                "  @Teardown public void teardown() {",
                "    release();",
                "  }",
                "  private void release() {",
                "    embedder.close();",
                "  }")),
        Arguments.of(
            "shutdown()",
            "() -> embedder.shutdown()",
            List.of(
                "  @ProcessElement public void process(@Element String text) {",
                "    Runnable later = () -> embedder.shutdown();",
                "    later.run();",
                "  }")));
  }

  @ParameterizedTest(name = "{1}")
  @MethodSource("closingElsewhere")
  void closingElsewhereInTheDoFnIsReportedOnTheCall(String how, String call, List<String> members) {
    assertOnlyErrorOn(
        TestSource.embedFn("EmbedFn", members.toArray(String[]::new)), call, CLOSE + how + ")");
  }

  @Test
  void closingAMultiProcessSharedResourceIsReported() {
    TestSource source =
        TestSource.dofn(
            "EmbedFn",
            "  @MultiProcessShared(tag = \"embedder-v3\")",
            "  transient Embedder embedder;",
            TestSource.LOAD_EMBEDDER,
            "  @Teardown public void teardown() { embedder.close(); }");
    assertOnlyErrorOn(
        source,
        "embedder.close()",
        "[SharedClose] EmbedFn.embedder is a shared"
            + " resource (@MultiProcessShared tag \"embedder-v3\"): do not close it here (close())."
            + " Other DoFn instances and threads still use it, and it stays loaded on purpose. Remove"
            + " the call; to drop it explicitly, call SharedResources.unload(\"embedder-v3\") once no"
            + " DoFn uses it.");
  }

  @Test
  void closingWhatIsNotSharedIsAccepted() {
    assertCompilesCleanly(
        TestSource.embedFn(
            "EmbedFn",
            "  transient Embedder own;",
            "  @Teardown public void teardown() throws Exception {",
            "    own.close();",
            "    this.own.shutdown();",
            "    Embedder fresh = loadEmbedder();",
            "    fresh.close();",
            "    try (var in = new java.io.ByteArrayInputStream(new byte[0])) {}",
            "    embedder.embed(\"still usable\");",
            "  }"));
  }

  @Test
  void closingInABaseThatOnlyItsSubclassesGenerateForIsReported() {
    TestSource base =
        TestSource.embedFn(
            "EmbedFn",
            "  abstract String prefix();",
            "  @Teardown public void teardown() { embedder.close(); }");
    TestSource child =
        TestSource.declaredAs(
            "abstract class ChildFn extends EmbedFn {",
            "ChildFn",
            "  @Override String prefix() { return \"child\"; }");
    assertOnlyErrorOn(base, "embedder.close()", CLOSE + "close()", child);
  }
}
