package org.stancemap.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Locale;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class LexicalFeaturesTest {
  private static final String SENTENCE = "Putin's war is an imperialist war, and the pro-Russian left won't say so.";

  private static double norm(LexicalFeatures.Sparse s) {
    double n = 0;
    for (float v : s.value()) {
      n += (double) v * v;
    }
    return Math.sqrt(n);
  }

  @Test
  void isDeterministicAcrossInstances() {
    LexicalFeatures.Sparse a = new LexicalFeatures(18).features(SENTENCE);
    LexicalFeatures.Sparse b = new LexicalFeatures(18).features(SENTENCE);
    assertArrayEquals(a.index(), b.index());
    assertArrayEquals(a.value(), b.value());
  }

  @Test
  void isNormalisedToUnitLength() {
    LexicalFeatures lex = new LexicalFeatures(18);
    for (String t : new String[] {SENTENCE, "one", "Київ і Харків", "a b c d e f g h i j k l m n o p"}) {
      assertEquals(1.0, norm(lex.features(t)), 1e-6, t);
    }
  }

  @Test
  void indicesAreSortedUniqueAndInRange() {
    LexicalFeatures lex = new LexicalFeatures(10);
    int[] idx = lex.features(SENTENCE).index();
    assertTrue(idx.length > 0);
    for (int i = 0; i < idx.length; i++) {
      assertTrue(idx[i] >= 0 && idx[i] < lex.dimension(), "index " + idx[i]);
      if (i > 0) {
        assertTrue(idx[i - 1] < idx[i], Arrays.toString(idx));
      }
    }
    assertEquals(1024, lex.dimension());
    assertEquals(10, lex.bits());
  }

  @Test
  void emptyOrWordlessTextGivesTheEmptyVector() {
    LexicalFeatures lex = new LexicalFeatures(18);
    assertSame(LexicalFeatures.Sparse.EMPTY, lex.features(""));
    assertSame(LexicalFeatures.Sparse.EMPTY, lex.features("  \n\t"));
    assertSame(LexicalFeatures.Sparse.EMPTY, lex.features("!!! ... --- ''"));
    assertEquals(0, LexicalFeatures.Sparse.EMPTY.index().length);
  }

  @Test
  void ignoresCaseCurlyApostrophesAndPossessives() {
    LexicalFeatures lex = new LexicalFeatures(18);
    LexicalFeatures.Sparse a = lex.features("Putin's war");
    assertArrayEquals(a.index(), lex.features("PUTIN’S WAR").index());
    assertArrayEquals(a.index(), lex.features("putin war").index());
  }

  @Test
  void doesNotDependOnTheDefaultLocale() {
    LexicalFeatures lex = new LexicalFeatures(18);
    LexicalFeatures.Sparse root = lex.features("ISTANBUL TALKS AND IRAQ");
    Locale saved = Locale.getDefault();
    try {
      Locale.setDefault(Locale.forLanguageTag("tr-TR"));
      assertArrayEquals(root.index(), lex.features("ISTANBUL TALKS AND IRAQ").index());
    } finally {
      Locale.setDefault(saved);
    }
  }

  @Test
  void wordOrderMattersThroughBigrams() {
    LexicalFeatures lex = new LexicalFeatures(18);
    assertFalse(Arrays.equals(lex.features("russia attacked ukraine").index(),
        lex.features("ukraine attacked russia").index()));
  }

  @Test
  void keepsInnerApostrophesAndHyphens() {
    assertArrayEquals(new String[] {"pro-russian", "won't", "putin"},
        LexicalFeatures.words("'Pro-Russian' -won't- Putin's!"));
  }

  @Test
  void refusesBitsOutsideTheSupportedRange() {
    assertThrows(IllegalArgumentException.class, () -> new LexicalFeatures(7));
    assertThrows(IllegalArgumentException.class, () -> new LexicalFeatures(25));
  }

  @Test
  void featuresAreTheHashedUnigramsAndBigramsOnSeededRandomTexts() {
    // The definition, written out the slow way: the bucket of each word and of "previous word" + " " + word, with
    // "<s>" before the first, each once, at 1/sqrt(count).
    String[] pieces = {"Putin's", "war", "NATO", "pro-Russian", "’", "'", "-", " ", "  ", ".", "Ukraine", "İ", "ß",
        "\uD835\uDC00", "é", "left", "1914", "self-determination", "--x--", "won't", "\n"};
    Random r = new Random(31);
    LexicalFeatures lex = new LexicalFeatures(18);
    for (int round = 0; round < 3000; round++) {
      StringBuilder b = new StringBuilder();
      int n = r.nextInt(20);
      for (int i = 0; i < n; i++) {
        b.append(pieces[r.nextInt(pieces.length)]).append(r.nextBoolean() ? " " : "");
      }
      TreeSet<Integer> expected = new TreeSet<>();
      String prev = "<s>";
      for (String w : LexicalFeatures.words(b.toString())) {
        expected.add(lex.bucket(w));
        expected.add(lex.bucket(prev + " " + w));
        prev = w;
      }
      LexicalFeatures.Sparse got = lex.features(b.toString());
      assertArrayEquals(expected.stream().mapToInt(Integer::intValue).toArray(), got.index(), b::toString);
      for (float v : got.value()) {
        assertEquals((float) (1.0 / Math.sqrt(expected.size())), v, 0f);
      }
    }
  }
}
