package org.stancemap.search.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stancemap.analysis.DocumentAnalysis;
import org.stancemap.analysis.Provenance;
import org.stancemap.document.Document;
import org.stancemap.document.DocumentMeta;
import org.stancemap.document.SourceItem;
import org.stancemap.search.Corpus;
import org.stancemap.search.SearchHit;
import org.stancemap.search.SearchIndex;
import org.stancemap.search.SearchMode;
import org.stancemap.search.SearchRequest;
import org.stancemap.search.SyncReport;
import org.stancemap.store.AnalysisKey;
import org.stancemap.store.Outcome;
import org.stancemap.store.Put;
import org.stancemap.store.Store;

/** Syncing an index from a real SQLite corpus store, analysed by the real pipeline. */
class StoreFeedTest {
  @TempDir
  Path dir;

  static AnalysisKey key() {
    Provenance p = Corpus.ANALYZER.provenance();
    return new AnalysisKey(p.model(), Corpus.CODEBOOK.ref(), Corpus.CODEBOOK.sha256(), p.embedding(), p.version());
  }

  static long importAndAnalyse(Store store, long run, String location, String source, String title, String text,
      String date) {
    Document d = Document.ofText(location, text, "eng");
    Put put = store.put(run, new SourceItem(location, source, d,
        DocumentMeta.fromSource("https://example.org/" + location,
        title, null, Instant.parse(date + "T08:00:00Z"), null, null, null, Map.of())));
    List<float[]> vectors = new ArrayList<>();
    DocumentAnalysis a = Corpus.ANALYZER.analyze(store.ingestDocument(put.documentId()).orElseThrow(),
        (s, v) -> vectors.add(v));
    store.saveAnalysis(put.documentId(), a, key(), vectors);
    return put.documentId();
  }

  static List<SearchHit> search(SearchIndex index, String q, SearchMode mode) {
    return index.search(new SearchRequest(q, mode, 0, 20)).hits();
  }

  @Test
  void syncFollowsAnalysesNewVersionsAndTheWatermark() {
    Path db = dir.resolve("corpus.db");
    Path indexDir = StoreIndexes.defaultFor(db.toString());
    assertEquals(dir.resolve("corpus.db.index"), indexDir);
    try (Store store = Store.open(db.toString());
        SearchIndex index = SearchIndex.open(indexDir, Corpus.EMBEDDING)) {
      long run = store.beginRun("test").id();
      long a = importAndAnalyse(store, run, "posts/1", "Workers Daily", "Grain",
          "The grain agreement collapsed this week.\n\nShips can no longer carry wheat out of Odesa.", "2023-07-18");
      long b = importAndAnalyse(store, run, "posts/2", "Kyiv Labour News", "Heat",
          "Russian missiles struck power stations across Ukraine.\n\nMillions of people sat in the cold and dark.",
          "2022-10-11");
      StoreFeed feed = new StoreFeed(store, Corpus.EMBEDDING.info().id());
      SyncReport first = index.sync(feed);
      assertEquals(2, first.put());
      assertEquals(String.valueOf(store.lastAnalysisSeq()), first.to());
      assertEquals(0, feed.withoutVectors());

      List<SearchHit> hits = search(index, "wheat", SearchMode.TEXT);
      assertEquals(1, hits.size());
      SearchHit h = hits.get(0);
      assertEquals(String.valueOf(a), h.documentId());
      assertEquals("Workers Daily", h.source());
      assertEquals("Grain", h.title());
      assertEquals(Instant.parse("2023-07-18T08:00:00Z"), h.published());
      String text = store.ingestDocument(a).orElseThrow().text();
      assertEquals(text.substring(h.span().start(), h.span().end()), h.sentence());
      // the stored (int8) vectors serve semantic search
      assertEquals(String.valueOf(b), search(index, "bombardment of the energy network caused blackouts",
          SearchMode.SEMANTIC).get(0).documentId());

      assertEquals(new SyncReport(0, 0, first.to(), first.to(), false), index.sync(feed), "nothing new");

      // the page at posts/1 changes: a new version replaces the old one in the index once analysed
      Put changed = store.put(run, new SourceItem("posts/1", "Workers Daily", Document.ofText("posts/1",
          "The grain agreement was renewed after all.\n\nBarley is leaving the harbour again.", "eng"),
          DocumentMeta.NONE.withTitle("Grain, again")));
      assertEquals(Outcome.NEW_VERSION, changed.outcome());
      List<float[]> vectors = new ArrayList<>();
      DocumentAnalysis na = Corpus.ANALYZER.analyze(store.ingestDocument(changed.documentId()).orElseThrow(),
          (s, v) -> vectors.add(v));
      store.saveAnalysis(changed.documentId(), na, key(), vectors);
      SyncReport second = index.sync(feed);
      assertEquals(1, second.put());
      assertTrue(second.deleted() >= 1, second.toString());
      assertTrue(search(index, "wheat", SearchMode.TEXT).isEmpty(), "the old version is gone");
      List<SearchHit> barley = search(index, "barley", SearchMode.TEXT);
      assertEquals(1, barley.size());
      assertEquals(String.valueOf(changed.documentId()), barley.get(0).documentId());
      assertEquals("Grain, again", barley.get(0).title());
      assertFalse(search(index, "Odesa OR barley OR missiles", SearchMode.TEXT).isEmpty());
    }
    // the watermark survives closing: a new session finds nothing to do
    try (Store store = Store.open(db.toString());
        SearchIndex index = SearchIndex.open(indexDir, Corpus.EMBEDDING)) {
      assertEquals(String.valueOf(store.lastAnalysisSeq()), index.watermark());
      SyncReport r = index.sync(new StoreFeed(store, Corpus.EMBEDDING.info().id()));
      assertEquals(0, r.put());
    }
  }

