package io.github.beamshared.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static io.github.beamshared.processor.Compilations.assertCompilesCleanly;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.common.truth.StringSubject;
import com.google.common.truth.Truth;
import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/** Valid DoFns compile without a warning, and their {@code _Shared} subclass compiles with them. */
class GenerationTest {

  @Test
  void canonicalDoFnGetsASubclassThatSetsUpGuardsAndReleases() {
    Compilation compilation =
        assertCompilesCleanly(
            TestSource.embedFn(
                "EmbedFn",
                "  @Setup public void setup(PipelineOptions options) throws Exception {}",
                "  @Teardown public void teardown() {}",
                "  @ProcessElement public void process(@Element String text, OutputReceiver<String> out) {",
                "    out.output(text + embedder.embed(text).length);",
                "  }"));
    StringSubject generated = generated(compilation, "test.EmbedFn_Shared");
    generated.contains("@Generated(\"io.github.beamshared.processor.SharedProcessor\")");
    generated.contains("final class EmbedFn_Shared extends EmbedFn {");
    generated.contains(
        "@Override\n  @DoFn.Setup\n"
            + "  public void setup(PipelineOptions options) throws Exception {");
    generated.contains(
        "private final class EmbedderFactory implements ResourceFactory<Embedder> {");
    unwrapped(compilation, "test.EmbedFn_Shared")
        .contains(
            "Lease<Embedder> embedderLease = leases.add(SharedResources.jvmWide(\"embedder\","
                + " Embedder.class, new EmbedderFactory()));");
    generated.contains(
        "public Embedder create() throws Exception {\n" + "      return loadEmbedder();\n    }");
    generated.containsMatch(
        withOrWithoutThis("this.embedder = new GuardedEmbedder(embedderLease);"));
    generated.contains("super.setup(options);");
    generated.contains("private static final class GuardedEmbedder implements Embedder {");
    generated.containsMatch(
        withOrWithoutThis(
            "this.lock.lock();\n      try {\n"
                + "        return this.delegate.embed(text);\n"
                + "      } finally {\n        this.lock.unlock();\n      }"));
    generated.contains("@Override\n  @DoFn.Teardown\n  public void teardown() {");
    generated.contains("super.teardown();");
    generated.contains("sharedLeases.releaseAll();");
  }

  @Test
  void threadSafeMultiProcessSharedFieldGetsTheResourceItself() {
    Compilation compilation =
        assertCompilesCleanly(
            TestSource.dofn(
                "EmbedFn",
                "  @MultiProcessShared(tag = \"embedder\", threadSafe = true)",
                "  transient Embedder embedder;",
                TestSource.LOAD_EMBEDDER));
    StringSubject generated = generated(compilation, "test.EmbedFn_Shared");
    unwrapped(compilation, "test.EmbedFn_Shared")
        .contains(
            "SharedResources.machineWide(\"embedder\", new EmbedderRemote(), true,"
                + " new EmbedderFactory())");
    generated.contains("return loadEmbedder();");
    generated.containsMatch(withOrWithoutThis("this.embedder = embedderLease.get();"));
    generated.doesNotContain("Guarded");
  }

  @Test
  void copiesArePassedOnAndSaidInTheJavadoc() {
    Compilation compilation =
        assertCompilesCleanly(
            TestSource.dofn(
                "EmbedFn",
                "  @MultiProcessShared(tag = \"embedder\", copies = 3)",
                "  transient Embedder embedder;",
                TestSource.LOAD_EMBEDDER));
    unwrapped(compilation, "test.EmbedFn_Shared")
        .contains(
            "SharedResources.machineWide(\"embedder\", new EmbedderRemote(), false, 3,"
                + " new EmbedderFactory())");
    unwrapped(compilation, "test.EmbedFn_Shared")
        .contains("@MultiProcessShared tag <code>\"embedder\"</code> (3 copies on the machine),");
  }

