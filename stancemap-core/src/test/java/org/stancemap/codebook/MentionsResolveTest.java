package org.stancemap.codebook;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.stancemap.text.Span;

/**
 * The sweep that resolves overlapping mentions gives exactly what comparing every mention with every other gave
 * (seeded random mention lists, dense and sparse), and a long text without full stops still analyses: many
 * thousands of mentions in one sentence resolve in one pass.
 */
class MentionsResolveTest {
  /** The former quadratic rule, kept as the reference. */
  private static List<Mentions.Mention> naive(List<Mentions.Mention> all) {
    List<Mentions.Mention> out = new ArrayList<>();
    for (Mentions.Mention m : all) {
      boolean covered = false;
      for (Mentions.Mention o : all) {
        if (o != m && o.span().contains(m.span()) && o.span().length() > m.span().length()) {
          covered = true;
          break;
        }
      }
      boolean dup = out.stream().anyMatch(o -> o.span().equals(m.span()));
      if (!covered && !dup) {
        out.add(m);
      }
    }
    return out;
  }

  @Test
  void sweepEqualsPairwiseComparison() {
    Random r = new Random(20261207);
    for (int round = 0; round < 2000; round++) {
      int n = r.nextInt(40);
      int width = 5 + r.nextInt(200);
      List<Mentions.Mention> all = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        int s = r.nextInt(width);
        int e = s + 1 + r.nextInt(12);
        all.add(new Mentions.Mention("a" + r.nextInt(4), new Span(s, e), r.nextBoolean()));
      }
      all.sort(Comparator.comparing(Mentions.Mention::span)); // as merge() hands them over
      assertEquals(naive(all), Mentions.resolve(all), "round " + round);
    }
  }

  @Test
  void aVeryLongSentenceOfMentionsResolves() {
    List<Mentions.Mention> all = new ArrayList<>();
    for (int i = 0; i < 200_000; i++) {
      all.add(new Mentions.Mention("russia", new Span(i * 8, i * 8 + 6), false));
      all.add(new Mentions.Mention("russia", new Span(i * 8, i * 8 + 3), false));
    }
    all.sort(Comparator.comparing(Mentions.Mention::span));
    List<Mentions.Mention> out = Mentions.resolve(all);
    assertEquals(200_000, out.size());
    assertEquals(6, out.get(0).span().length());
  }
}
