package io.github.beamshared.runtime;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.beamshared.runtime.local.LocalRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The JVM-wide load timeout is read from the environment too ({@code
 * BEAMSHARED_LOADTIMEOUTSECONDS}), as every other setting is: a worker image that sets only
 * environment variables must not wait the 30-minute default behind a hung load.
 */
class LoadTimeoutFromEnvironmentTest {

  private static final String TAG = "env-load-timeout";

  @Test
  void aWaitingThreadGivesUpAfterTheTimeoutTheEnvironmentSets(@TempDir Path dir)
      throws IOException, InterruptedException {
    Path output = dir.resolve("child.out");
    ProcessBuilder builder =
        new ProcessBuilder(
                List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-XX:TieredStopAtLevel=1",
                    "-Xmx64m",
                    "-cp",
                    System.getProperty(
                        "surefire.test.class.path", System.getProperty("java.class.path")),
                    Child.class.getName()))
            .redirectErrorStream(true)
            .redirectOutput(output.toFile());
    builder
        .environment()
        .put(LocalRegistry.LOAD_TIMEOUT_PROPERTY.toUpperCase(Locale.ROOT).replace('.', '_'), "1");
    Process child = builder.start();
    try {
      assertTrue(child.waitFor(60, TimeUnit.SECONDS), "The child JVM did not finish");
      String printed = Files.readString(output, StandardCharsets.UTF_8);
      assertTrue(printed.contains("GAVE UP after 1 s: Timed out after 1000 ms"), printed);
      assertTrue(printed.contains(LocalRegistry.LOAD_TIMEOUT_PROPERTY), printed);
    } finally {
      child.destroyForcibly();
    }
  }

  /** One thread loads for 30 s; another asks for the same tag and must give up first. */
  public static final class Child {

    public static void main(String[] args) throws Exception {
      CountDownLatch loading = new CountDownLatch(1);
      Thread loader =
          new Thread(
              () ->
                  SharedResources.jvmWide(
                      TAG,
                      String.class,
                      () -> {
                        loading.countDown();
                        Thread.sleep(30_000);
                        return "loaded";
                      }));
      loader.setDaemon(true);
      loader.start();
      loading.await();
      long start = System.nanoTime();
      try {
        SharedResources.jvmWide(TAG, String.class, () -> "second");
        System.out.println("ACQUIRED, no timeout");
      } catch (SharedResourceException e) {
        long seconds = Math.round((System.nanoTime() - start) / 1e9);
        System.out.println("GAVE UP after " + seconds + " s: " + e.getMessage());
      }
      System.exit(0);
    }
  }
}
