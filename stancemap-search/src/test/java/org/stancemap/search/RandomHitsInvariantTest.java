package org.stancemap.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stancemap.InvalidInputException;
import org.stancemap.text.Span;

/**
 * Seeded random queries (words of the corpus, phrases, filters, operators, random modes and pages): every hit's
 * span lies inside its document's text and the quoted sentence is exactly the text at that span; highlights lie
 * inside the sentence; no query throws anything but a clear {@link InvalidInputException}. The seed is printed on
 * failure; set {@code -Dsearch.seed=N} to replay one.
 */
class RandomHitsInvariantTest {
  @TempDir
  Path dir;

  @Test
  void spansAndQuotesHold() {
    long seed = Long.getLong("search.seed", System.nanoTime());
    Random r = new Random(seed);
    List<String> words = new ArrayList<>();
    for (IndexedDocument d : Corpus.all()) {
      for (String w : d.analysis().document().text().split("[^\\p{L}\\p{N}'-]+")) {
        if (!w.isBlank()) {
          words.add(w);
        }
      }
    }
    String[] ops = {" ", " AND ", " OR ", " NOT ", " -", " +", " \"", "(", ")", ":", "*", "~", "^2 "};
    String[] filters = {"source:\"workers daily\"", "date:2023", "date:>2022-06", "kind:paragraph", "lang:en",
        "position:campist", "stance.russia:against", "doc.position:solidarity", "narrative:*", "title:war"};
    try (SearchIndex index = Corpus.index(dir.resolve("idx"))) {
      int checked = 0;
      for (int i = 0; i < 300; i++) {
        StringBuilder q = new StringBuilder();
        int parts = 1 + r.nextInt(4);
        for (int j = 0; j < parts; j++) {
          q.append(r.nextInt(5) == 0 ? filters[r.nextInt(filters.length)] : words.get(r.nextInt(words.size())));
          q.append(r.nextInt(3) == 0 ? ops[r.nextInt(ops.length)] : " ");
        }
        SearchMode mode = SearchMode.values()[r.nextInt(3)];
        SearchRequest req = new SearchRequest(q.toString(), mode, r.nextInt(3) * 5, 1 + r.nextInt(20));
        SearchResults res;
        try {
          res = index.search(req);
        } catch (InvalidInputException e) {
          assertTrue(e.getMessage().startsWith("invalid query at position ") || e.getMessage().contains("date:")
              || e.getMessage().contains("field") || e.getMessage().contains("fuzzy")
              || e.getMessage().contains("wildcard"), "seed " + seed + ", query " + q + ": " + e.getMessage());
          continue;
        }
        for (SearchHit h : res.hits()) {
          String text = Corpus.text(h.documentId());
          String where = "seed " + seed + ", query [" + q + "] " + mode + ", hit " + h.documentId() + " " + h.span();
          assertTrue(h.span().end() <= text.length(), where);
          assertTrue(h.unitSpan().contains(h.span()), where);
          assertEquals(text.substring(h.span().start(), h.span().end()), h.sentence(), where);
          assertEquals(text.substring(h.unitSpan().start(), h.unitSpan().end()), h.unitText(), where);
          for (Span s : h.highlights()) {
            assertTrue(h.span().contains(s), where + " highlight " + s);
          }
          checked++;
        }
      }
      assertTrue(checked > 100, "seed " + seed + ": enough hits were checked (" + checked + ")");
    }
  }
}
