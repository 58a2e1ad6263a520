package org.stancemap.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.stancemap.text.Span;

/** The shortcuts around the claim and role patterns give what the plain regex calls give, on seeded random text. */
class RegexShortcutsTest {
  private static final String[] PIECES = {
      "supports", "Backed", "pro-", "anti-", "taking sides with", "side with", "stands by", "in favour of",
      "favorable toward", "aligned themselves with", "lining up behind", "rallies around", "opposes", "CONDEMNED",
      "denounce", "resisting", "criticize", "on the side of", "cheer on", "excusing", "apologising for", "x", "_",
      "9", "é", "ß", "Kyiv", "NATO", "the", "its", "their", "people", "civilians", "was", "were", "has been",
      "brutally", "killed", "bombed", "under fire", "attacks on", "invasion of", "war against", "victims of",
      "annexation of", "starving", "’s", "'s", "skill", "is", "and", ".", ",", ";", " ", "  ", "\t", "\n", "-",
      "not", "n't", "never"};

  private static String text(Random r, int max) {
    StringBuilder b = new StringBuilder();
    int n = r.nextInt(max + 1);
    for (int i = 0; i < n; i++) {
      b.append(PIECES[r.nextInt(PIECES.length)]);
      if (r.nextInt(3) > 0) {
        b.append(' ');
      }
    }
    return b.toString();
  }

  @Test
  void claimCuesAreFindsMatches() {
    Random r = new Random(12);
    int found = 0;
    for (int i = 0; i < 20_000; i++) {
      String s = text(r, 16);
      for (var p : List.of(Claims.FAVOR, Claims.AGAINST)) {
        List<int[]> expected = Claims.cuesByFind(p, s);
        List<int[]> got = Claims.cues(p, s);
        assertEquals(expected.size(), got.size(), s);
        for (int k = 0; k < got.size(); k++) {
          assertEquals(expected.get(k)[0], got.get(k)[0], s);
          assertEquals(expected.get(k)[1], got.get(k)[1], s);
        }
        found += got.size();
      }
    }
    assertTrue(found > 5000, "too few cue matches to mean anything: " + found);
  }

  @Test
  void patientCueIsFindsAnswer() {
    Random r = new Random(34);
    int patients = 0;
    for (int i = 0; i < 20_000; i++) {
      String before = text(r, 12);
      String after = text(r, 12);
      String text = before + "Ukraine" + after;
      Span sentence = new Span(0, text.length());
      Span mention = new Span(before.length(), before.length() + "Ukraine".length());
      boolean expected = Roles.isPatientByFind(text, sentence, mention);
      assertEquals(expected, Roles.isPatient(text, sentence, mention), text);
      patients += expected ? 1 : 0;
    }
    assertTrue(patients > 2000 && patients < 18_000, "the texts should go both ways: " + patients);
  }

  @Test
  void tailStartCountsRunsOfWhitespaceFromTheEnd() {
    assertEquals(0, Roles.tailStart("a b", 2));
    assertEquals(2, Roles.tailStart("a b", 1));
    assertEquals(4, Roles.tailStart("a \t b  ", 2));
  }
}
