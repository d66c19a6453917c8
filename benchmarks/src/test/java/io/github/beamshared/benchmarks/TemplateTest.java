package io.github.beamshared.benchmarks;

import static io.github.beamshared.benchmarks.Template.fill;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class TemplateTest {

  @Test
  void fillsNamedPlaceholdersAndKeepsAParagraphOnOneLine() {
    String template =
        """
        {jvms} JVMs hold {mib} MiB, \
        {jvms} at once.
        """;

    assertEquals("8 JVMs hold $1 {x} MiB, 8 at once.", fill(template, "jvms", 8, "mib", "$1 {x}"));
  }

  @Test
  void aPlaceholderWithoutAValueIsABug() {
    assertThrows(IllegalArgumentException.class, () -> fill("{jvms} JVMs", "threads", 4));
  }
}
