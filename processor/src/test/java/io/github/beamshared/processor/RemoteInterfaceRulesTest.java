package io.github.beamshared.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static io.github.beamshared.processor.Compilations.assertCompilesCleanly;
import static io.github.beamshared.processor.Compilations.assertOnlyErrorOn;
import static io.github.beamshared.processor.Compilations.compile;

import com.google.testing.compile.Compilation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every argument and result of a {@code @MultiProcessShared} interface must cross processes. */
class RemoteInterfaceRulesTest {

  private static final TestSource VALUES =
      TestSource.inTestPackage(
          "Values",
          "public final class Values {",
          "  public enum Mode { FAST, EXACT }",
          "  public record Hit(String id, double score, int[] positions) {}",
          "  public record Handle(java.io.InputStream in) {}",
          "  public static class Config implements java.io.Serializable {}",
          "  public static class Plain {}",
          "}");

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
      java.io.InputStream open(String name);          | its result is java.io.InputStream, a java.io.InputStream, which holds live state
      void write(java.io.OutputStream out);           | its parameter out is java.io.OutputStream, a java.io.OutputStream
      java.sql.ResultSet query(String sql);           | its result is java.sql.ResultSet, a java.sql.ResultSet
      Values.Plain plain();                           | its result is test.Values.Plain, a class that is not Serializable
      Object anything();                              | its result is java.lang.Object, java.lang.Object, which says nothing
      void call(java.util.function.Function<String, String> f); | an interface that is not Serializable (a callback cannot call back across processes)
      Values.Handle handle();                         | a record whose component in is a java.io.InputStream
      java.util.List<Values.Plain> plains();          | a collection of test.Values.Plain, which is a class that is not Serializable
      java.util.List raw();                           | a raw collection
      <R> R generic();                                | its result is R, java.lang.Object
      """)
  void methodThatCannotCrossAProcessIsReportedOnTheMethod(String method, String problem) {
    TestSource service = service("  " + method);
    Compilation compilation =
        assertOnlyErrorOn(
            service, method, "[SharedNotTransportable] Service.", VALUES, ServiceFn.SOURCE);
    assertThat(compilation).hadErrorContaining(problem);
    assertThat(compilation)
        .hadErrorContaining(
            "Other JVMs reach ServiceFn.service"
                + " (@MultiProcessShared) through a proxy, so pass and return values");
  }

  @Test
  void valuesThatCrossAreAccepted() {
    assertCompilesCleanly(
        VALUES,
        ServiceFn.SOURCE,
        service(
            "  int count(long a, double b, boolean c, char d, byte e, short f, float g);",
            "  Integer boxed(Long l);",
            "  String text(String s) throws java.io.IOException;",
            "  float[] floats(int[] ints, byte[] bytes);",
            "  Values.Mode mode(Values.Mode m);",
            "  Values.Hit hit(Values.Hit h);",
            "  java.util.List<Values.Hit> hits(java.util.Set<String> ids);",
            "  java.util.Map<String, java.util.List<float[]>> table();",
            "  Values.Config config(Values.Config c);",
            "  java.time.Duration elapsed();",
            "  String[] names();",
            "  <T extends java.io.Serializable> T echo(T value);",
            "  void reset();"));
  }

  @Test
  void sharedJvmWideFieldsMayUseAnyTypes() {
    assertCompilesCleanly(
        VALUES,
        service("  java.io.InputStream open(String name);"),
        TestSource.dofn(
            "ServiceFn",
            "  @Shared(tag = \"service\")",
            "  transient Service service;",
            "  Service loadService() { return null; }"));
  }

  @Test
  void everyMethodThatCannotCrossIsReported() {
    TestSource service =
        service("  java.io.InputStream open(String name);", "  void call(Runnable r);");
    Compilation compilation = compile(VALUES, ServiceFn.SOURCE, service);
    assertThat(compilation).hadErrorCount(2);
    assertThat(compilation)
        .hadErrorContaining("Service.open(java.lang.String)")
        .inFile(service.file())
        .onLine(service.lineOf("open("));
    assertThat(compilation)
        .hadErrorContaining("Service.call(java.lang.Runnable)")
        .inFile(service.file())
        .onLine(service.lineOf("call("));
  }

  @Test
  void interfaceTypeArgumentsAreResolvedFromTheField() {
    TestSource store =
        TestSource.inTestPackage(
            "Store", "public interface Store<V> {", "  V get(String key);", "}");
    assertCompilesCleanly(
        store,
        TestSource.dofn(
            "StoreFn",
            "  @MultiProcessShared(tag = \"store\")",
            "  transient Store<String> store;",
            "  Store<String> loadStore() { return null; }"));
    TestSource plainStore =
        TestSource.dofn(
            "PlainStoreFn",
            "  @MultiProcessShared(tag = \"plain-store\")",
            "  transient Store<Object> store;",
            "  Store<Object> loadStore() { return null; }");
    Compilation compilation = compile(store, plainStore);
    assertThat(compilation)
        .hadErrorContaining(
            "[SharedNotTransportable]"
                + " Store.get(java.lang.String) cannot be called from another process: its result is"
                + " java.lang.Object");
  }

  private static TestSource service(String... methods) {
    String[] lines = new String[methods.length + 2];
    lines[0] = "public interface Service {";
    System.arraycopy(methods, 0, lines, 1, methods.length);
    lines[lines.length - 1] = "}";
    return TestSource.inTestPackage("Service", lines);
  }

  /** The DoFn every service test shares its interface through. */
  private static final class ServiceFn {
    static final TestSource SOURCE =
        TestSource.dofn(
            "ServiceFn",
            "  @MultiProcessShared(tag = \"service\")",
            "  transient Service service;",
            "  Service loadService() { return null; }");
  }
}