  @Test
  void multiProcessSharedInterfaceGetsNumberedDispatchAndAStub() {
    TestSource ranker =
        TestSource.inTestPackage(
            "Ranker",
            "public interface Ranker {",
            "  double score(String text, int[] weights);",
            "  void reset() throws java.io.IOException;",
            "  java.util.List<String> top(int n);",
            "  void close();",
            "}");
    Compilation compilation =
        assertCompilesCleanly(
            ranker,
            TestSource.dofn(
                "RankFn",
                "  @MultiProcessShared(tag = \"ranker\")",
                "  transient Ranker ranker;",
                "  Ranker loadRanker() { return null; }"));
    StringSubject generated = generated(compilation, "test.RankFn_Shared");
    generated.contains("case 2 -> \"score(String, int[])\";");
    generated.contains(
        "private final class RankerFactory implements ResourceFactory<Ranker>, Serializable {");
    unwrapped(compilation, "test.RankFn_Shared")
        .contains(
            "SharedResources.machineWide(\"ranker\", new RankerRemote(), false,"
                + " new RankerFactory())");
    generated.contains("return loadRanker();");
    generated.contains("this.ranker = new GuardedRanker(rankerLease);");
    generated.contains(
        "private static final class RankerRemote implements RemoteInterface<Ranker>");
    generated.containsMatch("return \"[0-9a-f]{32}\";");
    // Methods are numbered by sorted signature: close, reset, score, top.
    generated.contains(
        "case 0 -> throw new UnsupportedOperationException(" + "SharedResources.CLOSE_REFUSED);");
    generated.contains("case 1 -> {\n          target.reset();\n          yield null;\n        }");
    generated.contains("case 2 -> target.score((String) arguments[0], (int[]) arguments[1]);");
    generated.contains("case 3 -> target.top((int) arguments[0]);");
    generated.contains("return (double) this.calls.call(2, new Object[] {text, weights});");
    generated.contains("} catch (RuntimeException | IOException e) {\n          throw e;");
    generated.contains("return (List<String>) this.calls.call(3, new Object[] {n});");
    generated.contains("@SuppressWarnings(\"unchecked\")");
  }

  @Test
  void guardRefusesClosingMethodsAtRunTime() {
    Compilation compilation = assertCompilesCleanly(TestSource.embedFn("EmbedFn"));
    generated(compilation, "test.EmbedFn_Shared")
        .contains(
            "public void shutdown() {\n"
                + "      throw new UnsupportedOperationException(SharedResources.CLOSE_REFUSED);");
  }

  @Test
  void nestedDoFnIsNamedAfterItsEnclosingClasses() {
    Compilation compilation =
        assertCompilesCleanly(
            TestSource.declaredAs(
                "class Outer {",
                "Outer",
                "  abstract static class EmbedFn extends DoFn<String, String> {",
                "    @Shared(tag = \"embedder\") transient Embedder embedder;",
                "    Embedder loadEmbedder() { return null; }",
                "  }"));
    generated(compilation, "test.Outer_EmbedFn_Shared")
        .contains("final class Outer_EmbedFn_Shared extends Outer.EmbedFn {");
  }

  @Test
  void genericDoFnGetsAGenericSubclassAndGuard() {
    TestSource cache =
        TestSource.inTestPackage("Cache", "interface Cache<V> {", "  V get(String key);", "}");
    Compilation compilation =
        assertCompilesCleanly(
            cache,
            TestSource.declaredAs(
                "abstract class CacheFn<V> extends DoFn<String, V> {",
                "CacheFn",
                "  @Shared(tag = \"cache\")",
                "  transient Cache<V> cache;",
                "  Cache<V> loadCache() { return null; }"));
    StringSubject generated = generated(compilation, "test.CacheFn_Shared");
    generated.contains("final class CacheFn_Shared<V> extends CacheFn<V> {");
    generated.contains("private static final class GuardedCache<V> implements Cache<V> {");
  }

