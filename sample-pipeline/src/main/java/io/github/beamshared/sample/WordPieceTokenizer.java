package io.github.beamshared.sample;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The token ids a BERT model reads for a text, as HuggingFace's tokenizers compute them from the
 * model's tokenizer.json: special tokens written in the text ("[SEP]") are taken as they are, the
 * rest is normalized ({@link BertNormalizer}), split into words ({@link BertPreTokenizer}), and
 * each word into the longest vocabulary entries from its start, continuations prefixed with "##". A
 * word longer than the longest allowed, or that no entries spell, becomes [UNK]. The result is
 * framed as [CLS] ... [SEP] and cut to the truncation length, specials included.
 *
 * <p>Pure Java, so that no native library is extracted and no home directory written, as
 * HuggingFace's own (Rust) tokenizer would need. The padding setting is ignored: callers pad a
 * batch to its longest text. Immutable, so thread-safe.
 */
final class WordPieceTokenizer {

  private final Map<String, Integer> vocabulary;

  /** Tokens matched in the raw text, before normalization, such as "[SEP]"; by content. */
  private final Map<String, Integer> addedTokens;

  private final BertNormalizer normalizer;
  private final String continuationPrefix;
  private final int maxWordChars;
  private final int unknown;
  private final int classifier;
  private final int separator;

  /** The most tokens a text yields, [CLS] and [SEP] included. */
  private final int maxLength;

  private WordPieceTokenizer(JsonNode json) {
    JsonNode model = json.path("model");
    JsonNode normalizerJson = json.path("normalizer");
    requireType(model, "WordPiece");
    requireType(normalizerJson, "BertNormalizer");
    requireType(json.path("pre_tokenizer"), "BertPreTokenizer");
    Map<String, Integer> vocabulary = new HashMap<>();
    model
        .required("vocab")
        .fields()
        .forEachRemaining(entry -> vocabulary.put(entry.getKey(), entry.getValue().intValue()));
    this.vocabulary = Map.copyOf(vocabulary);
    Map<String, Integer> addedTokens = new LinkedHashMap<>();
    json.path("added_tokens")
        .forEach(
            token ->
                addedTokens.put(
                    token.required("content").asText(), token.required("id").intValue()));
    this.addedTokens = Map.copyOf(addedTokens);
    boolean lowercase = normalizerJson.required("lowercase").booleanValue();
    JsonNode stripAccents = normalizerJson.path("strip_accents");
    this.normalizer =
        new BertNormalizer(
            normalizerJson.required("clean_text").booleanValue(),
            normalizerJson.required("handle_chinese_chars").booleanValue(),
            // HuggingFace: unset means "as lowercase".
            stripAccents.isBoolean() ? stripAccents.booleanValue() : lowercase,
            lowercase);
    this.continuationPrefix = model.required("continuing_subword_prefix").asText();
    this.maxWordChars = model.required("max_input_chars_per_word").intValue();
    this.unknown = id(model.required("unk_token").asText());
    this.classifier = id("[CLS]");
    this.separator = id("[SEP]");
    this.maxLength = json.path("truncation").required("max_length").intValue();
  }

  /** The tokenizer a tokenizer.json describes; fails on one that is not BERT's WordPiece. */
  static WordPieceTokenizer load(Path tokenizerJson) throws IOException {
    return new WordPieceTokenizer(new ObjectMapper().readTree(tokenizerJson.toFile()));
  }

  /** The ids of {@code text}'s tokens: [CLS], at most the truncation length less two, [SEP]. */
  long[] encode(String text) {
    Ids ids = new Ids(maxLength);
    ids.add(classifier);
    int limit = maxLength - 1;
    for (int from = 0; from < text.length() && ids.size() < limit; ) {
      String special = null;
      int at = text.length();
      for (String token : addedTokens.keySet()) {
        int found = text.indexOf(token, from);
        if (found >= 0 && (found < at || (found == at && token.length() > special.length()))) {
          special = token;
          at = found;
        }
      }
      addWords(text.substring(from, at), ids, limit);
      if (special == null) {
        break;
      }
      ids.add(addedTokens.get(special));
      from = at + special.length();
    }
    ids.truncate(limit);
    ids.add(separator);
    return ids.toArray();
  }

  /** Stops after the word that reaches {@code limit}: later words would be cut off anyway. */
  private void addWords(String text, Ids ids, int limit) {
    for (String word : BertPreTokenizer.split(normalizer.normalize(text))) {
      if (ids.size() >= limit) {
        return;
      }
      addPieces(word, ids);
    }
  }

  /** Greedy longest match first; one [UNK] for the whole word if any part has no match. */
  private void addPieces(String word, Ids ids) {
    if (word.codePointCount(0, word.length()) > maxWordChars) {
      ids.add(unknown);
      return;
    }
    int wordStart = ids.size();
    for (int start = 0; start < word.length(); ) {
      Integer id = null;
      int end = word.length();
      while (start < end) {
        String piece = word.substring(start, end);
        id = vocabulary.get(start == 0 ? piece : continuationPrefix + piece);
        if (id != null) {
          break;
        }
        end = word.offsetByCodePoints(end, -1);
      }
      if (id == null) {
        ids.truncate(wordStart);
        ids.add(unknown);
        return;
      }
      ids.add(id);
      start = end;
    }
  }

  private int id(String token) {
    Integer id = vocabulary.get(token);
    if (id == null) {
      throw new IllegalArgumentException("The vocabulary has no " + token + " token");
    }
    return id;
  }

  private static void requireType(JsonNode node, String type) {
    if (!type.equals(node.path("type").asText())) {
      throw new IllegalArgumentException(
          "Expected a tokenizer.json with a "
              + type
              + ", found "
              + node.path("type").asText("none")
              + ": only BERT's WordPiece tokenizers are supported");
    }
  }

  /** A growable array of ids; a text rarely has more than the truncation length. */
  private static final class Ids {
    private long[] values;
    private int size;

    Ids(int capacity) {
      values = new long[capacity];
    }

    void add(long id) {
      if (size == values.length) {
        values = Arrays.copyOf(values, size * 2);
      }
      values[size++] = id;
    }

    int size() {
      return size;
    }

    void truncate(int length) {
      size = Math.min(size, length);
    }

    long[] toArray() {
      return Arrays.copyOf(values, size);
    }
  }
}
