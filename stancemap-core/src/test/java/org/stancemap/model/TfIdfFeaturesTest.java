package org.stancemap.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TfIdfFeaturesTest {
  private static final Map<String, List<String>> TARGETS = Map.of("russia", List.of("russia", "putin"),
      "ukraine", List.of("ukrain", "kyiv"));
  private static final List<String> CORPUS = List.of(
      "the war goes on and the talks stall",
      "the war goes on in the east",
      "the strike goes on at the port",
      "Russia is cruel and Ukraine is brave",
      "Ukraine is cruel and Russia is brave",
      "the talks stall again");

  private static TfIdfFeatures learn(TfIdfFeatures.Config c) {
    return TfIdfFeatures.learn(CORPUS, c, TARGETS);
  }

  @Test
  void aTermInEveryTextWeighsLessThanARareOne() {
    TfIdfFeatures f = learn(new TfIdfFeatures.Config(20, 0, 0, 0, 1));
    // "the" is in five texts, "strike" in one: idf must order them.
    LexicalFeatures.Sparse s = f.features("the strike");
    assertTrue(onlyUnigram(f, "the", s) < onlyUnigram(f, "strike", s),
        "a word found in most texts must weigh less than a rare one: " + Arrays.toString(s.value()));
  }

  /** The value of the unigram bucket of {@code word} in {@code s}, found by computing it alone. */
  private static float onlyUnigram(TfIdfFeatures f, String word, LexicalFeatures.Sparse s) {
    LexicalFeatures.Sparse alone = f.features(word);
    // Alone, the word's unigram and its start bigram form the block; the unigram is the bucket shared with s.
    for (int i = 0; i < alone.index().length; i++) {
      int at = Arrays.binarySearch(s.index(), alone.index()[i]);
      if (at >= 0) {
        return s.value()[at];
      }
    }
    throw new AssertionError(word + " has no bucket in " + Arrays.toString(s.index()));
  }

  @Test
  void minimumDocumentFrequencyDropsSingletons() {
    TfIdfFeatures all = learn(new TfIdfFeatures.Config(20, 0, 0, 0, 1));
    TfIdfFeatures two = learn(new TfIdfFeatures.Config(20, 0, 0, 0, 2));
    assertTrue(two.buckets().length < all.buckets().length);
    assertEquals(0, two.features("strike port").index().length, "words seen once must be dropped at min_df 2");
    assertTrue(all.features("strike port").index().length > 0);
  }

  @Test
  void everyBlockIsUnitLength() {
    TfIdfFeatures f = learn(new TfIdfFeatures.Config(20, 3, 5, 4, 1));
    LexicalFeatures.Sparse s = f.features("Russia is cruel and Ukraine is brave");
    double sq = 0;
    for (float v : s.value()) {
      sq += v * v;
    }
    // Three non-empty blocks (words, characters, target window), each of norm 1; rare collisions only add.
    assertEquals(3.0, sq, 0.05);
    for (float v : s.value()) {
      assertTrue(v > 0);
    }
  }

  @Test
  void characterNgramsReachAnUnseenSpelling() {
    TfIdfFeatures words = learn(new TfIdfFeatures.Config(20, 0, 0, 0, 1));
    TfIdfFeatures chars = learn(new TfIdfFeatures.Config(20, 3, 5, 0, 1));
    assertEquals(0, words.features("strikes").index().length, "no word feature for an unseen word form");
    assertTrue(chars.features("strikes").index().length > 0, "character n-grams of 'strike' must match 'strikes'");
  }

  @Test
  void theTargetWindowTellsMirroredSentencesApart() {
    TfIdfFeatures plain = learn(new TfIdfFeatures.Config(20, 0, 0, 0, 1));
    TfIdfFeatures aware = learn(new TfIdfFeatures.Config(20, 0, 0, 4, 1));
    String a = "Russia is cruel , Ukraine is brave";
    String b = "Ukraine is cruel , Russia is brave";
    // Unigrams are identical; target-marked words are not.
    LexicalFeatures.Sparse pa = plain.features(a);
    LexicalFeatures.Sparse aa = aware.features(a);
    LexicalFeatures.Sparse ab = aware.features(b);
    assertTrue(aa.index().length > pa.index().length, "target-window features must be added");
    assertNotEquals(Arrays.toString(aa.index()), Arrays.toString(ab.index()));
  }

  @Test
  void targetWordsComeFromTheCodebook() {
    var cb = org.stancemap.codebook.CodebookLoader.builtin("ru-ua-left");
    Map<String, List<String>> t = TfIdfFeatures.targetWords(cb);
    assertTrue(t.get("russia").contains("putin"), t.toString());
    assertTrue(t.get("ukraine").contains("kyiv"), t.toString());
    assertTrue(t.get("west").contains("nato"), t.toString());
    assertTrue(t.values().stream().flatMap(List::stream).allMatch(w -> w.length() >= 3 && !w.contains(" ")));
  }

  @Test
  void featuresAreDeterministic() {
    TfIdfFeatures f = learn(TfIdfFeatures.Config.defaults());
    TfIdfFeatures g = learn(TfIdfFeatures.Config.defaults());
    assertEquals(f, g);
    LexicalFeatures.Sparse x = f.features("Putin is cruel; Kyiv is brave");
    LexicalFeatures.Sparse y = g.features("Putin is cruel; Kyiv is brave");
    assertArrayEquals(x.index(), y.index());
    assertArrayEquals(x.value(), y.value());
  }

  @Test
  void badConfigurationsAreRefusedWithTheValue() {
    var e = assertThrows(IllegalArgumentException.class, () -> new TfIdfFeatures.Config(20, 5, 3, 4, 2));
    assertTrue(e.getMessage().contains("5..3"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new TfIdfFeatures.Config(30, 3, 5, 4, 2));
    assertThrows(IllegalArgumentException.class, () -> new TfIdfFeatures.Config(20, 3, 5, -1, 2));
    assertThrows(IllegalArgumentException.class, () -> new TfIdfFeatures.Config(20, 3, 5, 4, 0));
  }
}
