package org.stancemap.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.stancemap.ask.question.ParsedQuestion;
import org.stancemap.ask.question.QuestionParser;
import org.stancemap.ask.question.Synonyms;
import org.stancemap.ask.retrieval.RetrievedUnit;

/** The ask adapter over the store, in both modes: the whole corpus, and candidates from the search index. */
class StoreRetrieverTest {
  @Test
  void searchIndexCandidatesAgreeWithTheWholeCorpusOnTheBestUnits() {
    Workbenches.Running r = Workbenches.server();
    try (Db db = Db.of(r.dir().resolve("corpus.db").toString(), 2)) {
      CorpusSql sql = new CorpusSql(db);
      r.index().sync(new org.stancemap.search.store.StoreFeed(r.store(), Workbenches.EMBEDDING.info().id()));
      StoreRetriever whole = new StoreRetriever(r.store(), r.index(), Workbenches.EMBEDDING).withSql(sql);
      StoreRetriever narrowed = new StoreRetriever(r.store(), r.index(), Workbenches.EMBEDDING, 0).withSql(sql);
      ParsedQuestion q = new QuestionParser(Workbenches.CODEBOOK, Synonyms.builtin(Workbenches.CODEBOOK),
          sql.sources()).parse("Who says NATO expansion provoked the war?");
      List<RetrievedUnit> a = whole.retrieve(q, 5);
      List<RetrievedUnit> b = narrowed.retrieve(q, 5);
      assertFalse(a.isEmpty());
      assertFalse(b.isEmpty());
      assertTrue(narrowed.describe().contains("search index"), narrowed.describe());
      for (RetrievedUnit u : b) {
        assertTrue(u.text().toLowerCase(Locale.ROOT).contains("nato") || u.score() > 0, u.text());
      }
      // the best unit of the whole corpus names NATO, so the index finds its document and it ranks first again
      if (a.get(0).text().toLowerCase(Locale.ROOT).contains("nato")) {
        assertEquals(a.get(0).text(), b.get(0).text());
      }
      // the command line's ask --db builds it without the corpus tables: the index's store ids must suffice
      StoreRetriever bare = new StoreRetriever(r.store(), r.index(), Workbenches.EMBEDDING, 0);
      List<RetrievedUnit> c = bare.retrieve(q, 5);
      assertEquals(b.stream().map(RetrievedUnit::text).toList(), c.stream().map(RetrievedUnit::text).toList());
    }
  }
}