  @Test
  void factoryAndSetupMayBeInheritedFromAnAbstractBase() {
    TestSource base =
        TestSource.declaredAs(
            "abstract class BaseFn extends DoFn<String, String> {",
            "BaseFn",
            TestSource.LOAD_EMBEDDER,
            "  @Setup public void prepare() {}");
    Compilation compilation =
        assertCompilesCleanly(
            base,
            TestSource.declaredAs(
                "abstract class EmbedFn extends BaseFn {", "EmbedFn", TestSource.sharedField()));
    StringSubject generated = generated(compilation, "test.EmbedFn_Shared");
    generated.contains("return loadEmbedder();");
    generated.contains("public void prepare() {");
    generated.contains("super.prepare();");
  }

  @Test
  void constructorsOtherThanPrivateOnesArePassedThrough() {
    Compilation compilation =
        assertCompilesCleanly(
            TestSource.embedFn(
                "EmbedFn",
                "  private final String prefix;",
                "  protected EmbedFn(String prefix) { this.prefix = prefix; }",
                "  private EmbedFn() { this(\"\"); }"));
    StringSubject generated = generated(compilation, "test.EmbedFn_Shared");
    generated.contains("public EmbedFn_Shared(String prefix) {\n    super(prefix);");
    generated.doesNotContain("EmbedFn_Shared() {");
  }

  @Test
  void subclassesOfABaseThatLeavesAMethodAbstractGetTheGeneratedSubclassInstead() {
    TestSource base =
        TestSource.declaredAs(
            "abstract class BaseFn extends DoFn<String, String> {",
            "BaseFn",
            TestSource.sharedFieldAndFactory("  abstract String prefix();"));
    TestSource child =
        TestSource.declaredAs(
            "abstract class ChildFn extends BaseFn {",
            "ChildFn",
            "  @Override String prefix() { return \"child\"; }");
    Compilation compilation = assertCompilesCleanly(base, child);
    generated(compilation, "test.ChildFn_Shared")
        .contains("final class ChildFn_Shared extends ChildFn {");
    assertTrue(
        compilation.generatedSourceFiles().stream()
            .noneMatch(file -> file.getName().endsWith("BaseFn_Shared.java")));
  }

  @Test
  void fieldOfAGenericBaseTakesTheTypeArgumentTheSubclassBinds() {
    TestSource cache =
        TestSource.inTestPackage("Cache", "public interface Cache<V> { V get(String key); }");
    TestSource base =
        TestSource.declaredAs(
            "abstract class BaseFn<T> extends DoFn<String, String> {",
            "BaseFn",
            "  @Shared(tag = \"cache\")",
            "  transient Cache<T> cache;",
            "  Cache<T> loadCache() { return null; }");
    TestSource bound =
        TestSource.declaredAs(
            "abstract class IntFn extends BaseFn<Integer> {",
            "IntFn",
            "  @Shared(tag = \"names\")",
            "  transient Cache<String> names;",
            "  Cache<String> loadNames() { return null; }");
    TestSource onlyInherits =
        TestSource.declaredAs("abstract class OtherIntFn extends BaseFn<Integer> {", "OtherIntFn");
    Compilation compilation = assertCompilesCleanly(cache, base, bound, onlyInherits);
    StringSubject intFn = generated(compilation, "test.IntFn_Shared");
    intFn.contains("Lease<Cache<Integer>> cacheLease = leases.add(");
    intFn.contains("private static final class GuardedCache implements Cache<Integer> {");
    intFn.contains("private static final class GuardedCache2 implements Cache<String> {");
    generated(compilation, "test.OtherIntFn_Shared")
        .contains("private static final class GuardedCache implements Cache<Integer> {");
  }

  @Test
  void innerDoFnOfAGenericClassDeclaresTheEnclosingTypeVariables() {
    Compilation compilation =
        assertCompilesCleanly(
            TestSource.declaredAs(
                "class Outer<X> implements java.io.Serializable {",
                "Outer",
                "  abstract class EmbedFn<Y> extends DoFn<X, Y> {",
                TestSource.EMBEDDER.get(0),
                TestSource.EMBEDDER.get(1),
                TestSource.LOAD_EMBEDDER,
                "  }"));
    generated(compilation, "test.Outer_EmbedFn_Shared")
        .contains("final class Outer_EmbedFn_Shared<X, Y> extends Outer<X>.EmbedFn<Y> {");
  }

