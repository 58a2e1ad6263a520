package org.stancemap.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Predicate;
import org.stancemap.StoreException;
import org.stancemap.analysis.DocumentAnalysis;
import org.stancemap.document.Document;
import org.stancemap.document.SourceItem;

/**
 * The {@link Store} over JDBC, for SQLite and PostgreSQL with the same SQL (dialect differences live in the Flyway
 * migrations under {@code db/migration/<dialect>}).
 *
 * <p>SQLite connections run in WAL mode with foreign keys on, {@code synchronous=NORMAL} and a 30 s busy timeout:
 * a process killed at any point loses no committed transaction and leaves a consistent file (WAL recovery). One
 * writer connection, guarded by a lock, does every write; reads borrow a connection from a small pool and run in
 * a read transaction, so a listing never sees half of a write.
 *
 * <p>A facade over package-private parts: {@code JdbcConnections} (opening, migrating, transactions),
 * {@code JdbcImports}, {@code JdbcAnalyses}, {@code JdbcReads}, {@code JdbcCorpusQueries}, {@code JdbcReviews} and
 * {@code JdbcModelActivations}.
 */
public final class JdbcStore implements Store {
  /** The environment variable that carries the PostgreSQL password. */
  public static final String PASSWORD_ENV = "STANCEMAP_DB_PASSWORD";

  private final JdbcConnections db;
  private final JdbcImports imports;
  private final JdbcAnalyses analyses;
  private final JdbcReads reads;
  private final CorpusQueries corpus;
  private final Reviews reviews;
  private final ModelActivations activations;

  private JdbcStore(JdbcConnections db) {
    this.db = db;
    this.imports = new JdbcImports(db);
    this.analyses = new JdbcAnalyses(db);
    this.reads = new JdbcReads(db);
    this.corpus = new JdbcCorpusQueries(db);
    this.reviews = new JdbcReviews(db);
    this.activations = new JdbcModelActivations(db);
  }

  /** See {@link Store#open(String)}. */
  static JdbcStore open(String db) {
    Objects.requireNonNull(db, "db");
    Properties props = new Properties();
    if (db.startsWith("jdbc:postgresql:")) {
      String pw = System.getenv(PASSWORD_ENV);
      if (pw != null && !db.contains("password=")) {
        props.setProperty("password", pw);
      }
      return new JdbcStore(new JdbcConnections(db, props, JdbcConnections.Dialect.POSTGRESQL,
          "PostgreSQL " + withoutParameters(db)));
    }
    if (db.startsWith("jdbc:sqlite:")) {
      return new JdbcStore(new JdbcConnections(db, props, JdbcConnections.Dialect.SQLITE,
          "SQLite " + db.substring("jdbc:sqlite:".length())));
    }
    if (db.startsWith("jdbc:")) {
      throw new StoreException("--db " + withoutParameters(db) + ": unsupported database; give a file path (SQLite) "
          + "or a jdbc:postgresql://HOST[:PORT]/DATABASE URL");
    }
    if (db.isBlank()) {
      throw new StoreException("--db must not be empty: give a file path (SQLite) or a jdbc:postgresql: URL");
    }
    Path p = Path.of(db).toAbsolutePath().normalize();
    if (Files.isDirectory(p)) {
      throw new StoreException("--db " + db + ": is a directory; give the database file, e.g. " + p.resolve(DEFAULT_DB));
    }
    try {
      Files.createDirectories(p.getParent());
    } catch (IOException e) {
      throw new StoreException("--db " + db + ": cannot create its directory: " + e.getMessage(), e);
    }
    return new JdbcStore(new JdbcConnections("jdbc:sqlite:" + p, props, JdbcConnections.Dialect.SQLITE,
        "SQLite " + db));
  }

  private static String withoutParameters(String url) {
    int q = url.indexOf('?');
    return q < 0 ? url : url.substring(0, q);
  }

  @Override
  public CorpusQueries corpus() {
    return corpus;
  }

  @Override
  public Reviews reviews() {
    return reviews;
  }

  @Override
  public ModelActivations modelActivations() {
    return activations;
  }

  @Override
  public String describe() {
    return db.description();
  }

  // ---- imports -----------------------------------------------------------------------------------------------

  @Override
  public ImportRun beginRun(String arguments) {
    return imports.beginRun(arguments);
  }

  @Override
  public Predicate<String> committedBefore(ImportRun run) {
    return imports.committedBefore(run);
  }

  @Override
  public Put put(long runId, SourceItem item) {
    return imports.put(runId, item);
  }

  @Override
  public void fail(long runId, String location, String reason) {
    imports.fail(runId, location, reason);
  }

  @Override
  public ImportRun finishRun(long runId) {
    return imports.finishRun(runId);
  }

  @Override
  public List<ImportRun> runs() {
    return imports.runs();
  }

  @Override
  public Optional<ImportRun> run(long runId) {
    return imports.run(runId);
  }

  @Override
  public List<ImportFailure> failures(long runId) {
    return imports.failures(runId);
  }

  // ---- analyses ----------------------------------------------------------------------------------------------

  @Override
  public List<Long> toAnalyse(AnalysisKey key, boolean all) {
    return analyses.toAnalyse(key, all);
  }

  @Override
  public long saveAnalysis(long documentId, DocumentAnalysis a, AnalysisKey key, List<float[]> sentenceVectors) {
    return analyses.saveAnalysis(documentId, a, key, sentenceVectors);
  }

  @Override
  public long lastAnalysisSeq() {
    return analyses.lastAnalysisSeq();
  }

  // ---- reading -----------------------------------------------------------------------------------------------

  @Override
  public Page<Entry> documents(DocumentQuery q) {
    return reads.documents(q);
  }

  @Override
  public Page<Entry> analysedAfter(long afterSeq, int limit) {
    return reads.analysedAfter(afterSeq, limit);
  }

  @Override
  public long countDocuments(boolean currentOnly) {
    return reads.countDocuments(currentOnly);
  }

  @Override
  public Optional<DocumentDetail> document(long documentId) {
    return reads.document(documentId);
  }

  @Override
  public Optional<AnalysedDocument> analysed(long documentId) {
    return reads.analysed(documentId);
  }

  /** Labels of many analyses at once (for exports), keyed by analysis sequence number. */
  public Map<Long, List<LabelRow>> labels(List<Long> seqs) {
    return reads.labels(seqs);
  }

  @Override
  public Optional<Document> ingestDocument(long documentId) {
    return reads.ingestDocument(documentId);
  }

  @Override
  public Optional<DocumentAnalysis> analysis(long documentId) {
    return reads.analysis(documentId);
  }

  @Override
  public List<SentenceVector> sentenceVectors(VectorCursor cursor, int limit) {
    return reads.sentenceVectors(cursor, limit);
  }

  @Override
  public List<String> stanceTargets() {
    return reads.stanceTargets();
  }

  @Override
  public List<LabelKind> labelKinds() {
    return reads.labelKinds();
  }

  /** Runs {@code sql} (a maintenance query such as {@code PRAGMA integrity_check}) and returns the first column. */
  public List<String> query(String sql) {
    return reads.query(sql);
  }

  @Override
  public void close() {
    db.close();
  }
}
