package org.stancemap.search;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.tokenattributes.OffsetAttribute;
import org.apache.lucene.analysis.tokenattributes.TermToBytesRefAttribute;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.LongField;
import org.apache.lucene.index.CorruptIndexException;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexFormatTooNewException;
import org.apache.lucene.index.IndexFormatTooOldException;
import org.apache.lucene.index.IndexNotFoundException;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.IndexableField;
import org.apache.lucene.index.LeafReader;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.PostingsEnum;
import org.apache.lucene.index.SortedNumericDocValues;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.Terms;
import org.apache.lucene.index.TermsEnum;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.KnnFloatVectorQuery;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.search.Sort;
import org.apache.lucene.search.SortField;
import org.apache.lucene.search.SortedNumericSelector;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.search.TotalHits;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.store.LockObtainFailedException;
import org.apache.lucene.util.Bits;
import org.apache.lucene.util.BytesRef;
import org.stancemap.InvalidInputException;
import org.stancemap.model.EmbeddingModel;
import org.stancemap.text.Span;

/**
 * A Lucene index of analysed documents, one entry per sentence, searched by full text, by meaning or both.
 *
 * <p>Writes ({@link #put}, {@link #delete}, {@link #commit}, {@link #sync}) are serialised; searches may run
 * concurrently with each other and with writes, and see every change made through this object before the search
 * started (near-real-time reader), committed or not. Only one {@code SearchIndex} may have a directory open for
 * writing at a time, across processes (Lucene's write lock, {@code write.lock} in the folder).
 *
 * <p>A <em>read-only</em> {@code SearchIndex} ({@link #openReadOnly}, or {@link #openForSearch} when another process
 * writes the folder) takes no lock: it searches the last commit on disk and moves on to a newer commit before each
 * search, so any number of them can search beside the one writer without blocking or disturbing it (Lucene's
 * readers only read files that a commit has finished; the writer deletes an old commit's files only once no commit
 * point refers to them, and an open file stays readable after deletion). It cannot be changed: {@link #put},
 * {@link #delete}, {@link #clear}, {@link #commit} and {@link #sync} throw {@link IllegalStateException}.
 *
 * <p>The commit user data holds the sync watermark, the schema version and the id of the embedding model the
 * vectors came from; an index built with another model or schema is cleared and rebuilt by the next {@link #sync}
 * (semantic search is off until then).
 */
public final class SearchIndex implements AutoCloseable {
  /** Commit data keys. */
  static final String WATERMARK = "stancemap.watermark";
  static final String SCHEMA = "stancemap.schema";
  static final String EMBEDDING = "stancemap.embedding";

  /**
   * Candidates each ranked list contributes to a semantic or hybrid search: pages within the first {@value} hits are
   * consistent with each other; deeper pages fetch {@code offset + limit} candidates.
   */
  public static final int CANDIDATES = 100;
  /**
   * The relevance floor of meaning-based hits: a sentence that the semantic search returns with a cosine similarity
   * to the query below this is dropped (in hybrid mode unless full text found it too). Measured on the sample
   * corpus with {@code RelevanceFloor} (docs/search.md, "Relevance floor"): it keeps the best relevant sentence of
   * 11 of the 12 judged paraphrase queries (the twelfth, German, has no vectors) and drops 97 % of the candidates of
   * queries on subjects the corpus does not treat.
   */
  public static final double SEMANTIC_FLOOR = 0.50;
  /** The constant k of reciprocal rank fusion: {@code score = sum over lists of 1 / (K + rank)}. */
  public static final int RRF_K = 60;
  private static final int COMMIT_EVERY = 500;

  private final Path path;
  private final Directory directory;
  /** Null for a read-only index. */
  private final IndexWriter writer;
  private final SearcherManager searchers;
  private final EmbeddingModel embedding;
  private final Analyzer analyzer;
  private final QueryCompiler compiler;
  private final String embeddingId;
  private volatile boolean stale;
  private String watermark;
  /** The commit generation the watermark and stale flag of a read-only index were read from. */
  private long viewed = -1;

