package io.github.beamshared.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static io.github.beamshared.processor.Compilations.assertCompilesCleanly;
import static io.github.beamshared.processor.Compilations.assertErrorAt;
import static io.github.beamshared.processor.Compilations.assertOnlyErrorOn;
import static io.github.beamshared.processor.Compilations.compile;

import com.google.testing.compile.Compilation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code [SharedBlankTag]}, {@code [SharedCopies]} and {@code [SharedTagConflict]}: one tag names
 * one resource.
 */
class TagRulesTest {

  @ParameterizedTest(name = "@{0}(tag = {1})")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
      Shared             | ""
      Shared             | "  "
      MultiProcessShared | ""
      """)
  void blankTagIsReportedOnTheTagValue(String annotation, String tag) {
    TestSource source =
        TestSource.dofn(
            "EmbedFn",
            "  @" + annotation + "(tag = " + tag + ")",
            "  transient Embedder embedder;",
            TestSource.LOAD_EMBEDDER);
    Compilation compilation = compile(source);
    assertErrorAt(
        compilation,
        source,
        tag + ")",
        "[SharedBlankTag] EmbedFn.embedder: the tag of @"
            + annotation
            + " is blank. Name the"
            + " resource, e.g. tag = \"embedder-v1\"");
    assertThat(compilation).hadErrorCount(1);
  }

  @ParameterizedTest(name = "copies = {0}")
  @ValueSource(ints = {0, -1, 17})
  void copiesOutsideOneToSixteenAreReportedOnTheValue(int copies) {
    TestSource source =
        TestSource.dofn(
            "EmbedFn",
            "  @MultiProcessShared(tag = \"embedder\", copies = " + copies + ")",
            "  transient Embedder embedder;",
            TestSource.LOAD_EMBEDDER);
    Compilation compilation = compile(source);
    assertErrorAt(
        compilation,
        source,
        copies + ")",
        "[SharedCopies] EmbedFn.embedder declares copies = "
            + copies
            + ", but a machine holds from 1 to 16 copies of a resource. Leave out copies for one"
            + " copy, or give how many hosts should each load one.");
    assertThat(compilation).hadErrorCount(1);
  }

  @Test
  void tagDeclaredWithOtherCopiesElsewhereIsReported() {
    TestSource first =
        TestSource.dofn(
            "FirstFn",
            "  @MultiProcessShared(tag = \"embedder\", copies = 2)",
            "  transient Embedder embedder;",
            TestSource.LOAD_EMBEDDER);
    TestSource second =
        TestSource.dofn(
            "SecondFn",
            "  @MultiProcessShared(tag = \"embedder\")",
            "  transient Embedder embedder;",
            TestSource.LOAD_EMBEDDER);
    Compilation compilation =
        assertOnlyErrorOn(
            second,
            "@MultiProcessShared",
            "[SharedTagConflict] Tag \"embedder\" of SecondFn.embedder is also used by"
                + " FirstFn.embedder, which declares copies = 2, not 1",
            first);
    assertErrorAt(compilation, second, "\"embedder\"", "[SharedTagConflict]");
  }

  /** FirstFn declares {@code @Shared(tag = "embedder") Embedder}; SecondFn, compiled later, not. */
  @ParameterizedTest(name = "{0} {1}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
      @Shared(tag = "embedder", threadSafe = true) | Model    | which is a test.Embedder, \
      not a test.Model
      @MultiProcessShared(tag = "embedder")        | Embedder | which is @Shared, \
      not @MultiProcessShared
      @Shared(tag = "embedder", threadSafe = true) | Embedder | which declares \
      threadSafe = false; calls that skip the lock would race with calls that hold it
      """)
  void tagOfAnotherResourceInAnotherFileIsReportedOnTheLaterTag(
      String annotation, String type, String difference) {
    TestSource second =
        TestSource.dofn(
            "SecondFn",
            "  " + annotation,
            "  transient " + type + " resource;",
            "  " + type + " loadResource() { return null; }");
    Compilation compilation =
        assertOnlyErrorOn(
            second,
            annotation,
            "[SharedTagConflict] Tag \"embedder\" of SecondFn.resource is also used by"
                + " FirstFn.embedder, "
                + difference,
            TestSource.embedFn("FirstFn"));
    assertErrorAt(compilation, second, "\"embedder\"", "[SharedTagConflict]");
  }

  @Test
  void tagOfAnotherResourceInTheSameDoFnIsReportedOnTheLaterField() {
    TestSource source =
        TestSource.embedFn(
            "EmbedFn", TestSource.modelField("@Shared(tag = \"embedder\", threadSafe = true)"));
    assertOnlyErrorOn(
        source,
        "threadSafe = true",
        "[SharedTagConflict] Tag \"embedder\" of"
            + " EmbedFn.model is also used by EmbedFn.embedder, which is a test.Embedder, not a"
            + " test.Model. One tag names one resource: give this one another tag.");
  }

  @Test
  void sameTagForTheSameResourceInTwoDoFnsIsShared() {
    Compilation compilation =
        assertCompilesCleanly(TestSource.embedFn("FirstFn"), TestSource.embedFn("SecondFn"));
    assertThat(compilation).generatedSourceFile("test.FirstFn_Shared");
    assertThat(compilation).generatedSourceFile("test.SecondFn_Shared");
  }

  @Test
  void sameTagForTheSameGenericResourceInTwoGenericDoFnsIsShared() {
    TestSource cache =
        TestSource.inTestPackage("Cache", "public interface Cache<V> { V get(String key); }");
    String[] body = {
      "  @Shared(tag = \"cache\")",
      "  transient Cache<T> cache;",
      "  Cache<T> loadCache() { return null; }"
    };
    assertCompilesCleanly(
        cache,
        TestSource.declaredAs(
            "abstract class FirstFn<T> extends DoFn<T, String> {", "FirstFn", body),
        TestSource.declaredAs(
            "abstract class SecondFn<T> extends DoFn<T, String> {", "SecondFn", body));
  }

  @Test
  void subclassesBindingTheFieldsTypeVariableDifferentlyUnderOneTagAreReported() {
    TestSource cache =
        TestSource.inTestPackage("Cache", "public interface Cache<V> { V get(String key); }");
    TestSource base =
        TestSource.declaredAs(
            "abstract class BaseFn<T> extends DoFn<String, String> {",
            "BaseFn",
            "  @Shared(tag = \"cache\")",
            "  transient Cache<T> cache;",
            "  abstract Cache<T> loadCache();");
    TestSource strings =
        TestSource.declaredAs(
            "abstract class StringFn extends BaseFn<String> {",
            "StringFn",
            "  Cache<String> loadCache() { return null; }");
    TestSource integers =
        TestSource.declaredAs(
            "abstract class IntegerFn extends BaseFn<Integer> {",
            "IntegerFn",
            "  Cache<Integer> loadCache() { return null; }");
    assertOnlyErrorOn(
        integers,
        "class IntegerFn",
        "[SharedTagConflict] Tag \"cache\" of"
            + " BaseFn.cache, which IntegerFn inherits as a test.Cache<java.lang.Integer>, is also used"
            + " by BaseFn.cache, which is a test.Cache<java.lang.String>, not a"
            + " test.Cache<java.lang.Integer>. One tag names one resource: bind the type variables"
            + " alike in every subclass, or declare the field in each subclass, with a tag of its"
            + " own.",
        cache,
        base,
        strings);
  }
}