  @Test
  void deprecatedMethodsAreImplementedAndCalledWithoutWarningsUnderXlintAll() {
    TestSource legacy =
        TestSource.inTestPackage(
            "Legacy",
            "public interface Legacy {",
            "  String current(String text);",
            "  @Deprecated String old(String text);",
            "  @Deprecated(forRemoval = true) String older(String text);",
            "}");
    for (String annotation :
        List.of(
            "@Shared(tag = \"legacy\")",
            "@MultiProcessShared(tag = \"legacy\", threadSafe = true)")) {
      Compilation compilation =
          Compiler.javac()
              .withProcessors(new SharedProcessor())
              .withOptions("-Xlint:all,-processing", "-Werror")
              .compile(
                  legacy.file(),
                  TestSource.dofn(
                          "LegacyFn",
                          "  private static final long serialVersionUID = 1L;",
                          "  " + annotation,
                          "  transient Legacy legacy;",
                          "  Legacy loadLegacy() { return null; }")
                      .file());
      assertThat(compilation).succeededWithoutWarnings();
    }
  }

  @Test
  void genericMethodOfAGenericInterfaceIsDispatchedWithTheClassTypeVariable() {
    TestSource converter =
        TestSource.inTestPackage(
            "Converter",
            "public interface Converter<T extends java.io.Serializable> {",
            "  <R extends java.io.Serializable> R convert(T value, Class<R> type);",
            "}");
    Compilation compilation =
        assertCompilesCleanly(
            converter,
            TestSource.declaredAs(
                "abstract class ConvertFn<T extends java.io.Serializable> extends DoFn<T, String> {",
                "ConvertFn",
                "  @MultiProcessShared(tag = \"converter\", threadSafe = true)",
                "  transient Converter<T> converter;",
                "  Converter<T> loadConverter() { return null; }"));
    generated(compilation, "test.ConvertFn_Shared")
        .contains("case 0 -> target.convert((T) arguments[0], (Class) arguments[1]);");
  }

  @Test
  void interfaceNamedStubInTheDefaultPackageGetsAStubOfAnotherName() {
    TestSource stub = new TestSource("Stub", List.of("public interface Stub { String name(); }"));
    TestSource dofn =
        new TestSource(
            "StubFn",
            List.of(
                "import io.github.beamshared.MultiProcessShared;",
                "import org.apache.beam.sdk.transforms.DoFn;",
                "abstract class StubFn extends DoFn<String, String> {",
                "  @MultiProcessShared(tag = \"stub\")",
                "  transient Stub stub;",
                "  Stub loadStub() { return null; }",
                "}"));
    generated(assertCompilesCleanly(stub, dofn), "StubFn_Shared")
        .contains("private static final class Stub2 implements Stub {");
  }

  @Test
  void constructorsKeepWhatTheUsersSuppressAndSafeVarargs() {
    Compilation compilation =
        Compiler.javac()
            .withProcessors(new SharedProcessor())
            .withOptions("-Xlint:all,-processing", "-Werror")
            .compile(
                Stream.concat(
                        TestSource.SUPPORT.stream(),
                        Stream.of(
                            TestSource.declaredAs(
                                "abstract class SeedFn<T> extends DoFn<T, String> {",
                                "SeedFn",
                                "  private static final long serialVersionUID = 1L;",
                                "  @SafeVarargs SeedFn(T... seeds) {}",
                                "  @SuppressWarnings(\"unchecked\") SeedFn(java.util.List<String>... lists) {}",
                                TestSource.EMBEDDER.get(0),
                                TestSource.EMBEDDER.get(1),
                                TestSource.LOAD_EMBEDDER)))
                    .map(TestSource::file)
                    .toArray(JavaFileObject[]::new));
    assertThat(compilation).succeededWithoutWarnings();
    StringSubject generated = generated(compilation, "test.SeedFn_Shared");
    generated.contains(
        "@SafeVarargs\n  @SuppressWarnings(\"varargs\")\n  SeedFn_Shared(T... seeds)");
    generated.contains(
        "@SuppressWarnings(\"unchecked\")\n" + "  SeedFn_Shared(List<String>... lists)");
  }

