package org.stancemap.search.store;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;
import org.stancemap.analysis.DocumentAnalysis;
import org.stancemap.document.DocumentMeta;
import org.stancemap.search.ChangeFeed;
import org.stancemap.search.IndexedDocument;
import org.stancemap.store.DocumentDetail;
import org.stancemap.store.DocumentQuery;
import org.stancemap.store.Entry;
import org.stancemap.store.SentenceRow;
import org.stancemap.store.Store;
import org.stancemap.store.StoredDocument;
import org.stancemap.store.Vectors;

/**
 * The changes of a corpus {@link Store} as a {@link ChangeFeed}: the watermark is the store's analysis sequence
 * number ({@code StoredAnalysis.seq}, larger for every analysis stored later), so a sync indexes exactly the
 * documents analysed (or re-analysed) since the last one.
 *
 * <ul>
 *   <li>A current document whose analysis is newer than the watermark is a {@link ChangeFeed.Put}, in analysis
 *       order, with its stored sentence vectors (int8 in the store, dequantised here) when they come from the
 *       index's embedding model and cover every sentence; otherwise without vectors (found by full text only).</li>
 *   <li>Every document that is no longer current (a location now holds a newer version) is a
 *       {@link ChangeFeed.Delete}, so replaced versions leave the index; deletes come first and carry the old
 *       watermark, so they never advance it.</li>
 *   <li>When the store's last analysis is not newer than the watermark, nothing is read at all: a search on an
 *       unchanged corpus costs one query.</li>
 * </ul>
 *
 * <p>Documents are read one at a time as the stream is consumed. Index ids are the store's document ids.
 */
public final class StoreFeed implements ChangeFeed {
  private final Store store;
  private final String embeddingId;
  private int withoutVectors;

  /**
   * @param store the corpus
   * @param embeddingId the id of the embedding model the index embeds queries with; stored vectors of another model
   *     are not indexed (null: never index vectors)
   */
  public StoreFeed(Store store, String embeddingId) {
    this.store = Objects.requireNonNull(store, "store");
    this.embeddingId = embeddingId;
  }

  /** How many documents the last stream handed out without vectors (other model, or none stored). */
  public int withoutVectors() {
    return withoutVectors;
  }

  /**
   * How many analyses the store holds that an index synced up to {@code watermark} lacks: 0 when it is up to date.
   * Analysis sequence numbers are given one per stored analysis and never reused, so this is the number of
   * analyses stored since (a PostgreSQL transaction rolled back leaves a gap, counted here too).
   */
  public long analysesAfter(String watermark) {
    return Math.max(0, store.lastAnalysisSeq() - parse(watermark));
  }

  private record Changed(long seq, long documentId) {}

  @Override
  public Stream<Change> changesSince(String watermark) {
    long after = parse(watermark);
    withoutVectors = 0;
    if (store.lastAnalysisSeq() <= after) {
      return Stream.empty();
    }
    List<Changed> changed = new ArrayList<>();
    List<Long> replaced = new ArrayList<>();
    DocumentQuery metadataOnly = new DocumentQuery(0, 1000, false, true, false, false);
    try (Stream<Entry> entries = store.stream(metadataOnly)) {
      entries.forEach(e -> {
        if (!e.document().current()) {
          replaced.add(e.document().id());
        } else if (e.analysis() != null && e.analysis().seq() > after) {
          changed.add(new Changed(e.analysis().seq(), e.document().id()));
        }
      });
    }
    changed.sort(Comparator.comparingLong(Changed::seq));
    String old = Long.toString(after);
    Stream<Change> deletes = replaced.stream().map(id -> new ChangeFeed.Delete(Long.toString(id), old));
    Stream<Change> puts = changed.stream().map(this::change);
    return Stream.concat(deletes, puts);
  }

  private Change change(Changed c) {
    String wm = Long.toString(c.seq());
    String id = Long.toString(c.documentId());
    Optional<DocumentDetail> detail = store.document(c.documentId());
    Optional<DocumentAnalysis> analysis = store.analysis(c.documentId());
    if (detail.isEmpty() || analysis.isEmpty() || detail.get().analysis() == null) {
      return new ChangeFeed.Delete(id, wm);
    }
    StoredDocument d = detail.get().document();
    DocumentAnalysis a = analysis.get();
    DocumentMeta meta = DocumentMeta.of(id, d.title() != null ? d.title() : a.document().title(), d.source(),
        d.url(), d.published(), d.language() != null ? d.language() : a.document().language());
    List<float[]> vectors = vectors(detail.get(), a);
    if (vectors.isEmpty()) {
      withoutVectors++;
    }
    return new ChangeFeed.Put(new IndexedDocument(meta, a, vectors), wm);
  }

  private List<float[]> vectors(DocumentDetail detail, DocumentAnalysis a) {
    if (embeddingId == null || !embeddingId.equals(detail.analysis().key().embedding())) {
      return List.of();
    }
    List<SentenceRow> rows = detail.sentences();
    if (rows.size() != IndexedDocument.sentenceCount(a) || rows.stream().anyMatch(r -> r.vector() == null)) {
      return List.of();
    }
    List<float[]> out = new ArrayList<>(rows.size());
    rows.stream().sorted(Comparator.comparingInt(SentenceRow::index)).forEach(r -> out.add(Vectors.dequantize(r.vector())));
    return out;
  }

  private static long parse(String watermark) {
    if (watermark == null) {
      return 0;
    }
    try {
      return Long.parseLong(watermark);
    } catch (NumberFormatException e) {
      // an index synced from something else: start over (puts replace, so this is safe)
      return 0;
    }
  }
}
