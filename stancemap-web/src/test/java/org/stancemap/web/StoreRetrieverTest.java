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
    {
      org.stancemap.store.CorpusQueries sql = r.store().corpus();
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

  @Test
  void aReadOnlyIndexBesideTheServersWriterNarrowsAsWell() {
    Workbenches.Running r = Workbenches.server();
    r.index().sync(new org.stancemap.search.store.StoreFeed(r.store(), Workbenches.EMBEDDING.info().id()));
    // ask --db while serve runs (#19 point 7): the server holds the index for writing, ask reads its last commit
    try (org.stancemap.search.SearchIndex readOnly = org.stancemap.search.SearchIndex.openForSearch(
        r.dir().resolve("corpus.db.index"), Workbenches.EMBEDDING)) {
      assertTrue(readOnly.readOnly());
      ParsedQuestion q = new QuestionParser(Workbenches.CODEBOOK, Synonyms.builtin(Workbenches.CODEBOOK),
          List.of()).parse("Who says NATO expansion provoked the war?");
      StoreRetriever server = new StoreRetriever(r.store(), r.index(), Workbenches.EMBEDDING, 0);
      StoreRetriever reader = new StoreRetriever(r.store(), readOnly, Workbenches.EMBEDDING, 0);
      assertTrue(reader.narrowsByIndex());
      assertFalse(new StoreRetriever(r.store(), readOnly, Workbenches.EMBEDDING).narrowsByIndex(),
          "a small corpus is answered from the store itself");
      List<RetrievedUnit> b = reader.retrieve(q, 5);
      assertFalse(b.isEmpty());
      assertEquals(server.retrieve(q, 5).stream().map(RetrievedUnit::text).toList(),
          b.stream().map(RetrievedUnit::text).toList());
    }
  }
}
