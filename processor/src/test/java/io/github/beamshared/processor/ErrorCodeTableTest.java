package io.github.beamshared.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.beamshared.processor.validation.ErrorCode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The README's table of compile errors lists exactly the codes the processor prints. */
class ErrorCodeTableTest {

  private static final Pattern CODE = Pattern.compile("`(Shared[A-Za-z]+)`");

  @Test
  void theReadmeListsEveryErrorCodeAndNoOther() throws Exception {
    List<String> readme = Files.readAllLines(Path.of("..", "README.md"));
    int start = readme.indexOf("### Compile errors");
    Set<String> listed = new TreeSet<>();
    for (String line : readme.subList(start + 1, readme.size())) {
      if (line.startsWith("#")) {
        break;
      }
      if (line.startsWith("| `")) {
        Matcher code = CODE.matcher(line.substring(0, line.indexOf(" | ", 2)));
        while (code.find()) {
          listed.add(code.group(1));
        }
      }
    }

    Set<String> printed =
        Arrays.stream(ErrorCode.values())
            .map(ErrorCode::code)
            .collect(Collectors.toCollection(TreeSet::new));
    assertEquals(printed, listed);
  }
}