  private SearchIndex(Path path, Directory directory, IndexWriter writer, DirectoryReader reader,
      EmbeddingModel embedding, Analyzer analyzer) throws IOException {
    this.path = path;
    this.directory = directory;
    this.writer = writer;
    this.embedding = embedding;
    this.analyzer = analyzer;
    this.compiler = new QueryCompiler(analyzer);
    Map<String, String> data = new HashMap<>();
    if (writer != null) {
      Iterable<Map.Entry<String, String>> live = writer.getLiveCommitData();
      if (live != null) {
        live.forEach(e -> data.put(e.getKey(), e.getValue()));
      }
    } else {
      data.putAll(reader.getIndexCommit().getUserData());
    }
    // opened without a model (full text only), the index keeps the model id its vectors were made with
    this.embeddingId = embedding != null ? embedding.info().id() + "/" + embedding.info().dimension()
        : data.getOrDefault(EMBEDDING, "none");
    if (writer != null) {
      this.watermark = data.get(WATERMARK);
      this.stale = stale(data, writer.getDocStats().numDocs == 0);
      this.searchers = new SearcherManager(writer, null);
    } else {
      view(reader);
      this.searchers = new SearcherManager(reader, null);
    }
  }

  /** Whether an index with this commit data must be rebuilt before semantic search (other model or schema). */
  private boolean stale(Map<String, String> data, boolean empty) {
    return !empty && (!Fields.SCHEMA.equals(data.get(SCHEMA))
        || (embedding != null && !embeddingId.equals(data.get(EMBEDDING))));
  }

  /** A read-only index: takes the watermark and stale flag of the commit {@code reader} sees, once per commit. */
  private synchronized void view(DirectoryReader reader) throws IOException {
    long generation = reader.getIndexCommit().getGeneration();
    if (generation != viewed) {
      Map<String, String> data = reader.getIndexCommit().getUserData();
      watermark = data.get(WATERMARK);
      stale = stale(data, reader.numDocs() == 0);
      viewed = generation;
    }
  }

  /**
   * Opens the index in {@code dir}, creating the folder and an empty index when missing.
   *
   * @param embedding the model that embeds queries, the same one that embedded the indexed sentences; null for an
   *     index searched by full text only
   * @throws InvalidInputException if another process has the index open for writing, or the folder holds no
   *     readable index
   */
  public static SearchIndex open(Path dir, EmbeddingModel embedding) {
    return open(dir, embedding, false);
  }

  /**
   * Opens the index in {@code dir} for writing, like {@link #open}, unless another process has it open for writing
   * (a running {@code stancemap serve}): then read-only ({@link #openReadOnly}) instead of failing. A command that
   * only searches uses this; {@link #readOnly()} says which it got, and a caller that syncs skips the sync when it
   * is read-only (the other process syncs).
   *
   * @param embedding as for {@link #open}
   * @throws InvalidInputException if the folder holds no readable index, or another process is creating it and has
   *     not committed it yet
   */
  public static SearchIndex openForSearch(Path dir, EmbeddingModel embedding) {
    return open(dir, embedding, true);
  }

  /**
   * Opens the index in {@code dir} read-only, without any lock: searches see its last commit, and each search
   * first moves on to a newer commit if another process made one. Uncommitted changes of the writing process are
   * not seen.
   *
   * @param embedding as for {@link #open}
   * @throws InvalidInputException if there is no index in {@code dir} (nothing committed yet), or it cannot be read
   */
  public static SearchIndex openReadOnly(Path dir, EmbeddingModel embedding) {
    Objects.requireNonNull(dir, "dir");
    if (!Files.isDirectory(dir)) {
      throw new InvalidInputException("there is no search index in " + dir);
    }
    Analyzer analyzer = Fields.textAnalyzer();
    Directory directory = null;
    try {
      directory = FSDirectory.open(dir);
      DirectoryReader reader = DirectoryReader.open(directory);
      try {
        return new SearchIndex(dir, directory, null, reader, embedding, analyzer);
      } catch (IOException | RuntimeException e) {
        reader.close();
        throw e;
      }
    } catch (IndexNotFoundException e) {
      close(directory);
      throw new InvalidInputException("search index " + dir + " has nothing committed yet: if another process (such "
          + "as stancemap serve) is creating it, try again in a moment", e);
    } catch (CorruptIndexException | IndexFormatTooOldException | IndexFormatTooNewException e) {
      close(directory);
      throw unreadable(dir, e);
    } catch (IOException e) {
      close(directory);
      throw new UncheckedIOException("cannot open search index " + dir + ": " + e.getMessage(), e);
    }
  }

