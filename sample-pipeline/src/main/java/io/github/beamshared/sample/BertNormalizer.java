package io.github.beamshared.sample;

import java.text.Normalizer;

/**
 * Cleans a text up as HuggingFace's {@code BertNormalizer} does, in its order: drops control
 * characters and turns whitespace into spaces, puts spaces around CJK ideographs, strips accents,
 * lowercases. Each step is one setting of a tokenizer.json's {@code normalizer}. Immutable.
 *
 * <p>Character classes follow HuggingFace's definitions, not Java's: "whitespace" is Unicode's
 * White_Space (Java's {@link Character#isWhitespace} leaves out no-break spaces), and "control" is
 * any character of the categories Cc, Cf and Co except tab, newline and carriage return.
 */
final class BertNormalizer {

  private final boolean cleanText;
  private final boolean handleChineseChars;
  private final boolean stripAccents;
  private final boolean lowercase;

  BertNormalizer(
      boolean cleanText, boolean handleChineseChars, boolean stripAccents, boolean lowercase) {
    this.cleanText = cleanText;
    this.handleChineseChars = handleChineseChars;
    this.stripAccents = stripAccents;
    this.lowercase = lowercase;
  }

  String normalize(String text) {
    StringBuilder cleaned = new StringBuilder(text.length() + 16);
    for (int i = 0; i < text.length(); ) {
      int c = text.codePointAt(i);
      i += Character.charCount(c);
      if (cleanText) {
        if (c == 0 || c == 0xFFFD || isControl(c)) {
          continue;
        }
        if (isWhitespace(c)) {
          c = ' ';
        }
      }
      if (handleChineseChars && isChinese(c)) {
        cleaned.append(' ').appendCodePoint(c).append(' ');
      } else {
        cleaned.appendCodePoint(c);
      }
    }
    String normalized = cleaned.toString();
    if (stripAccents) {
      normalized = withoutAccents(normalized);
    }
    return lowercase ? lowercased(normalized) : normalized;
  }

  /** Unicode's White_Space property, as Rust's {@code char::is_whitespace}. */
  static boolean isWhitespace(int c) {
    return Character.isSpaceChar(c) || (c >= '\t' && c <= '\r') || c == 0x85;
  }

  private static boolean isControl(int c) {
    if (c == '\t' || c == '\n' || c == '\r') {
      return false;
    }
    int type = Character.getType(c);
    return type == Character.CONTROL || type == Character.FORMAT || type == Character.PRIVATE_USE;
  }

  /** The CJK Unified Ideographs blocks, as BERT defines "Chinese character". */
  private static boolean isChinese(int c) {
    return (c >= 0x4E00 && c <= 0x9FFF)
        || (c >= 0x3400 && c <= 0x4DBF)
        || (c >= 0x20000 && c <= 0x2A6DF)
        || (c >= 0x2A700 && c <= 0x2B73F)
        || (c >= 0x2B740 && c <= 0x2B81F)
        || (c >= 0x2B920 && c <= 0x2CEAF)
        || (c >= 0xF900 && c <= 0xFAFF)
        || (c >= 0x2F800 && c <= 0x2FA1F);
  }

  /** Decomposes (NFD) and drops the non-spacing marks: "é" becomes "e". */
  private static String withoutAccents(String text) {
    String decomposed = Normalizer.normalize(text, Normalizer.Form.NFD);
    StringBuilder kept = new StringBuilder(decomposed.length());
    decomposed
        .codePoints()
        .filter(c -> Character.getType(c) != Character.NON_SPACING_MARK)
        .forEach(kept::appendCodePoint);
    return kept.toString();
  }

  /**
   * Lowercases character by character, as Rust's {@code char::to_lowercase}: unlike {@link
   * String#toLowerCase}, a final capital sigma becomes σ, not ς.
   */
  private static String lowercased(String text) {
    StringBuilder lower = new StringBuilder(text.length());
    text.codePoints()
        .forEach(
            c -> {
              if (c == 0x130) {
                lower.append("i\u0307"); // İ: the one character whose lowercase is two
              } else {
                lower.appendCodePoint(Character.toLowerCase(c));
              }
            });
    return lower.toString();
  }
}