  @Test
  void typesThatAnotherProcessorGeneratesAreWaitedFor() {
    SourceGeneratingProcessor generator =
        new SourceGeneratingProcessor(
            Map.of(
                "test.GenModel",
                    "package test; public interface GenModel { String use(GenRec rec); }",
                "test.GenRec", "package test; public record GenRec(String text) {}"));
    TestSource base =
        TestSource.declaredAs(
            "abstract class BaseFn extends DoFn<String, String> {",
            "BaseFn",
            "  @MultiProcessShared(tag = \"generated\")",
            "  transient GenModel model;",
            "  GenModel loadModel() { return null; }",
            "  abstract String prefix();");
    TestSource child =
        TestSource.declaredAs(
            "abstract class ChildFn extends BaseFn {",
            "ChildFn",
            "  @Override String prefix() { return \"child\"; }");
    TestSource childWithOwnField =
        TestSource.declaredAs(
            "abstract class OwnFn extends BaseFn {",
            "OwnFn",
            TestSource.sharedFieldAndFactory("  @Override String prefix() { return \"own\"; }"));
    Compilation compilation =
        Compiler.javac()
            .withProcessors(new SharedProcessor(), generator)
            .compile(
                Stream.concat(
                        TestSource.SUPPORT.stream(), Stream.of(base, child, childWithOwnField))
                    .map(TestSource::file)
                    .toArray(JavaFileObject[]::new));
    assertThat(compilation).succeededWithoutWarnings();
    generated(compilation, "test.ChildFn_Shared")
        .contains("private static final class GuardedGenModel implements GenModel {");
    StringSubject own = generated(compilation, "test.OwnFn_Shared");
    unwrapped(compilation, "test.OwnFn_Shared")
        .contains("SharedResources.machineWide(\"generated\", new GenModelRemote(), false,");
    own.contains("public String use(GenRec rec) {");
  }

  @Test
  void baseThatOnlyItsSubclassesGenerateForIsCheckedWithTheTypesTheyBind() {
    TestSource model =
        TestSource.inTestPackage("Model2", "public interface Model2<V> { V apply(V value); }");
    TestSource base =
        TestSource.declaredAs(
            "abstract class BaseFn<B> extends DoFn<String, String> {",
            "BaseFn",
            "  @MultiProcessShared(tag = \"model\")",
            "  transient Model2<B> model;", // B is Object as far as the base knows: not
            // transportable
            "  abstract String key();"); // and the factory is left to the subclasses
    TestSource leaf =
        TestSource.declaredAs(
            "abstract class LeafFn extends BaseFn<String> {",
            "LeafFn",
            "  Model2<String> loadModel() { return null; }",
            "  @Override String key() { return \"leaf\"; }");
    Compilation compilation = assertCompilesCleanly(model, base, leaf);
    generated(compilation, "test.LeafFn_Shared")
        .contains(
            "private static final class Model2Remote implements RemoteInterface<Model2<String>>");
  }

  @Test
  void setupDeclaredByAnInterfaceDefaultMethodIsTheOneOverridden() {
    TestSource lifecycle =
        TestSource.inTestPackage(
            "Lifecycle",
            "public interface Lifecycle {",
            "  @DoFn.Setup default void prepare(PipelineOptions options) {}",
            "}");
    Compilation compilation =
        assertCompilesCleanly(
            lifecycle,
            TestSource.declaredAs(
                "abstract class EmbedFn extends DoFn<String, String> implements Lifecycle {",
                "EmbedFn",
                TestSource.sharedFieldAndFactory()));
    StringSubject generated = generated(compilation, "test.EmbedFn_Shared");
    generated.contains(
        "@Override\n  @DoFn.Setup\n  public void prepare(PipelineOptions options) {");
    generated.contains("super.prepare(options);");
    generated.doesNotContain("setUpSharedResources");
  }

