package org.stancemap.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.lucene.index.CheckIndex;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stancemap.InvalidInputException;

/**
 * Readers beside the one writer (#19 point 7): a {@link SearchIndex} opened while another holds the folder's write
 * lock searches the last commit without the lock, follows the writer's commits, and never blocks or damages it.
 * Lucene's lock is per folder and process-wide (a second {@code IndexWriter} in the same JVM is refused exactly as
 * one in another process), so two opens in one JVM reproduce what {@code serve} and the CLI do in two; the CLI's
 * {@code SharedIndexCommandTest} runs the two-process case.
 */
class ReadOnlyIndexTest {
  @TempDir
  Path dir;

  static int hits(SearchIndex index, String q) {
    return IndexUpdateTest.hits(index, q);
  }

  @Test
  void aSearcherBesideTheWriterReadsTheLastCommitAndFollowsNewOnes() {
    Path p = dir.resolve("idx");
    try (SearchIndex writer = Corpus.index(p);
        SearchIndex reader = SearchIndex.openForSearch(p, Corpus.EMBEDDING)) {
      assertFalse(writer.readOnly());
      assertTrue(reader.readOnly(), "the writer holds the lock, so the second open is read-only instead of failing");
      assertEquals("fixtures", reader.watermark());
      assertEquals(writer.sentenceCount(), reader.sentenceCount());
      assertEquals(1, hits(reader, "Kherson"));
      // every mode works read-only, with the same ranking as the writer's own reader
      for (SearchMode mode : SearchMode.values()) {
        SearchRequest r = new SearchRequest("bombardment of the energy network", mode, 0, 5);
        assertEquals(ids(writer.search(r)), ids(reader.search(r)), mode.id());
      }
      assertEquals("d12", reader.search(new SearchRequest("bombardment of the energy network", SearchMode.SEMANTIC,
          0, 1)).hits().get(0).documentId());
      assertThrows(InvalidInputException.class, () -> SearchIndex.open(p, Corpus.EMBEDDING),
          "one writer at a time: a second writer is still refused");

      // the writer goes on while the reader is open: uncommitted changes stay invisible to the reader ...
      writer.put(IndexUpdateTest.version("d13", "Miners in Kryvyi Rih went on strike for their wages."));
      writer.delete("d06");
      assertEquals(1, hits(writer, "Kryvyi"));
      assertEquals(0, hits(reader, "Kryvyi"), "the reader sees commits only");
      assertEquals(1, hits(reader, "Kherson"));
      assertEquals("fixtures", reader.watermark());
      // ... and its commit reaches the reader at the next search
      writer.commit("w2");
      assertEquals(1, hits(reader, "Kryvyi"));
      assertEquals(0, hits(reader, "Kherson"));
      assertEquals("w2", reader.watermark());

      IllegalStateException e = assertThrows(IllegalStateException.class, () -> reader.delete("d01"));
      assertTrue(e.getMessage().contains("is open read-only"), e.getMessage());
      assertThrows(IllegalStateException.class, () -> reader.sync(w -> Stream.empty()));
      assertThrows(IllegalStateException.class, () -> reader.put(Corpus.DOCUMENTS.get("d06")));
      assertThrows(IllegalStateException.class, () -> reader.commit("w3"));
      assertEquals(1, hits(writer, "Kryvyi"), "the failed writes of the reader changed nothing");
    }
  }

  @Test
  void aReaderNeverLocksOrDamagesTheIndex() throws Exception {
    Path p = dir.resolve("idx");
    Corpus.index(p).close();
    try (SearchIndex reader = SearchIndex.openReadOnly(p, Corpus.EMBEDDING)) {
      assertEquals(1, hits(reader, "Odesa"));
      // the reader holds no lock: a writer opens beside it, rewrites and merges the index while it is open
      try (SearchIndex writer = SearchIndex.open(p, Corpus.EMBEDDING)) {
        assertFalse(writer.readOnly());
        for (int round = 0; round < 3; round++) {
          writer.put(IndexUpdateTest.version("r" + round, "Dockers in Gdansk struck in round " + round + "."));
          Corpus.all().forEach(writer::put); // replaces every fixture document, leaving deleted sentences to merge
          writer.commit("round" + round);
          assertEquals(round + 1, hits(reader, "Gdansk"), "round " + round);
          assertEquals("round" + round, reader.watermark());
        }
        writer.delete("d05");
        assertEquals(1, hits(reader, "Odesa"), "not committed yet");
      }
      assertEquals(0, hits(reader, "Odesa"), "closing the writer committed the delete, and the reader follows");
    }
    // nothing the reader did left a lock or damage behind: a writer opens, and Lucene's own check passes
    try (SearchIndex writer = SearchIndex.open(p, Corpus.EMBEDDING)) {
      assertEquals(3, hits(writer, "Gdansk"));
      assertEquals("round2", writer.watermark());
    }
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    try (Directory d = FSDirectory.open(p); CheckIndex check = new CheckIndex(d)) {
      check.setInfoStream(new PrintStream(log, true, StandardCharsets.UTF_8));
      CheckIndex.Status status = check.checkIndex();
      assertTrue(status.clean, log.toString(StandardCharsets.UTF_8));
    }
  }

  @Test
  void withoutAnotherWriterASearchOpensTheWriterAsBefore() {
    Path p = dir.resolve("idx");
    try (SearchIndex index = SearchIndex.openForSearch(p, Corpus.EMBEDDING)) {
      assertFalse(index.readOnly());
      index.put(Corpus.DOCUMENTS.get("d06"));
      index.commit("1");
    }
    try (SearchIndex index = SearchIndex.openForSearch(p, Corpus.EMBEDDING)) {
      assertFalse(index.readOnly());
      assertEquals("1", index.watermark());
      assertEquals(1, hits(index, "Kherson"));
    }
  }

  @Test
  void aReaderOfAnIndexWithoutCommitOrFolderSaysSo() {
    Path p = dir.resolve("idx");
    InvalidInputException none = assertThrows(InvalidInputException.class,
        () -> SearchIndex.openReadOnly(p, Corpus.EMBEDDING));
    assertTrue(none.getMessage().contains("there is no search index in"), none.getMessage());
    try (SearchIndex writer = SearchIndex.open(p, Corpus.EMBEDDING)) {
      // a writer that has not committed yet (serve commits at its first sync, at start-up)
      InvalidInputException e = assertThrows(InvalidInputException.class,
          () -> SearchIndex.openForSearch(p, Corpus.EMBEDDING));
      assertTrue(e.getMessage().contains("has nothing committed yet"), e.getMessage());
      writer.commit("0");
      try (SearchIndex reader = SearchIndex.openForSearch(p, Corpus.EMBEDDING)) {
        assertTrue(reader.readOnly());
        assertEquals(0, reader.sentenceCount());
        assertEquals("0", reader.watermark());
      }
    }
  }

  private static List<String> ids(SearchResults r) {
    return r.hits().stream().map(h -> h.documentId() + "/" + h.span()).toList();
  }
}
