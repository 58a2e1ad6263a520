package org.stancemap.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stancemap.InvalidInputException;
import org.stancemap.document.Document;
import org.stancemap.document.DocumentMeta;

/** Adding, replacing, deleting, committing and syncing, on real indexes in temporary folders. */
class IndexUpdateTest {
  @TempDir
  Path dir;

  static int hits(SearchIndex index, String q) {
    return index.search(new SearchRequest(q, SearchMode.TEXT, 0, 100)).hits().size();
  }

  static IndexedDocument version(String id, String body) {
    Document d = Document.ofText("test:" + id, body, "eng");
    return IndexedDocument.analyse(Corpus.ANALYZER, d, DocumentMeta.of(id, "A test page", "Test Source", null, null,
        "eng"));
  }

  @Test
  void replaceDeleteAndReopen() {
    Path p = dir.resolve("idx");
    try (SearchIndex index = Corpus.index(p)) {
      int before = index.sentenceCount();
      index.put(version("d04", "Sanctions changed nothing.\n\nThe blockade of the harbour changed everything."));
      assertEquals(0, hits(index, "oligarchs"), "the old version of d04 is gone");
      assertEquals(1, hits(index, "harbour"), "the new version of d04 is found before any commit");
      assertEquals(before - IndexedDocument.sentenceCount(Corpus.DOCUMENTS.get("d04").analysis()) + 2,
          index.sentenceCount());
      index.delete("d05");
      index.delete("no-such-document");
      assertEquals(0, hits(index, "Odesa"));
      index.commit("w2");
    }
    try (SearchIndex index = SearchIndex.open(p, Corpus.EMBEDDING)) {
      assertEquals("w2", index.watermark());
      assertEquals(1, hits(index, "harbour"));
      assertEquals(0, hits(index, "Odesa"));
      assertFalse(index.stale());
      index.clear();
      index.commit();
      assertEquals(0, index.sentenceCount());
      assertNull(index.watermark());
    }
  }

  @Test
  void uncommittedChangesAreCommittedOnClose() {
    Path p = dir.resolve("idx");
    try (SearchIndex index = SearchIndex.open(p, Corpus.EMBEDDING)) {
      index.put(Corpus.DOCUMENTS.get("d06"));
    }
    try (SearchIndex index = SearchIndex.open(p, Corpus.EMBEDDING)) {
      assertEquals(1, hits(index, "Kherson"));
    }
  }

  @Test
  void secondWriterIsRefusedWithAClearMessage() {
    Path p = dir.resolve("idx");
    try (SearchIndex index = SearchIndex.open(p, Corpus.EMBEDDING)) {
      InvalidInputException e = assertThrows(InvalidInputException.class, () -> SearchIndex.open(p, Corpus.EMBEDDING));
      assertTrue(e.getMessage().contains("is in use by another process"), e.getMessage());
      assertEquals(0, index.sentenceCount());
    }
  }

  /** A feed over a list of changes, recording the watermarks it was asked for. */
  static final class ListFeed implements ChangeFeed {
    final List<Change> changes = new ArrayList<>();
    final List<String> asked = new ArrayList<>();

    @Override
    public Stream<Change> changesSince(String watermark) {
      asked.add(watermark);
      int from = watermark == null ? 0 : Integer.parseInt(watermark);
      return changes.stream().filter(c -> Integer.parseInt(c.watermark()) > from);
    }
  }

  @Test
  void syncAppliesOnlyChangesAfterTheStoredWatermark() {
    Path p = dir.resolve("idx");
    ListFeed feed = new ListFeed();
    int n = 1;
    for (IndexedDocument d : Corpus.all()) {
      feed.changes.add(new ChangeFeed.Put(d, String.valueOf(n++)));
    }
    try (SearchIndex index = SearchIndex.open(p, Corpus.EMBEDDING)) {
      SyncReport r = index.sync(feed);
      assertEquals(new SyncReport(12, 0, null, "12", false), r);
      assertEquals(1, hits(index, "Kherson"));
    }
    feed.changes.add(new ChangeFeed.Delete("d06", "13"));
    feed.changes.add(new ChangeFeed.Put(version("d13", "Miners in Kryvyi Rih went on strike for their wages."), "14"));
    try (SearchIndex index = SearchIndex.open(p, Corpus.EMBEDDING)) {
      assertEquals("12", index.watermark(), "the watermark lives in the commit data");
      SyncReport r = index.sync(feed);
      assertEquals(new SyncReport(1, 1, "12", "14", false), r);
      assertEquals(0, hits(index, "Kherson"));
      assertEquals(1, hits(index, "Kryvyi"));
      SyncReport again = index.sync(feed);
      assertEquals(new SyncReport(0, 0, "14", "14", false), again);
    }
    assertEquals(Arrays.asList(null, "12", "14"), feed.asked);
  }

  @Test
  void anIndexBuiltWithAnotherModelIsRebuiltBySync() {
    Path p = dir.resolve("idx");
    try (SearchIndex index = SearchIndex.open(p, null)) {
      index.put(Corpus.DOCUMENTS.get("d01"));
      index.commit("7");
      InvalidInputException e = assertThrows(InvalidInputException.class,
          () -> index.search(new SearchRequest("war", SearchMode.SEMANTIC, 0, 5)));
      assertTrue(e.getMessage().contains("--mode text"), e.getMessage());
      SearchResults hybrid = index.search(new SearchRequest("NATO", SearchMode.HYBRID, 0, 5));
      assertFalse(hybrid.hits().isEmpty());
      assertTrue(hybrid.notes().get(0).contains("full text only"), hybrid.notes().toString());
    }
    ListFeed feed = new ListFeed();
    feed.changes.add(new ChangeFeed.Put(Corpus.DOCUMENTS.get("d12"), "1"));
    try (SearchIndex index = SearchIndex.open(p, Corpus.EMBEDDING)) {
      assertTrue(index.stale(), "built without the embedding model");
      SyncReport r = index.sync(feed);
      assertTrue(r.rebuilt());
      assertEquals("1", r.to());
      assertEquals(0, hits(index, "NATO"), "the stale content is gone");
      assertEquals("d12", index.search(new SearchRequest("blackouts in the energy network", SearchMode.SEMANTIC, 0,
          1)).hits().get(0).documentId());
    }
  }

  @Test
  void openingWithoutTheModelKeepsTheIndexUsable() {
    Path p = dir.resolve("idx");
    try (SearchIndex index = Corpus.index(p)) {
      assertFalse(index.stale());
    }
    try (SearchIndex textOnly = SearchIndex.open(p, null)) {
      textOnly.delete("d01");
      textOnly.commit("after-delete");
    }
    try (SearchIndex index = SearchIndex.open(p, Corpus.EMBEDDING)) {
      assertFalse(index.stale(), "a text-only session does not make the index stale");
      assertEquals("d12", index.search(new SearchRequest("blackouts in the energy network", SearchMode.SEMANTIC, 0,
          1)).hits().get(0).documentId());
    }
  }

  @Test
  void badVectorsAreRefusedWithTheDocumentNamed() {
    IndexedDocument d = Corpus.DOCUMENTS.get("d01");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new IndexedDocument(d.meta(), d.analysis(), d.vectors().subList(0, 1)));
    assertTrue(e.getMessage().contains("document d01") && e.getMessage().contains("one per sentence"),
        e.getMessage());
  }
}