  private static SearchIndex open(Path dir, EmbeddingModel embedding, boolean readWhenLocked) {
    Objects.requireNonNull(dir, "dir");
    Analyzer analyzer = Fields.textAnalyzer();
    Directory directory = null;
    try {
      Files.createDirectories(dir);
      directory = FSDirectory.open(dir);
      IndexWriterConfig config = new IndexWriterConfig(analyzer);
      config.setOpenMode(IndexWriterConfig.OpenMode.CREATE_OR_APPEND);
      config.setRAMBufferSizeMB(128);
      IndexWriter writer = new IndexWriter(directory, config);
      return new SearchIndex(dir, directory, writer, null, embedding, analyzer);
    } catch (LockObtainFailedException e) {
      close(directory);
      if (readWhenLocked) {
        // #19: a reader needs no lock; only one process at a time may write
        return openReadOnly(dir, embedding);
      }
      throw new InvalidInputException("search index " + dir + " is in use by another process: wait until it is done");
    } catch (CorruptIndexException | IndexFormatTooOldException | IndexFormatTooNewException e) {
      close(directory);
      throw unreadable(dir, e);
    } catch (IOException e) {
      close(directory);
      throw new UncheckedIOException("cannot open search index " + dir + ": " + e.getMessage(), e);
    }
  }

  private static InvalidInputException unreadable(Path dir, IOException e) {
    return new InvalidInputException("search index " + dir + " cannot be read (" + e.getMessage()
        + "): delete the folder, the next sync rebuilds it from the store", e);
  }

  private static void close(Directory d) {
    if (d != null) {
      try {
        d.close();
      } catch (IOException ignored) {
        // the open failure is what the caller needs to hear about
      }
    }
  }

  /** The folder of the index. */
  public Path path() {
    return path;
  }

  /**
   * The watermark of the last synced change (committed or pending), or null. For a read-only index: the watermark
   * of the newest commit on disk (it moves on to that commit first).
   */
  public String watermark() {
    if (writer == null) {
      release(acquire());
    }
    synchronized (this) {
      return watermark;
    }
  }

  /** True when this index was opened read-only: it searches the last commit and cannot be changed. */
  public boolean readOnly() {
    return writer == null;
  }

  private void writable() {
    if (writer == null) {
      throw new IllegalStateException("search index " + path + " is open read-only (another process writes it):"
          + " it cannot be changed from here");
    }
  }

  /** True when the index was built with another embedding model or schema and the next sync will rebuild it. */
  public boolean stale() {
    return stale;
  }

  /** Adds a document, replacing every sentence of an earlier document with the same id (atomically). */
  public synchronized void put(IndexedDocument document) {
    Objects.requireNonNull(document, "document");
    writable();
    if (embedding != null && document.hasVectors()
        && document.vector(0).length != embedding.info().dimension()) {
      throw new IllegalArgumentException("document " + document.meta().id() + " has sentence vectors of "
          + document.vector(0).length + " dimensions, the index's embedding model " + embedding.info().id() + " has "
          + embedding.info().dimension());
    }
    try {
      writer.updateDocuments(new Term(Fields.ID, document.meta().id()), Fields.documents(document));
    } catch (IOException e) {
      throw io("add document " + document.meta().id() + " to", e);
    }
  }

  /** Removes every sentence of the document with this id; nothing happens when there is none. */
  public synchronized void delete(String documentId) {
    writable();
    try {
      writer.deleteDocuments(new Term(Fields.ID, documentId));
    } catch (IOException e) {
      throw io("delete document " + documentId + " from", e);
    }
  }

  /** Removes everything (the watermark too, at the next commit). */
  public synchronized void clear() {
    writable();
    try {
      writer.deleteAll();
      watermark = null;
    } catch (IOException e) {
      throw io("clear", e);
    }
  }

  /** Makes every change so far durable, with the current watermark. */
  public synchronized void commit() {
    commit(watermark);
  }

  /** Makes every change so far durable and records {@code newWatermark} (null: none) with them. */
  public synchronized void commit(String newWatermark) {
    writable();
    Map<String, String> data = new TreeMap<>();
    if (newWatermark != null) {
      data.put(WATERMARK, newWatermark);
    }
    data.put(SCHEMA, Fields.SCHEMA);
    data.put(EMBEDDING, embeddingId);
    writer.setLiveCommitData(data.entrySet());
    try {
      writer.commit();
      watermark = newWatermark;
    } catch (IOException e) {
      throw io("commit", e);
    }
  }