  @Test
  void aReaderBesideTheWriterKnowsHowFarItIsBehindTheStore() {
    Path db = dir.resolve("shared.db");
    Path indexDir = StoreIndexes.defaultFor(db.toString());
    try (Store store = Store.open(db.toString());
        SearchIndex writer = SearchIndex.open(indexDir, Corpus.EMBEDDING)) {
      long run = store.beginRun("test").id();
      importAndAnalyse(store, run, "posts/1", "Workers Daily", "Grain",
          "The grain agreement collapsed this week.\n\nShips can no longer carry wheat out of Odesa.", "2023-07-18");
      StoreFeed feed = new StoreFeed(store, Corpus.EMBEDDING.info().id());
      assertEquals(1, feed.analysesAfter(null), "an index never synced lacks every analysis");
      writer.sync(feed);
      try (SearchIndex reader = SearchIndex.openForSearch(indexDir, Corpus.EMBEDDING)) {
        assertTrue(reader.readOnly());
        assertEquals(0, feed.analysesAfter(reader.watermark()));
        // two more analyses reach the store while the writer does not sync (serve between two searches)
        importAndAnalyse(store, run, "posts/2", "Kyiv Labour News", "Heat",
            "Russian missiles struck power stations across Ukraine.", "2022-10-11");
        importAndAnalyse(store, run, "posts/3", "Kyiv Labour News", "Cold", "Millions sat in the cold and dark.",
            "2022-10-12");
        assertEquals(2, feed.analysesAfter(reader.watermark()));
        assertEquals(1, search(reader, "wheat", SearchMode.TEXT).size());
        assertTrue(search(reader, "missiles", SearchMode.TEXT).isEmpty(), "not in the index yet");
        writer.sync(feed);
        assertEquals(0, feed.analysesAfter(reader.watermark()), "the writer's sync reached the reader");
        assertEquals(1, search(reader, "missiles", SearchMode.TEXT).size());
      }
    }
  }

  @Test
  void vectorsOfAnotherModelAreNotIndexed() {
    Path db = dir.resolve("other.db");
    try (Store store = Store.open(db.toString());
        SearchIndex index = SearchIndex.open(dir.resolve("idx"), Corpus.EMBEDDING)) {
      long run = store.beginRun("test").id();
      importAndAnalyse(store, run, "p", "S", "T", "Russian missiles struck power stations across Ukraine.",
          "2022-10-11");
      StoreFeed feed = new StoreFeed(store, "some-other-model");
      assertEquals(1, index.sync(feed).put());
      assertEquals(1, feed.withoutVectors());
      assertEquals(1, search(index, "missiles", SearchMode.TEXT).size());
      assertTrue(search(index, "bombardment of the energy network", SearchMode.SEMANTIC).isEmpty());
    }
  }

  @Test
  void defaultIndexPlaces() {
    assertEquals(Path.of("data", "c.db.index"), StoreIndexes.defaultFor("data/c.db"));
    assertEquals(Path.of("c.db.index"), StoreIndexes.defaultFor("jdbc:sqlite:c.db"));
    assertEquals(Path.of("stancemap-localhost-5432-corpus.index"),
        StoreIndexes.defaultFor("jdbc:postgresql://localhost:5432/corpus?user=x"));
  }
}
