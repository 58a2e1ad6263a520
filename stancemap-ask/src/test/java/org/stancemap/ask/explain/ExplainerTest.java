package org.stancemap.ask.explain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.stancemap.analysis.Evidence;
import org.stancemap.analysis.Scored;
import org.stancemap.ask.AskFixture;

class ExplainerTest {
  static final Explainer E = new Explainer(AskFixture.CODEBOOK);
  static final Pattern MARKER = Pattern.compile("\\[(\\d+)]");

  @Test
  void everyClauseIsCitedAndEveryQuoteIsVerbatim() {
    int explained = 0;
    for (AskFixture.Doc d : AskFixture.DOCS) {
      Explanation x = E.explain(d.analysis());
      String text = d.analysis().document().text();
      if (d.analysis().narratives().isEmpty()) {
        assertNull(x.narrative());
        assertTrue(x.quotes().isEmpty());
        continue;
      }
      explained++;
      assertTrue(x.words() <= Explainer.MAX_WORDS, x.words() + " words: " + x.text());
      assertEquals(Explainer.count(x.text()), x.words());
      // Every sentence ends with a marker, every clause joined by ", and" carries its own.
      for (String sentence : x.text().split("(?<=\\.)\\s+")) {
        assertTrue(sentence.matches(".*\\[\\d+]\\.$"), "uncited sentence: " + sentence);
        for (String clause : sentence.split(", and ")) {
          assertTrue(MARKER.matcher(clause).find(), "uncited clause: " + clause);
        }
      }
      Set<Integer> used = new HashSet<>();
      Matcher m = MARKER.matcher(x.text());
      while (m.find()) {
        int n = Integer.parseInt(m.group(1));
        assertTrue(n >= 1 && n <= x.quotes().size(), "marker [" + n + "] points to a quote");
        used.add(n);
      }
      assertEquals(x.quotes().size(), used.size(), "every quote is cited");
      Set<String> spans = new HashSet<>();
      for (Evidence q : x.quotes()) {
        assertEquals(text.substring(q.start(), q.end()), q.text());
        assertTrue(spans.add(q.start() + "-" + q.end()), "each sentence is quoted once: " + q.text());
      }
      // The dominant narrative is the one with the most evidence, and its sentence is quoted first.
      Scored dom = d.analysis().narratives().stream().filter(n -> n.id().equals(x.narrative())).findFirst()
          .orElseThrow();
      assertTrue(d.analysis().narratives().stream().allMatch(n -> n.evidence().size() <= dom.evidence().size()));
      assertEquals(dom.evidence().get(0), x.quotes().get(0));
      assertTrue(x.text().contains("\u201c" + dom.name() + "\u201d"));
    }
    assertTrue(explained >= 3, "the fixture corpus has at least three documents with narratives");
  }

  @Test
  void deterministic() {
    var a = AskFixture.byFile("solidarity-2023.txt").analysis();
    assertEquals(E.explain(a), E.explain(a));
  }

  @Test
  void wordLimitHoldsForALongMultiVoiceDocument() {
    // The examples/ page with many voices has many labels: the explanation still stays within the limit.
    var d = AskFixture.analyse(Path.of("..", "examples", "many-voices.html"), "many-voices.html",
        "examples", LocalDate.of(2023, 3, 3), null);
    Explanation x = E.explain(d.analysis());
    assertTrue(x.words() <= Explainer.MAX_WORDS, x.text());
    assertTrue(x.quotes().size() >= 2, x.text());
  }
}
