package org.stancemap.store;

import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.Predicate;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.stancemap.StoreException;
import org.stancemap.analysis.DocumentAnalysis;
import org.stancemap.document.Document;
import org.stancemap.document.SourceItem;

/**
 * The corpus: sources, documents and their versions, analyses, import runs and failures; and the workbench's
 * reviews and model activations.
 *
 * <p>Writes commit one item (a document, a failure, an analysis) per transaction, so an interrupted process loses
 * nothing it committed. One writer at a time per database; any number of readers, also while it writes (SQLite
 * in WAL mode, PostgreSQL). Implementations are thread-safe: writes are serialised, reads run on their own
 * connections. Listings are keyset-paged, so nothing is ever loaded whole.
 *
 * @see JdbcStore
 */
public interface Store extends AutoCloseable {
  /** The default database file of the command line. */
  String DEFAULT_DB = "stancemap.db";

  /**
   * Opens (creating and migrating when needed) the database {@code db}: a {@code jdbc:postgresql:} URL (password
   * from {@code STANCEMAP_DB_PASSWORD} when the URL has none), a {@code jdbc:sqlite:} URL, or a file path for
   * SQLite.
   *
   * @throws StoreException if it cannot be opened or migrated
   */
  static Store open(String db) {
    return JdbcStore.open(db);
  }

  /** What the database is, for messages ({@code SQLite corpus.db}, {@code PostgreSQL //host/db}). */
  String describe();

  // ---- imports --------------------------------------------------------------------------------------------

  /**
   * Starts an import run. If the latest run with equal {@code arguments} is still {@code running} (it was
   * killed), it is marked {@code interrupted} and the new run {@link ImportRun#resumes() resumes} it.
   */
  ImportRun beginRun(String arguments);

  /**
   * Locations committed by {@code run} or by the interrupted runs it resumes (transitively): a resumed import may
   * skip them ({@code ImportContext.alreadyImported}).
   */
  Predicate<String> committedBefore(ImportRun run);

  /** Stores one item in its own transaction: see {@link Outcome} for what happens. */
  Put put(long runId, SourceItem item);

  /** Records a failure in its own transaction. */
  void fail(long runId, String location, String reason);

  /** Marks the run finished and stores its final counts. */
  ImportRun finishRun(long runId);

  /** Every run, oldest first. */
  List<ImportRun> runs();

  Optional<ImportRun> run(long runId);

  /** The failures of a run, in the order they were recorded. */
  List<ImportFailure> failures(long runId);

  // ---- analyses -------------------------------------------------------------------------------------------

  /**
   * Ids of the current documents that need an analysis under {@code key}: those without one, or whose analysis
   * has another model id or codebook hash; with {@code all}, every current document. Ascending.
   */
  List<Long> toAnalyse(AnalysisKey key, boolean all);

  /**
   * Stores an analysis of document {@code documentId}, replacing its previous one, with its units, sentences
   * ({@code sentenceVectors}: one per sentence in document order, or null) and flattened labels, in one
   * transaction.
   *
   * @return the new analysis sequence number
   */
  long saveAnalysis(long documentId, DocumentAnalysis analysis, AnalysisKey key, List<float[]> sentenceVectors);

  /** The largest analysis sequence number so far (0 when none). */
  long lastAnalysisSeq();

  // ---- reading ----------------------------------------------------------------------------------------------

  /** One page of documents, by ascending id, with their current analyses. */
  Page<Entry> documents(DocumentQuery query);

  /** Every document the query selects, fetched page by page as the stream is consumed. Close the stream. */
  default Stream<Entry> stream(DocumentQuery query) {
    Iterator<Entry> it = new Iterator<>() {
      private Page<Entry> page = documents(query);
      private int i;

      @Override
      public boolean hasNext() {
        while (i >= page.items().size()) {
          if (!page.hasNext()) {
            return false;
          }
          page = documents(query.after(page.next()));
          i = 0;
        }
        return true;
      }

      @Override
      public Entry next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        return page.items().get(i++);
      }
    };
    return StreamSupport.stream(Spliterators.spliteratorUnknownSize(it, Spliterator.ORDERED | Spliterator.NONNULL),
        false);
  }

  /**
   * Documents whose current analysis has a sequence number above {@code afterSeq}, by ascending sequence number,
   * with text and analysis JSON; {@link Page#next()} is the last sequence number of the page (pass it back to
   * continue). An index keeps the largest sequence number it has seen as its watermark; a re-analysed document comes
   * again.
   */
  Page<Entry> analysedAfter(long afterSeq, int limit);

  /** The number of stored documents ({@code currentOnly}: held by some location now). */
  long countDocuments(boolean currentOnly);

  /** A document with its analysis, units, sentences and labels. */
  Optional<DocumentDetail> document(long documentId);

  /**
   * The document as ingest made it (text, format, language, segmentation hints, notes), ready to analyse; its
   * title is the best one known: the source's ({@code DocumentMeta.title}) when it gave one, else the markup's.
   */
  Optional<Document> ingestDocument(long documentId);

  /** The current analysis decoded into records (the text and hints come from the stored document). */
  Optional<DocumentAnalysis> analysis(long documentId);

  /**
   * The current analysis decoded, with its stored document and sentence rows (vectors), in one read: what
   * retrieval needs, without the flattened labels and units of {@link #document}. Empty when the document is
   * unknown or has no analysis.
   */
  Optional<AnalysedDocument> analysed(long documentId);

  /**
   * Sentences with vectors after {@code cursor}, by analysis sequence number then sentence index; only
   * sentences that have a vector.
   */
  List<SentenceVector> sentenceVectors(VectorCursor cursor, int limit);

  /** Distinct stance targets found in stored labels, sorted. */
  List<String> stanceTargets();

  /** Every distinct (dimension, target, label) among the stored labels, sorted. */
  List<LabelKind> labelKinds();

  /** Listings with filters, id look-ups, facets and dashboard aggregates over the current documents. */
  CorpusQueries corpus();

  // ---- the workbench's own records --------------------------------------------------------------------------

  /** Human reviews of unit labels. */
  Reviews reviews();

  /** The web server's model activations. */
  ModelActivations modelActivations();

  @Override
  void close();
}
