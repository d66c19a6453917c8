package io.github.beamshared.processor;

import static io.github.beamshared.processor.Compilations.assertOnlyErrorOn;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Rules for what the generated subclass must be able to name: the user's fields, inherited or not,
 * and the types of the shared fields, from inside a subclass of Beam's DoFn.
 */
class GeneratedNameRulesTest {

  @Test
  void fieldHidingAnInheritedSharedFieldIsReportedOnTheHidingField() {
    TestSource base =
        TestSource.declaredAs(
            "abstract class BaseFn extends DoFn<String, String> {",
            "BaseFn",
            TestSource.sharedFieldAndFactory());
    TestSource child =
        TestSource.declaredAs(
            "abstract class ChildFn extends BaseFn {",
            "ChildFn",
            "  String embedder;",
            "  @Shared(tag = \"text\", threadSafe = true)",
            "  transient String text;",
            "  String loadText() { return \"\"; }");
    assertOnlyErrorOn(
        child,
        "String embedder;",
        "[SharedFieldHidden] ChildFn.embedder hides the"
            + " shared field BaseFn.embedder, so the generated subclass could not set it. Rename one"
            + " of the two fields.",
        base);
  }

  @Test
  void packagePrivateSharedFieldOfABaseInAnotherPackageIsReportedOnTheDoFn() {
    TestSource base =
        TestSource.baseInOtherPackage(
            "  @io.github.beamshared.Shared(tag = \"text\", threadSafe = true)",
            "  transient String text;",
            "  protected String loadText() { return \"\"; }");
    TestSource child =
        TestSource.declaredAs(
            "abstract class ChildFn extends other.BaseFn {",
            "ChildFn",
            TestSource.sharedFieldAndFactory());
    assertOnlyErrorOn(
        child,
        "abstract class ChildFn",
        "[SharedFieldInaccessible] BaseFn.text is"
            + " package-private in another package than ChildFn, so ChildFn's generated subclass"
            + " cannot set it. Make the field protected.",
        base);
  }

  @Test
  void privateNestedInterfaceAsTheFieldTypeIsReportedOnTheField() {
    TestSource source =
        TestSource.dofn(
            "HiddenFn",
            "  private interface Hidden { String name(); }",
            "  @Shared(tag = \"hidden\")",
            "  transient Hidden hidden;",
            "  Hidden loadHidden() { return null; }");
    assertOnlyErrorOn(
        source,
        "transient Hidden hidden;",
        "[SharedTypeInaccessible]"
            + " HiddenFn.hidden has type test.HiddenFn.Hidden, but Hidden is private, so the"
            + " generated subclass cannot name it. Make Hidden package-private or wider.");
  }

  @Test
  void privateTypeAmongTheTypeArgumentsIsReportedOnTheField() {
    TestSource source =
        TestSource.dofn(
            "SecretFn",
            "  private static final class Secret {}",
            "  @Shared(tag = \"secrets\", threadSafe = true)",
            "  transient java.util.List<Secret> secrets;",
            "  java.util.List<Secret> loadSecrets() { return null; }");
    assertOnlyErrorOn(
        source,
        "transient java.util.List<Secret> secrets;",
        "[SharedTypeInaccessible] SecretFn.secrets has type java.util.List<test.SecretFn.Secret>,"
            + " but Secret is private");
  }

  @Test
  void packagePrivateTypeOfAnotherPackageInTheInterfacesMethodsIsReportedOnTheField() {
    TestSource internal =
        new TestSource("other.Internal", List.of("package other;", "class Internal {}"));
    TestSource api =
        new TestSource(
            "other.Api",
            List.of("package other;", "public interface Api { String call(Internal internal); }"));
    TestSource source =
        TestSource.dofn(
            "ApiFn",
            "  @Shared(tag = \"api\")",
            "  transient other.Api api;",
            "  other.Api loadApi() { return null; }");
    assertOnlyErrorOn(
        source,
        "transient other.Api api;",
        "[SharedTypeInaccessible] ApiFn.api has"
            + " type other.Api, whose methods use other.Internal, but Internal is package-private in"
            + " other, so the generated subclass cannot name it. Make Internal public.",
        internal,
        api);
  }

  @Test
  void inheritedFieldOfAPackagePrivateTypeIsReportedOnTheSubclassInAnotherPackage() {
    TestSource model =
        new TestSource(
            "other.Model",
            List.of("package other;", "interface Model { String apply(String text); }"));
    TestSource base =
        TestSource.baseInOtherPackage(
            "  @io.github.beamshared.Shared(tag = \"model\")",
            "  protected transient Model model;",
            "  protected Model loadModel() { return null; }");
    TestSource child =
        TestSource.declaredAs("abstract class ChildFn extends other.BaseFn {", "ChildFn");
    assertOnlyErrorOn(
        child,
        "abstract class ChildFn",
        "[SharedTypeInaccessible] BaseFn.model has"
            + " type other.Model, but Model is package-private in other, so the generated subclass"
            + " cannot name it. Make Model public. (ChildFn inherits the field.)",
        model,
        base);
  }

  @Test
  void sealedInterfaceBehindAWrapperIsReportedOnTheField() {
    TestSource sealed =
        TestSource.inTestPackage(
            "Scorer",
            "public sealed interface Scorer permits Scorer.Impl {",
            "  double score(String text);",
            "  final class Impl implements Scorer { public double score(String t) { return 0; } }",
            "}");
    for (String annotation :
        List.of(
            "@Shared(tag = \"scorer\")",
            "@MultiProcessShared(tag = \"scorer\", threadSafe = true)")) {
      TestSource source =
          TestSource.dofn(
              "ScoreFn",
              "  " + annotation,
              "  transient Scorer scorer;",
              "  Scorer loadScorer() { return null; }");
      assertOnlyErrorOn(
          source,
          "transient Scorer scorer;",
          "[SharedUnguardable] ScoreFn.scorer" + " has type test.Scorer, a sealed interface.",
          sealed);
    }
  }

