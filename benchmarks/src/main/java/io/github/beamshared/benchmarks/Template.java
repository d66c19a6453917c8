package io.github.beamshared.benchmarks;

import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Report prose with named placeholders, so that the source shows each sentence as the report prints
 * it: {@code fill("{jvms} JVMs", "jvms", 8)} gives "8 JVMs". Templates are text blocks whose lines
 * end in a backslash, so a paragraph stays one line of Markdown.
 */
public final class Template {

  private static final Pattern PLACEHOLDER = Pattern.compile("\\{(\\w+)}");

  private Template() {}

  /**
   * {@code template}, stripped, with each {@code {name}} replaced by the value that follows {@code
   * name} in {@code namesAndValues}; a placeholder without a value is a bug, so it throws.
   */
  public static String fill(String template, Object... namesAndValues) {
    Map<String, String> values = new HashMap<>();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      values.put((String) namesAndValues[i], String.valueOf(namesAndValues[i + 1]));
    }
    Matcher placeholders = PLACEHOLDER.matcher(template.strip());
    StringBuilder text = new StringBuilder();
    while (placeholders.find()) {
      String value = values.get(placeholders.group(1));
      if (value == null) {
        throw new IllegalArgumentException("No value for " + placeholders.group());
      }
      placeholders.appendReplacement(text, Matcher.quoteReplacement(value));
    }
    return placeholders.appendTail(text).toString();
  }
}
