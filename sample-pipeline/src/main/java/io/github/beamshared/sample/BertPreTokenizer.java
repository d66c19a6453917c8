package io.github.beamshared.sample;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a normalized text into words as HuggingFace's {@code BertPreTokenizer} does: at
 * whitespace, which is dropped, and around every punctuation character, which becomes a word of its
 * own. Punctuation is ASCII punctuation (which includes symbols such as {@code $+<=>^`|~}) or any
 * character of the Unicode categories P*.
 */
final class BertPreTokenizer {

  private BertPreTokenizer() {}

  static List<String> split(String text) {
    List<String> words = new ArrayList<>();
    int start = 0;
    for (int i = 0; i < text.length(); ) {
      int c = text.codePointAt(i);
      int next = i + Character.charCount(c);
      boolean whitespace = BertNormalizer.isWhitespace(c);
      if (whitespace || isPunctuation(c)) {
        if (start < i) {
          words.add(text.substring(start, i));
        }
        if (!whitespace) {
          words.add(text.substring(i, next));
        }
        start = next;
      }
      i = next;
    }
    if (start < text.length()) {
      words.add(text.substring(start));
    }
    return words;
  }

  private static boolean isPunctuation(int c) {
    if (c < 0x80) {
      return (c >= '!' && c <= '/')
          || (c >= ':' && c <= '@')
          || (c >= '[' && c <= '`')
          || (c >= '{' && c <= '~');
    }
    return switch (Character.getType(c)) {
      case Character.CONNECTOR_PUNCTUATION,
          Character.DASH_PUNCTUATION,
          Character.START_PUNCTUATION,
          Character.END_PUNCTUATION,
          Character.INITIAL_QUOTE_PUNCTUATION,
          Character.FINAL_QUOTE_PUNCTUATION,
          Character.OTHER_PUNCTUATION ->
          true;
      default -> false;
    };
  }
}
