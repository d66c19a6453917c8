package io.github.beamshared.runtime.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.beamshared.runtime.Sharing;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class LocalRegistryConfigTest {

  private final LocalRegistry registry = new LocalRegistry(Duration.ofSeconds(5));

  @ParameterizedTest
  @NullSource
  @ValueSource(strings = {"", " ", "\t\n"})
  void blankTagIsRejected(String tag) {
    assertThrows(IllegalArgumentException.class,
        () -> registry.acquire(tag, String.class, Sharing.JVM, () -> "resource"));
  }

  @ParameterizedTest
  @ValueSource(longs = {0, -1})
  void nonPositiveTimeoutIsRejected(long millis) {
    assertThrows(IllegalArgumentException.class,
        () -> new LocalRegistry(Duration.ofMillis(millis)));
  }

  @ParameterizedTest
  @ValueSource(strings = {"abc", "", "-5", "0", "1.5", "7", " 7 "})
  void anyPropertyValueGivesAWorkingRegistry(String value) {
    LocalRegistry fromProperty = withTimeoutProperty(value);

    assertEquals("resource",
        fromProperty.acquire("tag", String.class, Sharing.JVM, () -> "resource").get());
  }

  @Test
  void timeoutTooLongForNanosecondsStillWorks() {
    // Someone meaning "wait forever"; Duration.toNanos would overflow on this.
    LocalRegistry fromProperty = withTimeoutProperty(String.valueOf(Long.MAX_VALUE));

    assertEquals("resource",
        fromProperty.acquire("tag", String.class, Sharing.JVM, () -> "resource").get());
  }

  private static LocalRegistry withTimeoutProperty(String value) {
    String previous = System.getProperty("beamshared.loadTimeoutSeconds");
    System.setProperty("beamshared.loadTimeoutSeconds", value);
    try {
      return LocalRegistry.fromSystemProperties();
    } finally {
      if (previous == null) {
        System.clearProperty("beamshared.loadTimeoutSeconds");
      } else {
        System.setProperty("beamshared.loadTimeoutSeconds", previous);
      }
    }
  }
}
