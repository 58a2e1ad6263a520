package org.stancemap.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.stancemap.analysis.Contradiction;
import org.stancemap.analysis.DocumentAnalysis;
import org.stancemap.analysis.Evidence;
import org.stancemap.analysis.RoleResult;
import org.stancemap.analysis.Scored;
import org.stancemap.analysis.StanceResult;
import org.stancemap.analysis.UnitAnalysis;
import org.stancemap.codebook.Label;
import org.stancemap.codebook.Stance;
import org.stancemap.document.Document;

/**
 * Seeded random invariants of the whole analysis: on documents mixing on-topic sentences, noise, odd whitespace,
 * markup-like text and unicode, every label has evidence, every evidence quote is exactly the document's
 * characters at its offsets and lies inside its unit, and the same input gives the same output. The seed is in
 * every failure message; rerun one with {@code -Dstancemap.test.seed=N}.
 */
class EvidenceInvariantTest {
  private static final String[] NOISE = {"  ", "\n", "\t", "\u00a0", "…", " […]", "?", "!", "\"", "“", "”", "<b>",
      "&amp;", "😀", "é", "ß", "Ω", "—", "--", "\r", "  \n  ", "Q: ", "A: ", "# ", "Reply", "3 Comments"};

  @Test
  void everyQuoteIsTheOriginalTextAndEveryLabelHasEvidence() {
    long seed = Long.getLong("stancemap.test.seed", 20261125L);
    Random r = new Random(seed);
    List<String> pool = new ArrayList<>();
    Fixture.CODEBOOK.narratives().forEach(l -> pool.addAll(l.exemplars()));
    Fixture.CODEBOOK.techniques().stream().map(Label::exemplars).forEach(pool::addAll);
    Fixture.CODEBOOK.positions().forEach(p -> pool.addAll(p.label().exemplars()));
    for (int d = 0; d < 25; d++) {
      String text = randomDocument(r, pool);
      String where = "seed " + seed + ", document " + d + ":\n" + text;
      Document doc = Document.ofText("random-" + d, text, "eng");
      DocumentAnalysis a = Fixture.ANALYZER.analyze(doc);
      for (UnitAnalysis u : a.units()) {
        assertTrue(u.unit().span().end() <= text.length(), where);
        for (StanceResult s : u.stance().values()) {
          assertEquals(s.label() != Stance.NONE, !s.evidence().isEmpty(), where);
          s.evidence().forEach(e -> check(text, e, u, where));
        }
        for (Scored s : concat(u.narratives(), u.techniques())) {
          assertFalse(s.evidence().isEmpty(), where);
          s.evidence().forEach(e -> check(text, e, u, where));
        }
        for (RoleResult role : u.roles()) {
          role.evidence().forEach(e -> check(text, e, u, where));
          assertTrue(e(role).text().contains(role.mention()), "the evidence names the actor: " + where);
        }
      }
      for (UnitAnalysis u : a.units()) {
        assertTrue(positionIsSupported(u), "a unit's position needs a narrative or a stance it implies: "
            + u.unit().id() + " " + u.position() + " in " + where);
      }
      for (Contradiction c : a.contradictions()) {
        for (Evidence e : concatEvidence(c.quotesA(), c.quotesB())) {
          assertEquals(text.substring(e.start(), e.end()), e.text(), where);
        }
      }
      DocumentAnalysis again = Fixture.ANALYZER.analyze(doc);
      assertEquals(a.position(), again.position(), "same input, same output: " + where);
      assertEquals(a.stance(), again.stance(), "same input, same output: " + where);
    }
  }

  /** A position other than unrelated rests on a narrative it lists or on a stance of its pattern. */
  static boolean positionIsSupported(UnitAnalysis u) {
    if (u.position() == null || u.position().label().equals("unrelated")) {
      return true;
    }
    var p = Fixture.CODEBOOK.positions().stream().filter(x -> x.id().equals(u.position().label())).findFirst()
        .orElseThrow();
    boolean narrative = u.narratives().stream().anyMatch(n -> p.narratives().contains(n.id()));
    boolean stance = p.stance().entrySet().stream()
        .anyMatch(e -> u.stance().get(e.getKey()) != null && u.stance().get(e.getKey()).label() == e.getValue());
    return narrative || stance;
  }

  private static Evidence e(RoleResult r) {
    return r.evidence().get(0);
  }

  private static void check(String text, Evidence e, UnitAnalysis u, String where) {
    assertEquals(text.substring(e.start(), e.end()), e.text(), where);
    assertTrue(u.unit().span().start() <= e.start() && e.end() <= u.unit().span().end(),
        "evidence inside its unit: " + where);
    assertEquals(u.unit().id(), e.unit(), where);
  }

  private static List<Scored> concat(List<Scored> a, List<Scored> b) {
    List<Scored> out = new ArrayList<>(a);
    out.addAll(b);
    return out;
  }

  private static List<Evidence> concatEvidence(List<Evidence> a, List<Evidence> b) {
    List<Evidence> out = new ArrayList<>(a);
    out.addAll(b);
    return out;
  }

  private static String randomDocument(Random r, List<String> pool) {
    StringBuilder sb = new StringBuilder();
    int blocks = 1 + r.nextInt(6);
    for (int b = 0; b < blocks; b++) {
      int sentences = 1 + r.nextInt(4);
      for (int s = 0; s < sentences; s++) {
        if (r.nextInt(4) == 0) {
          sb.append(NOISE[r.nextInt(NOISE.length)]);
        }
        sb.append(pool.get(r.nextInt(pool.size())));
        sb.append(r.nextInt(5) == 0 ? NOISE[r.nextInt(NOISE.length)] : " ");
      }
      sb.append(r.nextInt(3) == 0 ? "\n" : "\n\n");
    }
    return sb.toString();
  }
}
