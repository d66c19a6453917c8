package io.github.beamshared.sample;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.is;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Our pure-Java tokenizer against HuggingFace's own (Rust, through DJL) on the same file. */
class WordPieceTokenizerTest {

  @TempDir static Path directory;
  private static WordPieceTokenizer tokenizer;
  private static HuggingFaceTokenizer reference;

  @BeforeAll
  static void load() throws IOException {
    Path json =
        ResourceFiles.copy(
            WordPieceTokenizerTest.class.getResource("/all-minilm-l6-v2-tokenizer.json"),
            directory.resolve("tokenizer.json"));
    tokenizer = WordPieceTokenizer.load(json);
    reference = HuggingFaceTokenizer.newInstance(json);
  }

  @AfterAll
  static void close() {
    reference.close();
  }

  @Test
  void givesTheIdsOfTheModelCard() {
    assertThat(
        tokenizer.encode("A man is eating food."),
        equalTo(new long[] {101, 1037, 2158, 2003, 5983, 2833, 1012, 102}));
  }

  @Test
  void matchesHuggingFaceOnEveryLineOfTheCorpus() throws IOException {
    for (String line : corpusLines()) {
      assertThat(line, tokenizer.encode(line), equalTo(reference.encode(line).getIds()));
    }
  }

  @ParameterizedTest
  @MethodSource("hardCases")
  void matchesHuggingFaceOn(String text) {
    assertThat(tokenizer.encode(text), equalTo(reference.encode(text).getIds()));
  }

  @Test
  void cutsALongTextToTheTruncationLengthWithItsSeparator() {
    long[] ids = tokenizer.encode("word ".repeat(300));
    assertThat(ids.length, is(128));
    assertThat(ids[127], is(102L));
  }

  static Stream<String> hardCases() {
    return Stream.of(
        "Café naïve résumé",
        "我爱北京 天安门",
        "well...!?--",
        "don't 'quote' me, it's O'Brien's",
        "3.14159, 1,000,000 and 2024-06-11",
        "emoji 😀🥰 and 👍🏽 skin tone",
        "tabs\tand\nnewlines\r\ncontrol\u0007bell\u0000nul\u200bzero-width\u00a0nbsp\u0085nel",
        "x".repeat(150),
        "y".repeat(100),
        "y".repeat(101),
        "word ".repeat(150),
        "",
        "     ",
        "[MASK] and [SEP] stay special, [unk] does not",
        "İstanbul ΣΊΣΥΦΟΣ straße ﬁne",
        "ｆｕｌｌｗｉｄｔｈ and combining e\u0301",
        "¿Qué? ¡Sí! «guillemets» “curly” — dash … ellipsis",
        "$5 + 3 = <8> ^ ` | ~ @#%&*",
        "\ue000private\uf8ff use",
        "한국어 텍스트 日本語のテキスト",
        "𠀀𠀁 CJK extension B",
        "supercalifragilisticexpialidocious",
        "\ufffd replacement");
  }

  private static List<String> corpusLines() throws IOException {
    try (InputStream corpus = EmbedOptions.class.getResourceAsStream("corpus.txt")) {
      return new String(corpus.readAllBytes(), UTF_8).lines().toList();
    }
  }
}
