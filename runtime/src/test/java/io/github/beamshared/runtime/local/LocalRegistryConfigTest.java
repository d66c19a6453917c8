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
    assertThrows(
        IllegalArgumentException.class,
        () -> registry.acquire(tag, String.class, Sharing.JVM, () -> "resource"));
  }

  @ParameterizedTest
  @ValueSource(longs = {0, -1})
  void nonPositiveTimeoutIsRejected(long millis) {
    assertThrows(
        IllegalArgumentException.class, () -> new LocalRegistry(Duration.ofMillis(millis)));
  }

  @ParameterizedTest
  @ValueSource(strings = {"abc", "", "-5", "0", "1.5", "7", " 7 "})
  void anySettingGivesAWorkingRegistry(String value) {
    LocalRegistry fromSetting =
        LocalRegistry.fromSettings(
            key -> key.equals(LocalRegistry.LOAD_TIMEOUT_PROPERTY) ? value : null);

    assertEquals(
        "resource", fromSetting.acquire("tag", String.class, Sharing.JVM, () -> "resource").get());
  }

  @Test
  void timeoutTooLongForNanosecondsStillWorks() {
    // Someone meaning "wait forever"; Duration.toNanos would overflow on this.
    LocalRegistry fromSetting = LocalRegistry.fromSettings(key -> String.valueOf(Long.MAX_VALUE));

    assertEquals(
        "resource", fromSetting.acquire("tag", String.class, Sharing.JVM, () -> "resource").get());
  }
}
