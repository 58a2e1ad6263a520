package org.stancemap.web;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.stancemap.analysis.DocumentAnalysis;
import org.stancemap.ask.question.ParsedQuestion;
import org.stancemap.ask.retrieval.InMemoryRetriever;
import org.stancemap.ask.retrieval.RetrievedUnit;
import org.stancemap.ask.retrieval.Retriever;
import org.stancemap.document.DocumentMeta;
import org.stancemap.model.EmbeddingModel;
import org.stancemap.search.SearchIndex;
import org.stancemap.search.SearchMode;
import org.stancemap.search.SearchRequest;
import org.stancemap.store.AnalysedDocument;
import org.stancemap.store.CorpusQueries;
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
 * most {@link #CANDIDATES}, drawn from its best {@link #SENTENCES} sentences), and the in-memory retriever ranks
 * their units with the ask module's scoring. Candidates are decoded in parallel, and the last {@link #CACHED}
 * decoded ones are kept until the store's analysis watermark moves, so related questions reuse them. "How
 * many" questions over a large corpus therefore count the candidates only; answers say so in their notes through
 * {@link #describe()}. Thread-safe.
 */
public final class StoreRetriever implements Retriever {
  static final int WHOLE_CORPUS = 2000;
  static final int CANDIDATES = 100;
  /** How many of the index's best sentences the candidate documents are drawn from. */
  static final int SENTENCES = 400;
  /** How many decoded candidate documents are kept for the next questions (about 40 KB each). */
  static final int CACHED = 1000;

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

  /**
   * Whether questions are answered from the search index's candidates (a corpus of more than the whole-corpus
   * limit of current documents, {@link #WHOLE_CORPUS} by default) rather than from every document of the store: an
   * index behind the store can then miss the newest documents.
   */
  public boolean narrowsByIndex() {
    return index != null && store.countDocuments(true) > wholeCorpus;
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
      List<String> hits;
      try {
        hits = index.documentIds(new SearchRequest(query.toString(), SearchMode.HYBRID, 0, SENTENCES), CANDIDATES);
      } catch (RuntimeException e) {
        hits = List.of(); // a query the index cannot run leaves no candidates; the answer then says so
      }
      for (String h : hits) {
        long id = idOfContent(h);
        if (id > 0 && !ids.contains(id)) {
          ids.add(id);
        }
      }
    }
    InMemoryRetriever.Builder b = InMemoryRetriever.builder(embedding);
    Set<String> seen = new LinkedHashSet<>();
    // decoding stored analyses is most of the cost: recently used ones are kept, the rest are read in parallel
    List<Optional<Candidate>> loaded = ids.parallelStream().map(this::candidate).toList();
    for (Optional<Candidate> c : loaded) {
      c.filter(x -> seen.add(x.analysis().document().id())).ifPresent(x -> b.add(x.analysis(), x.meta(), x.vectors()));
    }
    InMemoryRetriever r = b.build();
    described = r.describe() + ", the search index's best " + CANDIDATES + " of " + analysed + " documents";
    return r;
  }

  private final Map<String, Long> contentIds = new ConcurrentHashMap<>();
  private CorpusQueries sql;

  StoreRetriever withSql(CorpusQueries corpusSql) {
    this.sql = corpusSql;
    return this;
  }

  /**
   * The store id of a search hit's document. The index names documents by their store id
   * ({@code search.store.StoreFeed}); other names (content hashes) need the corpus tables, when given.
   */
  private long idOfContent(String contentId) {
    if (contentId.matches("[0-9]{1,15}")) {
      return Long.parseLong(contentId); // add() skips an id the store no longer holds
    }
    return contentIds.computeIfAbsent(contentId, c -> sql == null ? -1L : sql.idOf(c).orElse(-1L));
  }

  private void add(InMemoryRetriever.Builder b, long id, Set<String> seen) {
    load(id).filter(c -> seen.add(c.analysis().document().id()))
        .ifPresent(c -> b.add(c.analysis(), c.meta(), c.vectors()));
  }

  /** A document ready for the in-memory retriever: its analysis, metadata and sentence vectors (or null). */
  private record Candidate(DocumentAnalysis analysis, DocumentMeta meta, Map<Span, float[]> vectors) {}

  /** Candidates decoded since the store's analysis watermark last moved, least recently used dropped first. */
  private final Map<Long, Candidate> cache = new LinkedHashMap<>(256, 0.75f, true) {
    private static final long serialVersionUID = 1L;

    @Override
    protected boolean removeEldestEntry(Map.Entry<Long, Candidate> eldest) {
      return size() > CACHED;
    }
  };
  private long cachedAt = Long.MIN_VALUE;

  private Optional<Candidate> candidate(long id) {
    long seq = store.lastAnalysisSeq();
    synchronized (cache) {
      if (seq != cachedAt) {
        cache.clear();
        cachedAt = seq;
      }
      Candidate c = cache.get(id);
      if (c != null) {
        return Optional.of(c);
      }
    }
    Optional<Candidate> c = load(id);
    synchronized (cache) {
      if (seq == cachedAt) {
        c.ifPresent(x -> cache.put(id, x));
      }
    }
    return c;
  }

  private Optional<Candidate> load(long id) {
    Optional<AnalysedDocument> stored = store.analysed(id);
    if (stored.isEmpty()) {
      return Optional.empty();
    }
    DocumentAnalysis a = stored.get().analysis();
    Map<Span, float[]> vectors = new HashMap<>();
    for (SentenceRow s : stored.get().sentences()) {
      if (s.vector() != null) {
        vectors.put(new Span(s.start(), s.end()), Vectors.dequantize(s.vector()));
      }
    }
    return Optional.of(new Candidate(a, meta(stored.get().document(), a), vectors.isEmpty() ? null : vectors));
  }

  /** Forgets the decoded candidates (benchmarks measure the first ask of a question with it). */
  void clearCache() {
    synchronized (cache) {
      cache.clear();
    }
  }

  static DocumentMeta meta(StoredDocument d, DocumentAnalysis a) {
    String title = d.title() != null ? d.title() : a.document().title();
    if (title == null) {
      String text = a.document().text();
      title = CorpusQueries.firstLine(text.substring(0, Math.min(400, text.length())));
    }
    return DocumentMeta.of(a.document().id(), title, d.source(), d.url(), d.published(), d.language());
  }

  @Override
  public String describe() {
    return described;
  }

}