  @Test
  void classesOfTheDoFnsPackageNamedLikeJavaLangTypesDoNotHideThem() {
    Compilation compilation =
        assertCompilesCleanly(
            new TestSource("shadow.Override", List.of("package shadow; public class Override {}")),
            new TestSource(
                "shadow.SuppressWarnings",
                List.of("package shadow; public class SuppressWarnings {}")),
            new TestSource(
                "shadow.Exception", List.of("package shadow; public class Exception {}")),
            new TestSource(
                "shadow.ShadowFn",
                List.of(
                    "package shadow;",
                    "import io.github.beamshared.Shared;",
                    "import org.apache.beam.sdk.transforms.DoFn;",
                    "abstract class ShadowFn extends DoFn<String, String> {",
                    "  @Shared(tag = \"embedder\")",
                    "  transient test.Embedder embedder;",
                    "  test.Embedder loadEmbedder() { return null; }",
                    "}")));
    StringSubject generated = generated(compilation, "shadow.ShadowFn_Shared");
    generated.contains("@java.lang.SuppressWarnings({");
    generated.contains("@java.lang.Override");
    generated.contains("throws java.lang.Exception");
  }

  @Test
  void generatedNamesStepAsideForTheUsersFieldsAndParameters() {
    Compilation compilation =
        assertCompilesCleanly(
            TestSource.declaredAs(
                "class Outer implements java.io.Serializable {",
                "Outer",
                "  abstract class EmbedFn extends DoFn<String, String> {",
                "    EmbedFn(String outer) {}",
                "    @Shared(tag = \"embedder\")",
                "    transient Embedder sharedLeases;",
                "    Embedder loadSharedLeases() { return null; }",
                "  }"));
    StringSubject generated = generated(compilation, "test.Outer_EmbedFn_Shared");
    generated.contains("private transient HeldLeases sharedLeases2;");
    generated.containsMatch(
        withOrWithoutThis("this.sharedLeases = new GuardedEmbedder(sharedLeasesLease);"));
    generated.contains(
        "Outer_EmbedFn_Shared(Outer outer2, String outer) {\n" + "    outer2.super(outer);");
    generated.contains("private static final long serialVersionUID = 1L;");
  }

  @Test
  void tagIsQuotedInTheJavadocWithoutEndingIt() {
    Compilation compilation =
        assertCompilesCleanly(
            TestSource.dofn(
                "EmbedFn",
                "  @Shared(tag = \"models/*/{@code v1} <b>\")",
                "  transient Embedder embedder;",
                TestSource.LOAD_EMBEDDER));
    unwrapped(compilation, "test.EmbedFn_Shared")
        .contains("tag <code>\"models/*&#47;&#123;&#64;code v1&#125; &lt;b&gt;\"</code>");
  }

  @Test
  void typeNamedLikeAMemberTypeOfBeamsDoFnIsWrittenQualified() {
    TestSource element =
        new TestSource(
            "other.Element", List.of("package other;", "public record Element(String id) {}"));
    TestSource timestamp =
        new TestSource(
            "other.Timestamp",
            List.of(
                "package other;", "public interface Timestamp { long millis(Element element); }"));
    Compilation compilation =
        assertCompilesCleanly(
            element,
            timestamp,
            TestSource.dofn(
                "ClockFn",
                "  @MultiProcessShared(tag = \"clock\")",
                "  transient other.Timestamp clock;",
                "  other.Timestamp loadClock() { return null; }"));
    StringSubject generated = generated(compilation, "test.ClockFn_Shared");
    generated.contains("private static final class GuardedTimestamp implements other.Timestamp {");
    generated.contains("public long millis(other.Element element) {");
  }