  /**
   * Brings the index up to date: applies every change of {@code feed} after the stored watermark, committing every
   * {@value #COMMIT_EVERY} changes and at the end with the watermark of the last change applied, so that a sync that
   * is interrupted resumes where its last commit left off. A stale index is cleared and rebuilt from the start.
   *
   * @throws IllegalStateException if this index is {@linkplain #readOnly() read-only}
   */
  public synchronized SyncReport sync(ChangeFeed feed) {
    writable();
    boolean rebuilt = false;
    if (stale) {
      clear();
      rebuilt = true;
    }
    String from = watermark;
    String last = from;
    int put = 0;
    int deleted = 0;
    int pending = 0;
    try (Stream<ChangeFeed.Change> changes = feed.changesSince(from)) {
      for (ChangeFeed.Change c : (Iterable<ChangeFeed.Change>) changes::iterator) {
        switch (c) {
          case ChangeFeed.Put p -> {
            put(p.document());
            put++;
          }
          case ChangeFeed.Delete d -> {
            delete(d.documentId());
            deleted++;
          }
        }
        last = c.watermark();
        if (++pending >= COMMIT_EVERY) {
          commit(last);
          pending = 0;
        }
      }
    }
    commit(last);
    stale = false;
    return new SyncReport(put, deleted, from, last, rebuilt);
  }

  /** The number of index segments now (for benchmarks). */
  int segments() {
    IndexSearcher s = acquire();
    try {
      return s.getIndexReader().leaves().size();
    } finally {
      release(s);
    }
  }

  /** The number of indexed sentences, including uncommitted changes. */
  public int sentenceCount() {
    IndexSearcher s = acquire();
    try {
      return s.getIndexReader().numDocs();
    } finally {
      release(s);
    }
  }

  /**
   * Checks a query's syntax without an index, so that a caller can refuse a bad query before any work.
   *
   * @throws InvalidInputException if the query is not valid (the message shows where and what to fix)
   */
  public static void checkQuery(String query) {
    try (Analyzer a = Fields.textAnalyzer()) {
      new QueryCompiler(a).compile(query);
    }
  }

  /**
   * Runs a search.
   *
   * @throws InvalidInputException if the query is not valid (the message shows where and what to fix), or a
   *     semantic search is asked of an index without an embedding model
   */
  public SearchResults search(SearchRequest request) {
    QueryCompiler.Compiled c = compiler.compile(request.query());
    IndexSearcher searcher = acquire();
    try {
      return run(searcher, request, c);
    } catch (IOException e) {
      throw io("search", e);
    } finally {
      release(searcher);
    }
  }

  /**
   * The documents of the best-ranked sentences of {@code request}, best first, each once, at most
   * {@code maxDocuments}: the same ranking as {@link #search} over its first {@code request.limit()} sentences, but
   * reading only each sentence's document id (no text, no highlights), for callers that load the documents
   * themselves (ask's store retriever).
   *
   * @throws InvalidInputException as {@link #search}
   */
  public List<String> documentIds(SearchRequest request, int maxDocuments) {
    if (maxDocuments < 1) {
      throw new IllegalArgumentException("maxDocuments must be positive: " + maxDocuments);
    }
    QueryCompiler.Compiled c = compiler.compile(request.query());
    IndexSearcher searcher = acquire();
    try {
      List<Integer> ranked;
      Ranked k = rank(searcher, request, c, new ArrayList<>());
      if (k != null) {
        ranked = k.ranked();
      } else {
        ranked = new ArrayList<>();
        for (ScoreDoc sd : browseTop(searcher, request, c).scoreDocs) {
          ranked.add(sd.doc);
        }
      }
      LinkedHashSet<String> ids = new LinkedHashSet<>();
      StoredFields stored = searcher.storedFields();
      Set<String> idField = Set.of(Fields.ID);
      int depth = Math.min(ranked.size(), request.offset() + request.limit());
      for (int i = request.offset(); i < depth && ids.size() < maxDocuments; i++) {
        ids.add(stored.document(ranked.get(i), idField).get(Fields.ID));
      }
      return List.copyOf(ids);
    } catch (IOException e) {
      throw io("search", e);
    } finally {
      release(searcher);
    }
  }

