package org.stancemap.web;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.stancemap.analysis.DocumentAnalysis;
import org.stancemap.ask.question.ParsedQuestion;
import org.stancemap.ask.retrieval.DocumentMeta;
import org.stancemap.ask.retrieval.InMemoryRetriever;
import org.stancemap.ask.retrieval.RetrievedUnit;
import org.stancemap.ask.retrieval.Retriever;
import org.stancemap.model.EmbeddingModel;
import org.stancemap.search.SearchHit;
import org.stancemap.search.SearchIndex;
import org.stancemap.search.SearchMode;
import org.stancemap.search.SearchRequest;
import org.stancemap.store.DocumentDetail;
import org.stancemap.store.DocumentQuery;
import org.stancemap.store.SentenceRow;
import org.stancemap.store.Store;
import org.stancemap.store.StoredDocument;
import org.stancemap.store.Vectors;
import org.stancemap.text.Span;

/**
 * The ask module's {@link Retriever} over the corpus store and its search index. A small corpus (up to
 * {@link #WHOLE_CORPUS} analysed documents) is retrieved from whole: every analysis with its stored sentence
 * vectors goes into an {@link InMemoryRetriever}, rebuilt when the store's analysis watermark moves. A larger one
 * is narrowed first: the search index's hybrid search for the question's words gives the candidate documents (at
 * most {@link #CANDIDATES}), and the in-memory retriever ranks their units with the ask module's scoring. "How
 * many" questions over a large corpus therefore count the candidates only; answers say so in their notes through
 * {@link #describe()}. Thread-safe.
 */
public final class StoreRetriever implements Retriever {
  static final int WHOLE_CORPUS = 2000;
  static final int CANDIDATES = 200;

  private final Store store;
  private final SearchIndex index;
  private final EmbeddingModel embedding;
  private long builtAt = -1;
  private InMemoryRetriever whole;
  private volatile String described = "no documents";

  private final int wholeCorpus;

  /** A retriever over {@code store}, narrowed by {@code index} (may be null) in large corpora. */
  public StoreRetriever(Store store, SearchIndex index, EmbeddingModel embedding) {
    this(store, index, embedding, WHOLE_CORPUS);
  }

  /** @param wholeCorpus up to this many current documents, the whole corpus is retrieved from */
  StoreRetriever(Store store, SearchIndex index, EmbeddingModel embedding, int wholeCorpus) {
    this.wholeCorpus = wholeCorpus;
    this.store = store;
    this.index = index;
    this.embedding = embedding;
  }

  @Override
  public List<RetrievedUnit> retrieve(ParsedQuestion question, int k) {
    return retriever(question).retrieve(question, k);
  }

  private InMemoryRetriever retriever(ParsedQuestion q) {
    long analysed = store.countDocuments(true);
    if (analysed <= wholeCorpus || index == null) {
      synchronized (this) {
        long seq = store.lastAnalysisSeq();
        if (whole == null || seq != builtAt) {
          InMemoryRetriever.Builder b = InMemoryRetriever.builder(embedding);
          Set<String> seen = new LinkedHashSet<>();
          try (var entries = store.stream(DocumentQuery.current().analysedOnly(true).withText(false))) {
            entries.forEach(e -> add(b, e.document().id(), seen));
          }
          whole = b.build();
          builtAt = seq;
          described = whole.describe();
        }
        return whole;
      }
    }
    // each keyword quoted, so that no question word is read as query syntax (AND, NOT, field:...)
    StringBuilder query = new StringBuilder();
    for (String w : q.keywords()) {
      String clean = w.replaceAll("[^\\p{L}\\p{N}'-]", " ").strip();
      if (!clean.isEmpty()) {
        query.append(query.isEmpty() ? "" : " ").append('"').append(clean).append('"');
      }
    }
    List<Long> ids = new ArrayList<>();
    if (!query.isEmpty()) {
      List<SearchHit> hits;
      try {
        hits = index.search(new SearchRequest(query.toString(), SearchMode.HYBRID, 0, 1000)).hits();
      } catch (RuntimeException e) {
        hits = List.of(); // a query the index cannot run leaves no candidates; the answer then says so
      }
      for (SearchHit h : hits) {
        long id = idOfContent(h.documentId());
        if (id > 0 && !ids.contains(id)) {
          ids.add(id);
        }
        if (ids.size() >= CANDIDATES) {
          break;
        }
      }
    }
    InMemoryRetriever.Builder b = InMemoryRetriever.builder(embedding);
    Set<String> seen = new LinkedHashSet<>();
    ids.forEach(id -> add(b, id, seen));
    InMemoryRetriever r = b.build();
    described = r.describe() + ", the search index's best " + CANDIDATES + " of " + analysed + " documents";
    return r;
  }

  private final Map<String, Long> contentIds = new java.util.concurrent.ConcurrentHashMap<>();
  private CorpusSql sql;

  StoreRetriever withSql(CorpusSql corpusSql) {
    this.sql = corpusSql;
    return this;
  }

  private long idOfContent(String contentId) {
    return contentIds.computeIfAbsent(contentId, c -> sql == null ? -1L : sql.idOf(c).orElse(-1L));
  }

  private void add(InMemoryRetriever.Builder b, long id, Set<String> seen) {
    Optional<DocumentDetail> detail = store.document(id);
    Optional<DocumentAnalysis> analysis = store.analysis(id);
    if (detail.isEmpty() || analysis.isEmpty()) {
      return;
    }
    DocumentAnalysis a = analysis.get();
    if (!seen.add(a.document().id())) {
      return;
    }
    Map<Span, float[]> vectors = new HashMap<>();
    for (SentenceRow s : detail.get().sentences()) {
      if (s.vector() != null) {
        vectors.put(new Span(s.start(), s.end()), Vectors.dequantize(s.vector()));
      }
    }
    b.add(a, meta(detail.get().document(), a), vectors.isEmpty() ? null : vectors);
  }

  static DocumentMeta meta(StoredDocument d, DocumentAnalysis a) {
    LocalDate published = d.published() == null ? null : d.published().atZone(ZoneOffset.UTC).toLocalDate();
    String title = d.title() != null ? d.title() : a.document().title();
    if (title == null) {
      String text = a.document().text();
      title = CorpusSql.firstLine(text.substring(0, Math.min(400, text.length())));
    }
    return new DocumentMeta(a.document().id(), title, d.source(), d.url(), published);
  }

  @Override
  public String describe() {
    return described;
  }

}