  @Test
  void recordHoldingAListOfItselfCrossesProcesses() {
    TestSource node =
        TestSource.inTestPackage(
            "Node", "public record Node(String value, java.util.List<Node> children) {}");
    TestSource tree =
        TestSource.inTestPackage("Tree", "public interface Tree { Node parse(String text); }");
    Compilation compilation =
        assertCompilesCleanly(
            node,
            tree,
            TestSource.dofn(
                "TreeFn",
                "  @MultiProcessShared(tag = \"tree\")",
                "  transient Tree tree;",
                "  Tree loadTree() { return null; }"));
    generated(compilation, "test.TreeFn_Shared").contains("public Node parse(String text) {");
  }

  /** A pattern matching {@code code} literally, each {@code this.} in it optional. */
  @Test
  void batchedMethodsJoinTheirQueueAndEveryOtherMethodKeepsItsPath() {
    TestSource embedder =
        TestSource.inTestPackage(
            "BatchedEmbedder",
            "import io.github.beamshared.BatchedBy;",
            "public interface BatchedEmbedder {",
            "  @BatchedBy(value = \"embedAll\", maxBatchSize = 8, maxWaitMicros = 200)",
            "  float[] embed(String text) throws java.io.IOException;",
            "  java.util.List<float[]> embedAll(java.util.List<String> texts);",
            "  @BatchedBy(\"indexAll\") void index(int id);",
            "  void indexAll(java.util.List<Integer> ids);",
            "  int dimension();",
            "}");
    Compilation compilation =
        assertCompilesCleanly(
            embedder,
            TestSource.dofn(
                "BatchFn",
                "  @Shared(tag = \"local\")", // before a machine-wide field of the same interface
                "  transient BatchedEmbedder local;",
                "  @MultiProcessShared(tag = \"guarded\")",
                "  transient BatchedEmbedder guarded;",
                "  @Shared(tag = \"fast\", threadSafe = true)",
                "  transient BatchedEmbedder fast;",
                "  BatchedEmbedder loadGuarded() { return null; }",
                "  BatchedEmbedder loadFast() { return null; }",
                "  BatchedEmbedder loadLocal() { return null; }"));
    StringSubject generated = generated(compilation, "test.BatchFn_Shared");
    generated.containsMatch(withOrWithoutThis("this.guarded = new GuardedBatchedEmbedder("));
    generated.containsMatch(withOrWithoutThis("this.fast = new BatchingBatchedEmbedder("));
    generated.containsMatch(withOrWithoutThis("this.local = new GuardedBatchedEmbedder("));
    generated.contains("this.embedQueue = lease.batchQueue(new EmbedBatch(), false);");
    generated.contains("this.embedQueue = lease.batchQueue(new EmbedBatch(), true);");
    generated.contains(
        "return (float[]) this.embedQueue.call(new Object[] {text});\n"
            + "      } catch (RuntimeException | IOException e) {");
    generated.contains("this.indexQueue.call(new Object[] {id});");
    generated.contains("public int dimension() {\n      this.lock.lock();");
    generated.contains("public int dimension() {\n      return this.delegate.dimension();");
    generated.contains("return new BatchSettings(8, 200L, 0);");
    generated.contains(
        "List<String> texts = new ArrayList<>(calls.size());\n"
            + "      for (Object[] call : calls) {\n        texts.add((String) call[0]);\n      }\n"
            + "      return resource.embedAll(texts);");
    generated.contains(
        "resource.indexAll(ids);\n"
            + "      // One result per call, as the method returns nothing.\n"
            + "      return Collections.nCopies(calls.size(), null);");
    generated.contains("return resource.embed((String) arguments[0]);");
    generated.contains(
        "case 1 -> new EmbedBatch();\n        case 3 -> new IndexBatch();\n"
            + "        default -> null;");
  }