  /** Ranked Lucene documents with their scores; null when the query has nothing to rank by (browse instead). */
  private record Ranked(List<Integer> ranked, Map<Integer, Double> scores, Map<Integer, Double> textScores,
      Map<Integer, Double> semanticScores, long total, boolean exact) {}

  private SearchResults run(IndexSearcher searcher, SearchRequest r, QueryCompiler.Compiled c) throws IOException {
    List<String> notes = new ArrayList<>();
    if (c.dateFilter()) {
      int[] undated = undatedDocuments(searcher);
      if (undated[0] > 0) {
        notes.add(undated[0] + " of " + undated[1] + " document(s) in the index have no date, and a date: filter"
            + " never matches them" + (undated[0] == undated[1] ? ": drop the date: filter to search them" : ""));
      }
    }
    Ranked k = rank(searcher, r, c, notes);
    if (k == null) {
      return browse(searcher, r, c, notes);
    }
    int depth = r.offset() + r.limit();
    List<SearchHit> hits = new ArrayList<>();
    StoredFields stored = searcher.storedFields();
    for (int i = r.offset(); i < Math.min(depth, k.ranked().size()); i++) {
      int doc = k.ranked().get(i);
      hits.add(hit(stored.document(doc), k.scores().get(doc), k.textScores().get(doc), k.semanticScores().get(doc),
          c));
    }
    return new SearchResults(r, hits, k.total(), k.exact(), notes);
  }

  private Ranked rank(IndexSearcher searcher, SearchRequest r, QueryCompiler.Compiled c, List<String> notes)
      throws IOException {
    int depth = r.offset() + r.limit();
    int pool = Math.max(CANDIDATES, depth);
    boolean canEmbed = embedding != null && !stale;
    boolean hasEmbeddingText = !c.embeddingText().isBlank();
    SearchMode mode = r.mode();
    if (mode == SearchMode.SEMANTIC && !canEmbed && hasEmbeddingText) {
      throw new InvalidInputException(embedding == null
          ? "semantic search needs the embedding model, and this index was opened without one: use --mode text"
          : "the search index was built with another embedding model: sync it first (it is rebuilt), or use --mode text");
    }
    if (mode == SearchMode.HYBRID && !canEmbed && hasEmbeddingText) {
      notes.add("semantic search is unavailable (" + (embedding == null ? "no embedding model"
          : "the index was built with another embedding model; the next sync rebuilds it") + "): full text only");
    }
    boolean useText = mode != SearchMode.SEMANTIC && c.text() != null;
    boolean useSemantic = mode != SearchMode.TEXT && canEmbed && hasEmbeddingText;
    if (!useText && !useSemantic) {
      if (mode == SearchMode.TEXT && hasEmbeddingText && c.text() == null) {
        notes.add("the query has only stop words or exclusions to rank by: listing its matches, newest first");
      }
      return null;
    }
    Map<Integer, Double> textScores = new HashMap<>();
    Map<Integer, Double> semanticScores = new HashMap<>();
    List<Integer> textRanked = new ArrayList<>();
    List<Integer> semanticRanked = new ArrayList<>();
    long total = 0;
    boolean exact = false;
    if (useText) {
      Query q = c.filter() == null ? c.text() : new BooleanQuery.Builder()
          .add(c.text(), BooleanClause.Occur.MUST).add(c.filter(), BooleanClause.Occur.FILTER).build();
      TopDocs top = searcher.search(q, useSemantic ? pool : depth);
      for (ScoreDoc sd : top.scoreDocs) {
        textScores.put(sd.doc, (double) sd.score);
        textRanked.add(sd.doc);
      }
      total = top.totalHits.value();
      exact = top.totalHits.relation() == TotalHits.Relation.EQUAL_TO;
    }
    boolean semanticComplete = false;
    if (useSemantic) {
      float[] vector = Fields.normalised(embedding.embed(List.of(c.embeddingText()))[0]);
      Query knn = new KnnFloatVectorQuery(Fields.VECTOR, vector, pool, c.filter());
      TopDocs top = searcher.search(knn, pool);
      int below = 0;
      for (ScoreDoc sd : top.scoreDocs) {
        // DOT_PRODUCT scores are (1 + cos) / 2
        double cosine = 2.0 * sd.score - 1.0;
        if (cosine < SEMANTIC_FLOOR) {
          // #20: without a floor the nearest neighbours of any query are "hits", however far they are
          below++;
          continue;
        }
        semanticScores.put(sd.doc, cosine);
        semanticRanked.add(sd.doc);
      }
      semanticComplete = below > 0 || top.scoreDocs.length < pool;
      if (mode == SearchMode.SEMANTIC && semanticRanked.isEmpty() && below > 0) {
        notes.add(String.format(Locale.ROOT, "no sentence is close enough in meaning to the query (cosine"
            + " similarity %.2f or more); %d nearer ones were left out: try other words or full text", SEMANTIC_FLOOR,
            below));
      }
    }
    List<Integer> ranked;
    Map<Integer, Double> scores;
    if (useText && useSemantic) {
      scores = fuse(textRanked, semanticRanked);
      ranked = new ArrayList<>(scores.keySet());
      Map<Integer, Integer> best = new HashMap<>();
      for (int i = 0; i < textRanked.size(); i++) {
        best.merge(textRanked.get(i), i, Math::min);
      }
      for (int i = 0; i < semanticRanked.size(); i++) {
        best.merge(semanticRanked.get(i), i, Math::min);
      }
      ranked.sort(Comparator.<Integer>comparingDouble(d -> -scores.get(d)).thenComparing(best::get)
          .thenComparing(d -> d));
      total = Math.max(total, ranked.size());
      exact = exact && semanticComplete && ranked.size() == total;
    } else if (useText) {
      ranked = textRanked;
      scores = textScores;
    } else {
      ranked = semanticRanked;
      scores = semanticScores;
      total = ranked.size();
      exact = semanticComplete;
    }
    return new Ranked(ranked, scores, textScores, semanticScores, total, exact);
  }

