package org.stancemap.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.stancemap.codebook.Codebook;
import org.stancemap.codebook.CodebookLoader;
import org.stancemap.codebook.Mentions;
import org.stancemap.codebook.Stance;
import org.stancemap.codebook.Target;
import org.stancemap.text.Span;

/** Stance examples mirrored from an opposed target's exemplars, on the built-in codebook. */
class CodebookTrainerMirrorTest {
  private static final Codebook CB = CodebookLoader.builtin("ru-ua-left");
  private static final Mentions MENTIONS = new Mentions(CB);
  private static final List<CodebookTrainer.Mirrored> MIRRORED = CodebookTrainer.mirrored(CB, MENTIONS);

  private static Stance sourceStance(String targetId, String text) {
    Target t = CB.target(targetId).orElseThrow();
    for (Stance s : Stance.values()) {
      if (t.stances().get(s).exemplars().contains(text)) {
        return s;
      }
    }
    throw new AssertionError("not an exemplar of " + targetId + ": " + text);
  }

  @Test
  void everyMirroredExampleFlipsFavorAndAgainstAndNamesItsTarget() {
    assertFalse(MIRRORED.isEmpty());
    for (CodebookTrainer.Mirrored m : MIRRORED) {
      String target = m.head().substring("stance:".length());
      // Russia and Ukraine oppose each other; the West opposes nobody in the built-in codebook.
      String source = target.equals("russia") ? "ukraine" : "ukraine".equals(target) ? "russia" : null;
      assertTrue(source != null, "only opposed targets get mirrored examples: " + m);
      Stance from = sourceStance(source, m.text());
      Stance expected = from == Stance.FAVOR ? Stance.AGAINST : from == Stance.AGAINST ? Stance.FAVOR : Stance.NONE;
      assertEquals(expected, m.stance(), m.text());
      assertTrue(MENTIONS.targets(m.text(), new Span(0, m.text().length())).stream()
          .anyMatch(x -> x.id().equals(target)), "a mirrored example must name its target: " + m.text());
    }
  }

  @Test
  void aProUkraineSentenceAboutTheInvadersTeachesAgainstRussia() {
    String s = "Unlike the invaders, Ukrainian forces let independent journalists embed with them and report on their "
        + "conduct.";
    assertTrue(MIRRORED.contains(new CodebookTrainer.Mirrored("stance:russia", s, Stance.AGAINST)), MIRRORED
        .toString());
  }

  @Test
  void explicitExemplarsWin() {
    for (CodebookTrainer.Mirrored m : MIRRORED) {
      Target t = CB.target(m.head().substring(7)).orElseThrow();
      for (Stance s : Stance.values()) {
        assertFalse(t.stances().get(s).exemplars().contains(m.text()), "already an exemplar of " + t.id() + ": "
            + m.text());
      }
    }
  }
}