  @Test
  void wildcardTypeOfAThreadSafeMultiProcessSharedFieldIsReportedOnTheField() {
    TestSource box = TestSource.inTestPackage("Box", "public interface Box<T> { String name(); }");
    TestSource source =
        TestSource.dofn(
            "BoxFn",
            "  @MultiProcessShared(tag = \"box\", threadSafe = true)",
            "  transient Box<? extends Number> box;",
            "  Box<? extends Number> loadBox() { return null; }");
    assertOnlyErrorOn(
        source,
        "transient Box<? extends Number> box;",
        "[SharedUnguardable]"
            + " BoxFn.box has type test.Box<? extends java.lang.Number>. The stub through which other"
            + " processes call it cannot implement a wildcard type: give the type arguments"
            + " explicitly.",
        box);
  }

  @Test
  void typeOfTheDoFnsPackageNamedLikeAMemberTypeOfBeamsDoFnIsReportedOnTheDoFn() {
    TestSource key =
        TestSource.inTestPackage("Key", "public interface Key { String of(String text); }");
    TestSource source =
        TestSource.dofn(
            "KeyFn",
            "  @Shared(tag = \"key\")",
            "  transient test.Key key;", // plain Key would mean DoFn.Key here
            "  test.Key loadKey() { return null; }");
    assertOnlyErrorOn(
        source,
        "abstract class KeyFn",
        "[SharedTypeNameHidden] test.Key has the"
            + " simple name of Beam's DoFn.Key, which KeyFn's generated subclass inherits, and is in"
            + " the same package, so the generated code cannot name it. Rename it, or move it to"
            + " another package.",
        key);
  }

  @Test
  void methodTypeVariableNamedLikeTheDoFnsIsReportedOnTheField() {
    TestSource mapper =
        TestSource.inTestPackage(
            "Mapper",
            "public interface Mapper<X> {",
            "  <T> T map(X value, java.util.function.Function<X, T> then);",
            "}");
    TestSource source =
        TestSource.declaredAs(
            "abstract class MapFn<T> extends DoFn<T, String> {",
            "MapFn",
            "  @Shared(tag = \"mapper\")",
            "  transient Mapper<T> mapper;",
            "  Mapper<T> loadMapper() { return null; }");
    assertOnlyErrorOn(
        source,
        "transient Mapper<T> mapper;",
        "[SharedTypeVariableClash]"
            + " Mapper.map declares its own type variable T, and MapFn.mapper of type test.Mapper<T>"
            + " passes the T in scope of MapFn to the interface: the generated guard could not tell"
            + " them apart. Rename one of the two type variables.",
        mapper);
  }

  @Test
  void methodTypeVariableNamedLikeTheEnclosingClassesIsReportedOnTheField() {
    TestSource mapper =
        TestSource.inTestPackage(
            "Mapper",
            "public interface Mapper<X> {",
            "  <T> T map(X value, java.util.function.Function<X, T> then);",
            "}");
    TestSource source =
        TestSource.declaredAs(
            "class Outer<T> implements java.io.Serializable {",
            "Outer",
            "  abstract class MapFn extends DoFn<String, String> {",
            "    @Shared(tag = \"mapper\")",
            "    transient Mapper<T> mapper;",
            "    Mapper<T> loadMapper() { return null; }",
            "  }");
    assertOnlyErrorOn(
        source,
        "transient Mapper<T> mapper;",
        "[SharedTypeVariableClash]"
            + " Mapper.map declares its own type variable T, and MapFn.mapper of type test.Mapper<T>"
            + " passes the T in scope of MapFn to the interface",
        mapper);
  }

  @Test
  void methodThrowingATypeVariableAcrossProcessesIsReportedOnTheMethod() {
    TestSource thrower =
        TestSource.inTestPackage(
            "Thrower",
            "public interface Thrower {",
            "  <X extends Exception> void run(Class<X> type) throws X;",
            "}");
    TestSource source =
        TestSource.dofn(
            "ThrowFn",
            "  @MultiProcessShared(tag = \"thrower\", threadSafe = true)",
            "  transient Thrower thrower;",
            "  Thrower loadThrower() { return null; }");
    assertOnlyErrorOn(
        thrower,
        "void run(",
        "[SharedNotTransportable] Thrower.run(java.lang.Class)"
            + " cannot be called from another process: it throws X, a type variable, so the stub"
            + " cannot tell which exceptions to pass on. Declare the exception classes it throws.",
        source);
  }

  @Test
  void problemOfAnInheritedFieldIsPrintedOnceForTheBaseAndEverySubclass() {
    TestSource callback =
        TestSource.inTestPackage(
            "Callback", "public interface Callback {", "  Object call();", "}");
    TestSource base =
        TestSource.declaredAs(
            "abstract class BaseFn extends DoFn<String, String> {",
            "BaseFn",
            "  @MultiProcessShared(tag = \"callback\", threadSafe = true)",
            "  transient Callback callback;",
            "  Callback loadCallback() { return null; }");
    TestSource first = TestSource.declaredAs("abstract class FirstFn extends BaseFn {", "FirstFn");
    TestSource second =
        TestSource.declaredAs("abstract class SecondFn extends BaseFn {", "SecondFn");
    assertOnlyErrorOn(
        callback,
        "Object call();",
        "[SharedNotTransportable] Callback.call()"
            + " cannot be called from another process: its result is java.lang.Object",
        base,
        first,
        second);
  }
}