  /**
   * The number of indexed documents without a publication date and of all indexed documents: one look-up per
   * document (its id term's first live sentence; all sentences of a document share its date and segment).
   */
  private static int[] undatedDocuments(IndexSearcher searcher) throws IOException {
    int undated = 0;
    int all = 0;
    for (LeafReaderContext leaf : searcher.getIndexReader().leaves()) {
      LeafReader reader = leaf.reader();
      Terms ids = reader.terms(Fields.ID);
      if (ids == null) {
        continue;
      }
      Bits live = reader.getLiveDocs();
      List<Integer> firsts = new ArrayList<>();
      TermsEnum te = ids.iterator();
      PostingsEnum pe = null;
      while (te.next() != null) {
        pe = te.postings(pe, PostingsEnum.NONE);
        for (int d = pe.nextDoc(); d != DocIdSetIterator.NO_MORE_DOCS; d = pe.nextDoc()) {
          if (live == null || live.get(d)) {
            firsts.add(d);
            break;
          }
        }
      }
      firsts.sort(null); // doc values are read in doc id order
      SortedNumericDocValues dates = reader.getSortedNumericDocValues(Fields.DATE);
      for (int d : firsts) {
        all++;
        if (dates == null || !dates.advanceExact(d)) {
          undated++;
        }
      }
    }
    return new int[] {undated, all};
  }

  /** The first page's worth of matches of a query with nothing to rank by, newest first. */
  private static TopDocs browseTop(IndexSearcher searcher, SearchRequest r, QueryCompiler.Compiled c)
      throws IOException {
    Query q = c.filter() == null ? MatchAllDocsQuery.INSTANCE : c.filter();
    Sort sort = new Sort(LongField.newSortField(Fields.DATE, true, SortedNumericSelector.Type.MAX, Long.MIN_VALUE),
        SortField.FIELD_DOC);
    return searcher.search(q, r.offset() + r.limit(), sort);
  }

  /** Reciprocal rank fusion of two ranked lists (ranks start at 1). */
  static Map<Integer, Double> fuse(List<Integer> a, List<Integer> b) {
    Map<Integer, Double> s = new HashMap<>();
    for (int i = 0; i < a.size(); i++) {
      s.merge(a.get(i), 1.0 / (RRF_K + i + 1), Double::sum);
    }
    for (int i = 0; i < b.size(); i++) {
      s.merge(b.get(i), 1.0 / (RRF_K + i + 1), Double::sum);
    }
    return s;
  }