  @Test
  void aGenericBatchedInterfaceOfAGenericDoFnGetsGenericBatchClasses() {
    TestSource cache =
        TestSource.inTestPackage(
            "Cache",
            "import io.github.beamshared.BatchedBy;",
            "public interface Cache<K, V extends java.io.Serializable> {",
            "  @BatchedBy(\"getAll\") V get(K key);",
            "  java.util.List<V> getAll(java.util.List<K> keys);",
            "}");
    Compilation compilation =
        assertCompilesCleanly(
            cache,
            TestSource.declaredAs(
                "abstract class CacheFn<T extends java.io.Serializable> extends DoFn<String, T> {",
                "CacheFn",
                "  @MultiProcessShared(tag = \"cache\", threadSafe = true)",
                "  transient Cache<String, T> cache;",
                "  Cache<String, T> loadCache() { return null; }"));
    StringSubject generated = generated(compilation, "test.CacheFn_Shared");
    generated.contains(
        "  private static final class GetBatch<T extends Serializable>\n"
            + "      implements BatchMethod<Cache<String, T>> {");
    generated.contains("this.getQueue = lease.batchQueue(new GetBatch<>(), true);");
    generated.contains("case 0 -> new GetBatch<>();");
  }

  private static String withOrWithoutThis(String code) {
    return Arrays.stream(code.split("this\\.", -1))
        .map(Pattern::quote)
        .collect(Collectors.joining("(?:this\\.)?"));
  }

  @Test
  void generatedLinesStayWithin100ColumnsWhateverTheNames() throws IOException {
    TestSource recognizer =
        TestSource.inTestPackage(
            "ExtraordinarilyLongNamedSentenceRecognizer",
            "import io.github.beamshared.BatchedBy;",
            "import java.util.List;",
            "public interface ExtraordinarilyLongNamedSentenceRecognizer {",
            "  @BatchedBy(\"recognizeEveryOneOfTheseSentencesAtOnce\")",
            "  String recognizeTheMeaningOfThisSentence(String sentenceToRecognize);",
            "  List<String> recognizeEveryOneOfTheseSentencesAtOnce(List<String> sentences);",
            "}");
    TestSource dofn =
        TestSource.dofn(
            "AnExtraordinarilyLongNamedDoFnWithSeveralSharedFields",
            "  @MultiProcessShared(tag = \"a-tag-that-goes-on-and-on-and-on-and-on-and-on-and-on-v3\")",
            "  transient ExtraordinarilyLongNamedSentenceRecognizer machineWideRecognizerOfSentences;",
            "  @Shared(tag = \"another-tag-that-goes-on-and-on-and-on-and-on-and-on-and-on-v3\")",
            "  transient ExtraordinarilyLongNamedSentenceRecognizer jvmWideRecognizerOfSentences;",
            "  ExtraordinarilyLongNamedSentenceRecognizer loadMachineWideRecognizerOfSentences(",
            "      PipelineOptions options) { return null; }",
            "  ExtraordinarilyLongNamedSentenceRecognizer loadJvmWideRecognizerOfSentences(",
            "      PipelineOptions options) { return null; }",
            "  @Setup public void setup(PipelineOptions options) {}");
    Compilation compilation =
        Compiler.javac()
            .withProcessors(new SharedProcessor())
            .compile(
                Stream.concat(TestSource.SUPPORT.stream(), Stream.of(recognizer, dofn))
                    .map(TestSource::file)
                    .toArray(JavaFileObject[]::new));
    assertThat(compilation).succeeded();

    for (JavaFileObject file : compilation.generatedSourceFiles()) {
      List<String> tooLong =
          file.getCharContent(false)
              .toString()
              .lines()
              .filter(line -> line.length() > 100)
              .toList();
      assertTrue(tooLong.isEmpty(), file.getName() + ": " + String.join("\n", tooLong));
    }
  }

  private static StringSubject generated(Compilation compilation, String qualifiedName) {
    return assertThat(compilation).generatedSourceFile(qualifiedName).contentsAsUtf8String();
  }

  /**
   * The generated source as one line, Javadoc stars and runs of blanks taken out, for text that
   * wraps where the names make it reach 100 columns.
   */
  private static StringSubject unwrapped(Compilation compilation, String qualifiedName) {
    String source;
    try {
      source =
          compilation
              .generatedSourceFile(qualifiedName)
              .orElseThrow()
              .getCharContent(false)
              .toString();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return Truth.assertThat(source.replaceAll("\\n\\s*\\*(?!/) ?", " ").replaceAll("\\s+", " "));
  }
}
