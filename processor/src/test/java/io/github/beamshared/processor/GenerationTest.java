package io.github.beamshared.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static io.github.beamshared.processor.Compilations.assertCompilesCleanly;

import com.google.common.truth.StringSubject;
import com.google.testing.compile.Compilation;
import java.util.Arrays;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Valid DoFns compile without a warning, and their {@code _Shared} subclass compiles with them. */
class GenerationTest {

  @Test
  void canonicalDoFnGetsASubclassThatSetsUpGuardsAndReleases() {
    Compilation compilation = assertCompilesCleanly(TestSource.embedFn("EmbedFn",
        "  @Setup public void setup(PipelineOptions options) throws Exception {}",
        "  @Teardown public void teardown() {}",
        "  @ProcessElement public void process(@Element String text, OutputReceiver<String> out) {",
        "    out.output(text + embedder.embed(text).length);",
        "  }"));
    StringSubject generated = generated(compilation, "test.EmbedFn_Shared");
    generated.contains("@Generated(\"io.github.beamshared.processor.SharedProcessor\")");
    generated.contains("final class EmbedFn_Shared extends EmbedFn {");
    generated.contains("@Override\n  @DoFn.Setup\n"
        + "  public void setup(PipelineOptions options) throws Exception {");
    generated.contains(
        "SharedResources.jvmWide(\"embedder\", Embedder.class, () -> loadEmbedder())");
    generated.containsMatch(
        withOrWithoutThis("this.embedder = new GuardedEmbedder(embedderLease);"));
    generated.contains("super.setup(options);");
    generated.contains("private static final class GuardedEmbedder implements Embedder {");
    generated.containsMatch(withOrWithoutThis("this.lock.lock();\n      try {\n"
        + "        return this.delegate.embed(text);\n"
        + "      } finally {\n        this.lock.unlock();\n      }"));
    generated.contains("@Override\n  @DoFn.Teardown\n  public void teardown() {");
    generated.contains("super.teardown();");
    generated.contains("sharedLeases.releaseAll();");
  }

  @Test
  void threadSafeMultiProcessSharedFieldGetsTheResourceItself() {
    Compilation compilation = assertCompilesCleanly(TestSource.dofn("EmbedFn",
        "  @MultiProcessShared(tag = \"embedder\", threadSafe = true)",
        "  transient Embedder embedder;",
        TestSource.LOAD_EMBEDDER));
    StringSubject generated = generated(compilation, "test.EmbedFn_Shared");
    generated.contains("SharedResources.machineWide(\"embedder\", Embedder.class,");
    generated.containsMatch(withOrWithoutThis("this.embedder = embedderLease.get();"));
    generated.doesNotContain("Guarded");
  }

  @Test
  void nestedDoFnIsNamedAfterItsEnclosingClasses() {
    Compilation compilation = assertCompilesCleanly(TestSource.declaredAs("class Outer {", "Outer",
        "  abstract static class EmbedFn extends DoFn<String, String> {",
        "    @Shared(tag = \"embedder\") transient Embedder embedder;",
        "    Embedder loadEmbedder() { return null; }",
        "  }"));
    generated(compilation, "test.Outer_EmbedFn_Shared")
        .contains("final class Outer_EmbedFn_Shared extends Outer.EmbedFn {");
  }

  @Test
  void genericDoFnGetsAGenericSubclassAndGuard() {
    TestSource cache = TestSource.inTestPackage("Cache",
        "interface Cache<V> {",
        "  V get(String key);",
        "}");
    Compilation compilation = assertCompilesCleanly(cache, TestSource.declaredAs(
        "abstract class CacheFn<V> extends DoFn<String, V> {", "CacheFn",
        "  @Shared(tag = \"cache\")",
        "  transient Cache<V> cache;",
        "  Cache<V> loadCache() { return null; }"));
    StringSubject generated = generated(compilation, "test.CacheFn_Shared");
    generated.contains("final class CacheFn_Shared<V> extends CacheFn<V> {");
    generated.contains("private static final class GuardedCache<V> implements Cache<V> {");
  }

  @Test
  void factoryAndSetupMayBeInheritedFromAnAbstractBase() {
    TestSource base = TestSource.declaredAs(
        "abstract class BaseFn extends DoFn<String, String> {", "BaseFn",
        TestSource.LOAD_EMBEDDER,
        "  @Setup public void prepare() {}");
    Compilation compilation = assertCompilesCleanly(base, TestSource.declaredAs(
        "abstract class EmbedFn extends BaseFn {", "EmbedFn", TestSource.sharedField()));
    StringSubject generated = generated(compilation, "test.EmbedFn_Shared");
    generated.contains("() -> loadEmbedder()");
    generated.contains("public void prepare() {");
    generated.contains("super.prepare();");
  }

  @Test
  void constructorsOtherThanPrivateOnesArePassedThrough() {
    Compilation compilation = assertCompilesCleanly(TestSource.embedFn("EmbedFn",
        "  private final String prefix;",
        "  protected EmbedFn(String prefix) { this.prefix = prefix; }",
        "  private EmbedFn() { this(\"\"); }"));
    StringSubject generated = generated(compilation, "test.EmbedFn_Shared");
    generated.contains("public EmbedFn_Shared(String prefix) {\n    super(prefix);");
    generated.doesNotContain("EmbedFn_Shared() {");
  }

  /** A pattern matching {@code code} literally, each {@code this.} in it optional. */
  private static String withOrWithoutThis(String code) {
    return Arrays.stream(code.split("this\\.", -1))
        .map(Pattern::quote)
        .collect(Collectors.joining("(?:this\\.)?"));
  }

  private static StringSubject generated(Compilation compilation, String qualifiedName) {
    return assertThat(compilation).generatedSourceFile(qualifiedName).contentsAsUtf8String();
  }
}