  /** A query with nothing to rank by: its matches, newest first (undated last), then in index order. */
  private SearchResults browse(IndexSearcher searcher, SearchRequest r, QueryCompiler.Compiled c, List<String> notes)
      throws IOException {
    TopDocs top = browseTop(searcher, r, c);
    List<SearchHit> hits = new ArrayList<>();
    StoredFields stored = searcher.storedFields();
    for (int i = r.offset(); i < top.scoreDocs.length; i++) {
      hits.add(hit(stored.document(top.scoreDocs[i].doc), 0.0, null, null, c));
    }
    return new SearchResults(r, hits, top.totalHits.value(),
        top.totalHits.relation() == TotalHits.Relation.EQUAL_TO, notes);
  }

  private SearchHit hit(Document d, double score, Double textScore, Double semanticScore,
      QueryCompiler.Compiled c) throws IOException {
    String sentence = d.get(Fields.TEXT);
    int start = d.getField(Fields.START).numericValue().intValue();
    int end = d.getField(Fields.END).numericValue().intValue();
    String unitText = d.get(Fields.UNIT_TEXT);
    int unitStart = d.getField(Fields.UNIT_START).numericValue().intValue();
    IndexableField date = d.getField(Fields.DATE);
    Map<String, String> stance = new TreeMap<>();
    for (String s : d.getValues("stance")) {
      int i = s.lastIndexOf(':');
      stance.put(s.substring(0, i), s.substring(i + 1));
    }
    return new SearchHit(d.get(Fields.ID), d.get(Fields.TITLE), d.get(Fields.SOURCE_NAME), d.get(Fields.URL),
        date == null ? null : Instant.ofEpochMilli(date.numericValue().longValue()), d.get(Fields.LANGUAGE),
        d.get(Fields.UNIT_ID), d.get(Fields.KIND), sentence, new Span(start, end), unitText,
        new Span(unitStart, unitStart + unitText.length()), highlights(sentence, start, c.highlight()), score,
        textScore, semanticScore, d.get(Fields.POSITION), d.get(Fields.DOC_PREFIX + Fields.POSITION),
        List.of(d.getValues(Fields.NARRATIVE)), List.of(d.getValues(Fields.TECHNIQUE)), stance);
  }

  /** The words of {@code sentence} whose analysed form is one of the query's positive text terms. */
  private List<Span> highlights(String sentence, int offset, QueryCompiler.Highlight h) throws IOException {
    if (h.terms().isEmpty() && h.patterns().isEmpty()) {
      return List.of();
    }
    List<Span> out = new ArrayList<>();
    try (TokenStream ts = analyzer.tokenStream(Fields.TEXT, sentence)) {
      TermToBytesRefAttribute term = ts.addAttribute(TermToBytesRefAttribute.class);
      OffsetAttribute off = ts.addAttribute(OffsetAttribute.class);
      ts.reset();
      int last = -1;
      while (ts.incrementToken()) {
        BytesRef b = term.getBytesRef();
        if (h.matches(b) && off.startOffset() >= last) {
          out.add(new Span(offset + off.startOffset(), offset + off.endOffset()));
          last = off.endOffset();
        }
      }
      ts.end();
    }
    return out;
  }

  private IndexSearcher acquire() {
    try {
      searchers.maybeRefreshBlocking();
      IndexSearcher s = searchers.acquire();
      if (writer == null) {
        try {
          view((DirectoryReader) s.getIndexReader());
        } catch (IOException | RuntimeException e) {
          searchers.release(s);
          throw e;
        }
      }
      return s;
    } catch (IOException e) {
      throw io("read", e);
    }
  }

  private void release(IndexSearcher s) {
    try {
      searchers.release(s);
    } catch (IOException e) {
      throw io("release a reader of", e);
    }
  }

  private UncheckedIOException io(String what, IOException e) {
    return new UncheckedIOException("cannot " + what + " search index " + path + ": " + e.getMessage(), e);
  }

  /** Closes the index, committing pending changes with the current watermark (when it is not read-only). */
  @Override
  public synchronized void close() {
    try {
      searchers.close();
      if (writer != null) {
        if (writer.hasUncommittedChanges()) {
          commit();
        }
        writer.close();
      }
      directory.close();
    } catch (IOException e) {
      throw io("close", e);
    }
  }
}
