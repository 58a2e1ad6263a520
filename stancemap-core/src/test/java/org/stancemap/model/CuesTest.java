package org.stancemap.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.stancemap.codebook.Codebook;
import org.stancemap.codebook.CodebookLoader;
import org.stancemap.codebook.Label;

class CuesTest {

  @Test
  void labelIndexGivesTheReferenceFeaturesOnSeededRandomTexts() {
    Codebook cb = CodebookLoader.builtin("ru-ua-left");
    int nonZero = 0;
    for (List<Label> labels : List.of(cb.narratives(), cb.techniques())) {
      String[][][] cues = Cues.compileLabels(labels);
      Cues.LabelIndex index = new Cues.LabelIndex(cues);
      // Texts built from the cues' own words and their prefixes and extensions, plus filler, so that whole,
      // partial and overlapping cue matches all occur.
      List<String> pieces = new ArrayList<>(List.of("the", "and", "of", "x", "NATO", "-", "’", "'s", ".", ","));
      for (String[][] label : cues) {
        for (String[] cue : label) {
          for (String w : cue) {
            pieces.add(w);
            pieces.add(w + "ist");
            pieces.add(w.length() > 2 ? w.substring(0, w.length() - 1) : w);
            pieces.add(w.toUpperCase(Locale.ROOT));
          }
          pieces.add(String.join(" ", cue));
        }
      }
      Random r = new Random(1203);
      for (int round = 0; round < 4000; round++) {
        StringBuilder b = new StringBuilder();
        int n = r.nextInt(25);
        for (int i = 0; i < n; i++) {
          b.append(pieces.get(r.nextInt(pieces.size()))).append(r.nextInt(5) == 0 ? "" : " ");
        }
        Cues.Words w = Cues.words(b.toString());
        float[] expected = Cues.labelFeatures(w, cues);
        float[] got = index.features(w);
        assertArrayEquals(expected, got, 0f, b::toString);
        for (float f : expected) {
          nonZero += f > 0 ? 1 : 0;
        }
      }
    }
    assertTrue(nonZero > 1000, "the texts hit too few cues: " + nonZero);
  }

  @Test
  void aCueIsWholeWordsThenAPrefix() {
    Cues.LabelIndex index = new Cues.LabelIndex(new String[][][] {
        {{"nato", "expan"}}, {{"fascis"}}, {}});
    assertArrayEquals(new float[] {0.5f, 1f, 0f},
        index.features(Cues.words("NATO expansion; fascists and fascism, natoist expansion")), 0f);
  }

  @Test
  void negationIsTheNegationPattern() {
    Random r = new Random(5);
    String[] pieces = {"no", "not", "nor", "never", "without", "hardly", "n't", "n’t", "don't", "won’t", "nt", "t",
        "n", "'", "-", "knot", "snot", "nothing", "nope", "x"};
    for (int i = 0; i < 5000; i++) {
      StringBuilder b = new StringBuilder();
      for (int k = r.nextInt(3) + 1; k > 0; k--) {
        b.append(pieces[r.nextInt(pieces.length)]);
      }
      for (String w : Cues.words(b.toString()).words()) {
        assertEquals(TargetPolarity.NEGATION.matcher(w).matches(), TargetPolarity.negation(w), w);
      }
    }
  }
}
