package org.stancemap.store;

import java.io.IOException;
import java.io.PrintWriter;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.stancemap.StoreException;
import org.stancemap.analysis.DocumentAnalysis;
import org.stancemap.document.Document;
import org.stancemap.ingest.source.ItemMeta;
import org.stancemap.ingest.source.SourceItem;
import org.stancemap.json.JsonWriter;
import org.stancemap.report.JsonReport;
import org.stancemap.text.Hashing;
import org.stancemap.text.Unit;

/**
 * The {@link Store} over JDBC, for SQLite and PostgreSQL with the same SQL (dialect differences live in the Flyway
 * migrations under {@code db/migration/<dialect>}).
 *
 * <p>SQLite connections run in WAL mode with foreign keys on, {@code synchronous=NORMAL} and a 30 s busy timeout:
 * a process killed at any point loses no committed transaction and leaves a consistent file (WAL recovery). One
 * writer connection, guarded by a lock, does every write; reads borrow a connection from a small pool and run in
 * a read transaction, so a listing never sees half of a write.
 */
public final class JdbcStore implements Store {
  /** The database families this store speaks. */
  enum Dialect { SQLITE, POSTGRESQL }

  /** The environment variable that carries the PostgreSQL password. */
  public static final String PASSWORD_ENV = "STANCEMAP_DB_PASSWORD";

  private final String url;
  private final Properties props;
  private final Dialect dialect;
  private final String description;
  private final Connection writer;
  private final ReentrantLock lock = new ReentrantLock();
  private final ConcurrentLinkedDeque<Connection> idle = new ConcurrentLinkedDeque<>();
  private final List<Connection> opened = Collections.synchronizedList(new ArrayList<>());
  private volatile boolean closed;
  private final CorpusQueries corpus = new JdbcCorpusQueries(this);
  private final Reviews reviews = new JdbcReviews(this);
  private final ModelActivations activations = new JdbcModelActivations(this);

  private JdbcStore(String url, Properties props, Dialect dialect, String description) {
    this.url = url;
    this.props = props;
    this.dialect = dialect;
    this.description = description;
    try {
      if (dialect == Dialect.SQLITE) {
        // Two processes that create the same new file at once would both run Flyway's first migration, and one
        // would fail with SQLITE_BUSY (a deferred transaction cannot wait for the other's write lock). Opening and
        // migrating therefore hold an exclusive lock on a file beside the database (DB.lock), across processes.
        synchronized (JdbcStore.class) {
          Path lockFile = Path.of(url.substring("jdbc:sqlite:".length()) + ".lock");
          try (FileChannel ch = FileChannel.open(lockFile,
              StandardOpenOption.CREATE, StandardOpenOption.WRITE);
              FileLock held = ch.lock()) {
            assert held.isValid();
            this.writer = connect();
            try (Statement st = writer.createStatement()) {
              st.execute("PRAGMA journal_mode=WAL");
            }
            migrate();
          } catch (IOException e) {
            throw new StoreException("cannot lock " + lockFile + " while opening " + description + ": "
                + e.getMessage(), e);
          }
        }
      } else {
        this.writer = connect();
        migrate();
      }
      // SQLite: the writer stays in auto-commit mode and writes in explicit BEGIN IMMEDIATE transactions (see
      // write()); the driver's own transactions would hold a lock between writes. PostgreSQL: JDBC transactions.
      writer.setAutoCommit(dialect == Dialect.SQLITE);
    } catch (SQLException e) {
      closeAll();
      throw new StoreException("cannot open " + description + ": " + e.getMessage(), e);
    } catch (RuntimeException e) {
      closeAll();
      throw e instanceof StoreException se ? se
          : new StoreException("cannot open " + description + ": " + e.getMessage(), e);
    }
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
      return new JdbcStore(db, props, Dialect.POSTGRESQL, "PostgreSQL " + withoutParameters(db));
    }
    if (db.startsWith("jdbc:sqlite:")) {
      return new JdbcStore(db, props, Dialect.SQLITE, "SQLite " + db.substring("jdbc:sqlite:".length()));
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
    return new JdbcStore("jdbc:sqlite:" + p, props, Dialect.SQLITE, "SQLite " + db);
  }

  private static String withoutParameters(String url) {
    int q = url.indexOf('?');
    return q < 0 ? url : url.substring(0, q);
  }

  /** A new connection (the writer's, or one for reading or migrating), with the SQLite settings applied. */
  private Connection connect() throws SQLException {
    Connection c = DriverManager.getConnection(url, props);
    opened.add(c);
    if (dialect == Dialect.SQLITE) {
      try (Statement st = c.createStatement()) {
        st.execute("PRAGMA foreign_keys=ON");
        st.execute("PRAGMA busy_timeout=30000");
        st.execute("PRAGMA synchronous=NORMAL");
      }
    }
    return c;
  }

  /** Flyway reports every migration at INFO through java.util.logging; a command-line tool keeps quiet. */
  private static final Logger FLYWAY_LOG = Logger.getLogger("org.flywaydb");

  static {
    FLYWAY_LOG.setLevel(Level.WARNING);
  }

  private void migrate() {
    Flyway.configure(JdbcStore.class.getClassLoader())
        .dataSource(new Source())
        .locations("classpath:db/migration/" + (dialect == Dialect.SQLITE ? "sqlite" : "postgresql"))
        .failOnMissingLocations(true)
        .load()
        .migrate();
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
    return description;
  }

  // ---- transactions ------------------------------------------------------------------------------------------

  /** A JDBC step that may throw. */
  @FunctionalInterface
  interface Sql<T> {
    T run(Connection c) throws SQLException;
  }

  <T> T write(String what, Sql<T> body) {
    lock.lock();
    try {
      ensureOpen();
      boolean begun = false;
      try {
        T t;
        if (dialect == Dialect.SQLITE) {
          // IMMEDIATE takes the write lock at BEGIN, so that a second writer on the same file waits (busy timeout)
          // instead of failing when its read would have to become a write.
          sqlite("BEGIN IMMEDIATE");
          begun = true;
          t = body.run(writer);
          sqlite("COMMIT");
          begun = false;
        } else {
          t = body.run(writer);
          writer.commit();
        }
        return t;
      } catch (SQLException | RuntimeException e) {
        try {
          if (dialect == Dialect.SQLITE) {
            if (begun) {
              sqlite("ROLLBACK");
            }
          } else {
            writer.rollback();
          }
        } catch (SQLException suppressed) {
          e.addSuppressed(suppressed);
        }
        if (e instanceof StoreException se) {
          throw se;
        }
        throw new StoreException(description + ": cannot " + what + ": " + e.getMessage(), e);
      }
    } finally {
      lock.unlock();
    }
  }

  private final Statement[] control = new Statement[1];

  private void sqlite(String sql) throws SQLException {
    if (control[0] == null) {
      control[0] = writer.createStatement();
    }
    control[0].execute(sql);
  }

  <T> T read(String what, Sql<T> body) {
    ensureOpen();
    Connection c = idle.poll();
    try {
      if (c == null) {
        c = connect();
        c.setAutoCommit(false);
        if (dialect == Dialect.POSTGRESQL) {
          c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
          c.setReadOnly(true);
        }
      }
      try {
        T t = body.run(c);
        c.commit();
        return t;
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      }
    } catch (SQLException e) {
      throw new StoreException(description + ": cannot " + what + ": " + e.getMessage(), e);
    } finally {
      if (c != null) {
        if (closed) {
          closeQuietly(c);
        } else {
          idle.offer(c);
        }
      }
    }
  }

  private void ensureOpen() {
    if (closed) {
      throw new IllegalStateException("Store contract violation: " + description + " is closed");
    }
  }

  private static String now() {
    return Instant.now().toString();
  }

  private static Instant instant(String s) {
    return s == null ? null : Instant.parse(s);
  }

  /**
   * The writer's prepared statements, kept for reuse (an import runs the same few statements for every item);
   * used under the write lock only.
   */
  private final Map<String, PreparedStatement> prepared = new HashMap<>();

  /** A statement to run and close: a cached one (closing it does nothing) on the writer, else a new one. */
  private PreparedStatement statement(Connection c, String sql) throws SQLException {
    if (c != writer) {
      return c.prepareStatement(sql);
    }
    PreparedStatement ps = prepared.get(sql);
    if (ps == null) {
      ps = writer.prepareStatement(sql);
      prepared.put(sql, ps);
    }
    PreparedStatement cached = ps;
    cached.clearParameters();
    return new Kept(cached).proxy();
  }

  /** Wraps a cached statement so that try-with-resources leaves it open. */
  private record Kept(PreparedStatement ps) implements InvocationHandler {
    PreparedStatement proxy() {
      return (PreparedStatement) Proxy.newProxyInstance(PreparedStatement.class.getClassLoader(),
          new Class<?>[] {PreparedStatement.class}, this);
    }

    @Override
    public Object invoke(Object proxy, Method m, Object[] args) throws Throwable {
      if (m.getName().equals("close") && m.getParameterCount() == 0) {
        return null;
      }
      try {
        return m.invoke(ps, args);
      } catch (InvocationTargetException e) {
        throw e.getCause();
      }
    }
  }

  private long insertReturningId(Connection c, String sql, Object... args) throws SQLException {
    try (PreparedStatement ps = statement(c, sql + " RETURNING id")) {
      bind(ps, args);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          throw new SQLException("insert returned no id: " + sql);
        }
        return rs.getLong(1);
      }
    }
  }

  private int update(Connection c, String sql, Object... args) throws SQLException {
    try (PreparedStatement ps = statement(c, sql)) {
      bind(ps, args);
      return ps.executeUpdate();
    }
  }

  private static void bind(PreparedStatement ps, Object... args) throws SQLException {
    for (int i = 0; i < args.length; i++) {
      Object a = args[i];
      if (a == null) {
        ps.setObject(i + 1, null);
      } else if (a instanceof Integer n) {
        ps.setInt(i + 1, n);
      } else if (a instanceof Long n) {
        ps.setLong(i + 1, n);
      } else if (a instanceof Double n) {
        ps.setDouble(i + 1, n);
      } else if (a instanceof Boolean b) {
        ps.setInt(i + 1, b ? 1 : 0);
      } else if (a instanceof byte[] b) {
        ps.setBytes(i + 1, b);
      } else {
        ps.setString(i + 1, a.toString());
      }
    }
  }

  /** The first column of the first row as a long, or null when there is no row. */
  private Long queryLong(Connection c, String sql, Object... args) throws SQLException {
    try (PreparedStatement ps = statement(c, sql)) {
      bind(ps, args);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? rs.getLong(1) : null;
      }
    }
  }

  // ---- imports -----------------------------------------------------------------------------------------------

  @Override
  public ImportRun beginRun(String arguments) {
    Objects.requireNonNull(arguments, "arguments");
    long id = write("start an import run", c -> {
      Long prev = queryLong(c, "SELECT id FROM import_runs WHERE arguments = ? AND status = ? ORDER BY id DESC "
          + "LIMIT 1", arguments, ImportRun.RUNNING);
      if (prev != null) {
        update(c, "UPDATE import_runs SET status = ? WHERE id = ?", ImportRun.INTERRUPTED, prev);
      }
      return insertReturningId(c, "INSERT INTO import_runs (started_at, status, arguments, resumes) "
          + "VALUES (?, ?, ?, ?)", now(), ImportRun.RUNNING, arguments, prev);
    });
    return run(id).orElseThrow();
  }

  @Override
  public Predicate<String> committedBefore(ImportRun run) {
    List<Long> chain = new ArrayList<>();
    Optional<ImportRun> r = Optional.of(run);
    while (r.isPresent() && chain.size() < 10_000) {
      chain.add(r.get().id());
      r = r.get().resumes() == null ? Optional.empty() : run(r.get().resumes());
    }
    String in = String.join(",", chain.stream().map(String::valueOf).toList());
    String sql = "SELECT 1 FROM import_items WHERE location = ? AND run_id IN (" + in + ")";
    return location -> read("look up " + location, c -> queryLong(c, sql, location) != null);
  }

  @Override
  public Put put(long runId, SourceItem item) {
    Document d = item.document();
    String hash = Hashing.sha256(d.text());
    return write("store " + item.location(), c -> {
      Long locId = null;
      long locDoc = 0;
      int versions = 0;
      String locHash = null;
      try (PreparedStatement ps = statement(c, "SELECT l.id, l.document_id, l.versions, d.content_hash "
          + "FROM locations l JOIN documents d ON d.id = l.document_id WHERE l.location = ?")) {
        ps.setString(1, item.location());
        try (ResultSet rs = ps.executeQuery()) {
          if (rs.next()) {
            locId = rs.getLong(1);
            locDoc = rs.getLong(2);
            versions = rs.getInt(3);
            locHash = rs.getString(4);
          }
        }
      }
      Outcome outcome;
      long docId;
      String at = now();
      if (locId != null && hash.equals(locHash)) {
        outcome = Outcome.UNCHANGED;
        docId = locDoc;
      } else {
        Long existing = queryLong(c, "SELECT id FROM documents WHERE content_hash = ?", hash);
        if (locId == null) {
          if (existing != null) {
            outcome = Outcome.DUPLICATE;
            docId = existing;
          } else {
            outcome = Outcome.IMPORTED;
            docId = insertDocument(c, runId, item, hash, 1, null, at);
          }
          update(c, "INSERT INTO locations (location, document_id, versions, updated_at) VALUES (?, ?, 1, ?)",
              item.location(), docId, at);
        } else {
          outcome = Outcome.NEW_VERSION;
          docId = existing != null ? existing : insertDocument(c, runId, item, hash, versions + 1, locDoc, at);
          update(c, "UPDATE locations SET document_id = ?, versions = ?, updated_at = ? WHERE id = ?", docId,
              versions + 1, at, locId);
        }
      }
      update(c, "INSERT INTO import_items (run_id, location, document_id, outcome, at) VALUES (?, ?, ?, ?, ?) "
          + "ON CONFLICT (run_id, location) DO UPDATE SET document_id = excluded.document_id, "
          + "outcome = excluded.outcome, at = excluded.at", runId, item.location(), docId, outcome.id(), at);
      String column = switch (outcome) {
        case IMPORTED -> "imported";
        case UNCHANGED -> "unchanged";
        case DUPLICATE -> "duplicates";
        case NEW_VERSION -> "new_versions";
      };
      if (update(c, "UPDATE import_runs SET " + column + " = " + column + " + 1 WHERE id = ?", runId) != 1) {
        throw new StoreException(description + ": no import run " + runId);
      }
      return new Put(outcome, docId);
    });
  }

  private long insertDocument(Connection c, long runId, SourceItem item, String hash, int version, Long previous,
      String at) throws SQLException {
    Long source = queryLong(c, "SELECT id FROM sources WHERE name = ?", item.sourceName());
    if (source == null) {
      source = insertReturningId(c, "INSERT INTO sources (name, created_at) VALUES (?, ?)", item.sourceName(), at);
    }
    Document d = item.document();
    ItemMeta m = item.meta();
    String title = m.title() != null ? m.title() : d.title();
    return insertReturningId(c, "INSERT INTO documents (content_hash, content_id, source_id, location, origin, "
            + "version, previous_id, url, title, author, published, language, format, external_id, parent_id, "
            + "media_ref, extra, notes, regions, furniture, text, run_id, imported_at) "
            + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        hash, d.id(), source, item.location(), d.source(), version, previous, m.url(), title, m.author(),
        m.published() == null ? null : m.published().toString(), d.language(),
        d.format().name().toLowerCase(Locale.ROOT), m.externalId(), m.parentId(), m.mediaRef(),
        Codec.extra(m.extra()), Codec.strings(d.notes()), Codec.regions(d.regions()), Codec.spans(d.furniture()),
        d.text(), runId, at);
  }

  @Override
  public void fail(long runId, String location, String reason) {
    write("record a failure of " + location, c -> {
      update(c, "INSERT INTO import_failures (run_id, location, reason, at) VALUES (?, ?, ?, ?)", runId, location,
          reason, now());
      if (update(c, "UPDATE import_runs SET failed = failed + 1 WHERE id = ?", runId) != 1) {
        throw new StoreException(description + ": no import run " + runId);
      }
      return null;
    });
  }

  @Override
  public ImportRun finishRun(long runId) {
    write("finish import run " + runId, c -> update(c, "UPDATE import_runs SET status = ?, finished_at = ? "
        + "WHERE id = ?", ImportRun.FINISHED, now(), runId));
    return run(runId).orElseThrow(() -> new StoreException(description + ": no import run " + runId));
  }

  private static final String RUN_COLUMNS = "id, started_at, finished_at, status, arguments, resumes, imported, "
      + "unchanged, duplicates, new_versions, failed";

  private static ImportRun runRow(ResultSet rs) throws SQLException {
    long resumes = rs.getLong(6);
    Long res = rs.wasNull() ? null : resumes;
    return new ImportRun(rs.getLong(1), instant(rs.getString(2)), instant(rs.getString(3)), rs.getString(4),
        rs.getString(5), res, new ImportCounts(rs.getLong(7), rs.getLong(8), rs.getLong(9), rs.getLong(10),
        rs.getLong(11)));
  }

  @Override
  public List<ImportRun> runs() {
    return read("list import runs", c -> {
      List<ImportRun> out = new ArrayList<>();
      try (PreparedStatement ps = c.prepareStatement("SELECT " + RUN_COLUMNS + " FROM import_runs ORDER BY id");
          ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(runRow(rs));
        }
      }
      return out;
    });
  }

  @Override
  public Optional<ImportRun> run(long runId) {
    return read("read import run " + runId, c -> {
      try (PreparedStatement ps = c.prepareStatement("SELECT " + RUN_COLUMNS + " FROM import_runs WHERE id = ?")) {
        ps.setLong(1, runId);
        try (ResultSet rs = ps.executeQuery()) {
          return rs.next() ? Optional.of(runRow(rs)) : Optional.empty();
        }
      }
    });
  }

  @Override
  public List<ImportFailure> failures(long runId) {
    return read("list the failures of run " + runId, c -> {
      List<ImportFailure> out = new ArrayList<>();
      try (PreparedStatement ps = c.prepareStatement("SELECT id, run_id, location, reason, at FROM import_failures "
          + "WHERE run_id = ? ORDER BY id")) {
        ps.setLong(1, runId);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            out.add(new ImportFailure(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4),
                instant(rs.getString(5))));
          }
        }
      }
      return out;
    });
  }

  // ---- analyses ----------------------------------------------------------------------------------------------

  private static final String CURRENT = "EXISTS (SELECT 1 FROM locations l WHERE l.document_id = d.id)";

  @Override
  public List<Long> toAnalyse(AnalysisKey key, boolean all) {
    String sql = "SELECT d.id FROM documents d WHERE " + CURRENT + (all ? "" : " AND NOT EXISTS (SELECT 1 FROM "
        + "analyses a WHERE a.document_id = d.id AND a.model_id = ? AND a.codebook_hash = ?)") + " ORDER BY d.id";
    return read("list documents to analyse", c -> {
      List<Long> out = new ArrayList<>();
      try (PreparedStatement ps = c.prepareStatement(sql)) {
        if (!all) {
          bind(ps, key.modelId(), key.codebookHash());
        }
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            out.add(rs.getLong(1));
          }
        }
      }
      return out;
    });
  }

  @Override
  public long saveAnalysis(long documentId, DocumentAnalysis a, AnalysisKey key, List<float[]> sentenceVectors) {
    Objects.requireNonNull(a, "analysis");
    Objects.requireNonNull(key, "key");
    String json = JsonWriter.compact(JsonReport.document(a));
    List<LabelRow> labels = Flatten.labels(a);
    int sentenceCount = a.units().stream().mapToInt(u -> u.unit().sentences().size()).sum();
    if (sentenceVectors != null && sentenceVectors.size() != sentenceCount) {
      throw new IllegalArgumentException("expected one vector per sentence: " + sentenceCount + " sentences, "
          + sentenceVectors.size() + " vectors");
    }
    return write("store the analysis of document " + documentId, c -> {
      update(c, "DELETE FROM analyses WHERE document_id = ?", documentId);
      long seq = insertReturningId(c, "INSERT INTO analyses (document_id, model_id, codebook_ref, codebook_hash, "
              + "embedding, stancemap_version, status, position, position_score, analysis, created_at) "
              + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
          documentId, key.modelId(), key.codebookRef(), key.codebookHash(), key.embedding(), key.version(),
          a.status(), a.position() == null ? null : a.position().label(),
          a.position() == null ? null : a.position().score(), json, now());
      try (PreparedStatement units = c.prepareStatement("INSERT INTO units (analysis_id, document_id, ord, unit_id, "
          + "kind, start_pos, end_pos, author, unit_date, truncated, relevant) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
          PreparedStatement sentences = c.prepareStatement("INSERT INTO sentences (analysis_id, document_id, idx, "
              + "unit_ord, start_pos, end_pos, vector) VALUES (?, ?, ?, ?, ?, ?, ?)");
          PreparedStatement rows = c.prepareStatement("INSERT INTO labels (analysis_id, document_id, unit_id, "
              + "dimension, target, label, score, evidence) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
        int ord = 0;
        int idx = 0;
        for (var ua : a.units()) {
          Unit u = ua.unit();
          bind(units, seq, documentId, ord, u.id(), u.kind().id(), u.span().start(), u.span().end(), u.author(),
              u.date(), u.truncated(), ua.relevant());
          units.addBatch();
          for (var s : u.sentences()) {
            byte[] v = sentenceVectors == null ? null : Vectors.quantize(sentenceVectors.get(idx));
            bind(sentences, seq, documentId, idx, ord, s.span().start(), s.span().end(), v);
            sentences.addBatch();
            idx++;
          }
          ord++;
        }
        for (LabelRow l : labels) {
          bind(rows, seq, documentId, l.unitId(), l.dimension(), l.target(), l.label(), l.score(),
              Codec.evidence(l.evidence()));
          rows.addBatch();
        }
        units.executeBatch();
        sentences.executeBatch();
        rows.executeBatch();
      }
      return seq;
    });
  }

  @Override
  public long lastAnalysisSeq() {
    return read("read the last analysis", c -> {
      Long v = queryLong(c, "SELECT MAX(id) FROM analyses");
      return v == null ? 0L : v;
    });
  }

  // ---- reading -----------------------------------------------------------------------------------------------

  @Override
  public Page<Entry> documents(DocumentQuery q) {
    String sql = "SELECT d.id, d.content_id, d.content_hash, s.name, d.location, d.version, d.previous_id, d.url, "
        + "d.title, d.author, d.published, d.language, d.format, d.external_id, d.parent_id, d.media_ref, d.extra, "
        + "d.notes, d.imported_at, CASE WHEN " + CURRENT + " THEN 1 ELSE 0 END, "
        + (q.withText() ? "d.text" : "NULL") + ", a.id, a.model_id, a.codebook_ref, a.codebook_hash, a.embedding, "
        + "a.stancemap_version, a.status, a.position, a.position_score, " + (q.withAnalysis() ? "a.analysis" : "NULL")
        + ", a.created_at FROM documents d JOIN sources s ON s.id = d.source_id LEFT JOIN analyses a ON "
        + "a.document_id = d.id WHERE d.id > ?" + (q.currentOnly() ? " AND " + CURRENT : "")
        + (q.analysedOnly() ? " AND a.id IS NOT NULL" : "") + " ORDER BY d.id LIMIT ?";
    return read("list documents", c -> {
      List<Entry> out = new ArrayList<>();
      try (PreparedStatement ps = c.prepareStatement(sql)) {
        bind(ps, q.afterId(), q.limit());
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            out.add(new Entry(documentRow(rs), analysisRow(rs, 22)));
          }
        }
      }
      long next = out.size() < q.limit() ? -1 : out.get(out.size() - 1).document().id();
      return new Page<>(out, next);
    });
  }

  @Override
  public Page<Entry> analysedAfter(long afterSeq, int limit) {
    if (limit < 1 || limit > DocumentQuery.MAX_LIMIT) {
      throw new IllegalArgumentException("limit must be in 1.." + DocumentQuery.MAX_LIMIT + ": limit=" + limit);
    }
    String sql = "SELECT d.id, d.content_id, d.content_hash, s.name, d.location, d.version, d.previous_id, d.url, "
        + "d.title, d.author, d.published, d.language, d.format, d.external_id, d.parent_id, d.media_ref, d.extra, "
        + "d.notes, d.imported_at, CASE WHEN " + CURRENT + " THEN 1 ELSE 0 END, d.text, a.id, a.model_id, "
        + "a.codebook_ref, a.codebook_hash, a.embedding, a.stancemap_version, a.status, a.position, "
        + "a.position_score, a.analysis, a.created_at FROM analyses a JOIN documents d ON d.id = a.document_id "
        + "JOIN sources s ON s.id = d.source_id WHERE a.id > ? ORDER BY a.id LIMIT ?";
    return read("list analysed documents", c -> {
      List<Entry> out = new ArrayList<>();
      try (PreparedStatement ps = c.prepareStatement(sql)) {
        bind(ps, afterSeq, limit);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            out.add(new Entry(documentRow(rs), analysisRow(rs, 22)));
          }
        }
      }
      long next = out.size() < limit ? -1 : out.get(out.size() - 1).analysis().seq();
      return new Page<>(out, next);
    });
  }

  private static StoredDocument documentRow(ResultSet rs) throws SQLException {
    long prev = rs.getLong(7);
    Long previous = rs.wasNull() ? null : prev;
    return new StoredDocument(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
        rs.getInt(6), previous, rs.getString(8), rs.getString(9), rs.getString(10), instant(rs.getString(11)),
        rs.getString(12), rs.getString(13), rs.getString(14), rs.getString(15), rs.getString(16),
        Codec.readExtra(rs.getString(17)), Codec.readStrings(rs.getString(18)), instant(rs.getString(19)),
        rs.getInt(20) == 1, rs.getString(21));
  }

  /** The analysis columns starting at {@code from} (id, model, ref, hash, embedding, version, status, position,
   * score, json, created), or null when the id is null. */
  private static StoredAnalysis analysisRow(ResultSet rs, int from) throws SQLException {
    long seq = rs.getLong(from);
    if (rs.wasNull()) {
      return null;
    }
    AnalysisKey key = new AnalysisKey(rs.getString(from + 1), rs.getString(from + 2), rs.getString(from + 3),
        rs.getString(from + 4), rs.getString(from + 5));
    double score = rs.getDouble(from + 8);
    Double ps = rs.wasNull() ? null : score;
    return new StoredAnalysis(seq, rs.getLong(1), key,
        rs.getString(from + 6), rs.getString(from + 7), ps, rs.getString(from + 9), instant(rs.getString(from + 10)));
  }

  @Override
  public long countDocuments(boolean currentOnly) {
    return read("count documents", c -> queryLong(c, "SELECT COUNT(*) FROM documents d"
        + (currentOnly ? " WHERE " + CURRENT : "")));
  }

  @Override
  public Optional<DocumentDetail> document(long documentId) {
    return read("read document " + documentId, c -> {
      Optional<Entry> e = entry(c, documentId);
      if (e.isEmpty()) {
        return Optional.empty();
      }
      StoredAnalysis a = e.get().analysis();
      List<UnitRow> units = new ArrayList<>();
      List<SentenceRow> sentences = new ArrayList<>();
      List<LabelRow> labels = new ArrayList<>();
      if (a != null) {
        try (PreparedStatement ps = c.prepareStatement("SELECT ord, unit_id, kind, start_pos, end_pos, author, "
            + "unit_date, truncated, relevant FROM units WHERE analysis_id = ? ORDER BY ord")) {
          ps.setLong(1, a.seq());
          try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
              units.add(new UnitRow(rs.getInt(1), rs.getString(2), rs.getString(3), rs.getInt(4), rs.getInt(5),
                  rs.getString(6), rs.getString(7), rs.getInt(8) == 1, rs.getInt(9) == 1));
            }
          }
        }
        sentences.addAll(sentences(c, a.seq()));
        labels.addAll(labels(c, a.seq()));
      }
      return Optional.of(new DocumentDetail(e.get().document(), a, units, sentences, labels));
    });
  }

  private static List<SentenceRow> sentences(Connection c, long seq) throws SQLException {
    List<SentenceRow> sentences = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement("SELECT idx, unit_ord, start_pos, end_pos, vector FROM "
        + "sentences WHERE analysis_id = ? ORDER BY idx")) {
      ps.setLong(1, seq);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          sentences.add(new SentenceRow(rs.getInt(1), rs.getInt(2), rs.getInt(3), rs.getInt(4), rs.getBytes(5)));
        }
      }
    }
    return sentences;
  }

  @Override
  public Optional<AnalysedDocument> analysed(long documentId) {
    return read("read the analysis of document " + documentId, c -> {
      Optional<Entry> e = entry(c, documentId);
      if (e.isEmpty() || e.get().analysis() == null) {
        return Optional.empty();
      }
      Optional<Document> d = ingestDocument(c, documentId);
      if (d.isEmpty()) {
        return Optional.empty();
      }
      StoredAnalysis a = e.get().analysis();
      return Optional.of(new AnalysedDocument(e.get().document(), AnalysisCodec.decode(a.json(), d.get()),
          sentences(c, a.seq())));
    });
  }

  /** The flattened labels of an analysis: document level first, then by unit, in the order they were stored. */
  static List<LabelRow> labels(Connection c, long seq) throws SQLException {
    List<LabelRow> labels = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement("SELECT unit_id, dimension, target, label, score, evidence FROM "
        + "labels WHERE analysis_id = ? ORDER BY id")) {
      ps.setLong(1, seq);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          labels.add(new LabelRow(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
              rs.getDouble(5), Codec.readEvidence(rs.getString(6))));
        }
      }
    }
    return labels;
  }

  /** Labels of many analyses at once (for exports), keyed by analysis sequence number. */
  public Map<Long, List<LabelRow>> labels(List<Long> seqs) {
    if (seqs.isEmpty()) {
      return Map.of();
    }
    String in = String.join(",", seqs.stream().map(String::valueOf).toList());
    return read("read labels", c -> {
      Map<Long, List<LabelRow>> out = new HashMap<>();
      try (PreparedStatement ps = c.prepareStatement("SELECT analysis_id, unit_id, dimension, target, label, score, "
          + "evidence FROM labels WHERE analysis_id IN (" + in + ") ORDER BY id");
          ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>()).add(new LabelRow(rs.getString(2),
              rs.getString(3), rs.getString(4), rs.getString(5), rs.getDouble(6), Codec.readEvidence(rs.getString(7))));
        }
      }
      return out;
    });
  }

  private Optional<Entry> entry(Connection c, long documentId) throws SQLException {
    String sql = "SELECT d.id, d.content_id, d.content_hash, s.name, d.location, d.version, d.previous_id, d.url, "
        + "d.title, d.author, d.published, d.language, d.format, d.external_id, d.parent_id, d.media_ref, d.extra, "
        + "d.notes, d.imported_at, CASE WHEN " + CURRENT + " THEN 1 ELSE 0 END, d.text, a.id, a.model_id, "
        + "a.codebook_ref, a.codebook_hash, a.embedding, a.stancemap_version, a.status, a.position, "
        + "a.position_score, a.analysis, a.created_at FROM documents d JOIN sources s ON s.id = d.source_id "
        + "LEFT JOIN analyses a ON a.document_id = d.id WHERE d.id = ?";
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setLong(1, documentId);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(new Entry(documentRow(rs), analysisRow(rs, 22))) : Optional.empty();
      }
    }
  }

  @Override
  public Optional<Document> ingestDocument(long documentId) {
    return read("read document " + documentId, c -> ingestDocument(c, documentId));
  }

  private static Optional<Document> ingestDocument(Connection c, long documentId) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT content_id, origin, text, format, language, title, "
        + "regions, furniture, notes FROM documents WHERE id = ?")) {
      ps.setLong(1, documentId);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return Optional.empty();
        }
        return Optional.of(new Document(rs.getString(1), rs.getString(2), rs.getString(3),
            Document.Format.valueOf(rs.getString(4).toUpperCase(Locale.ROOT)), rs.getString(5),
            rs.getString(6), Codec.readRegions(rs.getString(7)), Codec.readSpans(rs.getString(8)),
            Codec.readStrings(rs.getString(9))));
      }
    }
  }

  @Override
  public Optional<DocumentAnalysis> analysis(long documentId) {
    Optional<Document> d = ingestDocument(documentId);
    if (d.isEmpty()) {
      return Optional.empty();
    }
    String json = read("read the analysis of document " + documentId, c -> {
      try (PreparedStatement ps = c.prepareStatement("SELECT analysis FROM analyses WHERE document_id = ?")) {
        ps.setLong(1, documentId);
        try (ResultSet rs = ps.executeQuery()) {
          return rs.next() ? rs.getString(1) : null;
        }
      }
    });
    return json == null ? Optional.empty() : Optional.of(AnalysisCodec.decode(json, d.get()));
  }

  @Override
  public List<SentenceVector> sentenceVectors(VectorCursor cursor, int limit) {
    if (limit < 1 || limit > DocumentQuery.MAX_LIMIT) {
      throw new IllegalArgumentException("limit must be in 1.." + DocumentQuery.MAX_LIMIT + ": limit=" + limit);
    }
    String sql = "SELECT s.analysis_id, s.document_id, d.previous_id, s.idx, u.unit_id, s.start_pos, s.end_pos, "
        + "a.embedding, s.vector FROM sentences s JOIN analyses a ON a.id = s.analysis_id "
        + "JOIN documents d ON d.id = s.document_id JOIN units u ON u.analysis_id = s.analysis_id AND u.ord = s.unit_ord "
        + "WHERE s.vector IS NOT NULL AND (s.analysis_id > ? OR (s.analysis_id = ? AND s.idx > ?)) "
        + "ORDER BY s.analysis_id, s.idx LIMIT ?";
    return read("list sentence vectors", c -> {
      List<SentenceVector> out = new ArrayList<>();
      try (PreparedStatement ps = c.prepareStatement(sql)) {
        bind(ps, cursor.seq(), cursor.seq(), cursor.index(), limit);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            long prev = rs.getLong(3);
            Long previous = rs.wasNull() ? null : prev;
            out.add(new SentenceVector(rs.getLong(1), rs.getLong(2), previous, rs.getInt(4), rs.getString(5),
                rs.getInt(6), rs.getInt(7), rs.getString(8), rs.getBytes(9)));
          }
        }
      }
      return out;
    });
  }

  @Override
  public List<String> stanceTargets() {
    return read("list stance targets", c -> {
      List<String> out = new ArrayList<>();
      try (PreparedStatement ps = c.prepareStatement("SELECT DISTINCT target FROM labels WHERE dimension = ? "
          + "ORDER BY target")) {
        ps.setString(1, LabelRow.STANCE);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            out.add(rs.getString(1));
          }
        }
      }
      return out;
    });
  }

  @Override
  public List<LabelKind> labelKinds() {
    return read("list labels", c -> {
      List<LabelKind> out = new ArrayList<>();
      try (PreparedStatement ps = c.prepareStatement("SELECT DISTINCT dimension, target, label FROM labels "
          + "ORDER BY dimension, target, label");
          ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(new LabelKind(rs.getString(1), rs.getString(2), rs.getString(3)));
        }
      }
      return out;
    });
  }

  /** Runs {@code sql} (a maintenance query such as {@code PRAGMA integrity_check}) and returns the first column. */
  public List<String> query(String sql) {
    return read("run " + sql, c -> {
      List<String> out = new ArrayList<>();
      try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
        while (rs.next()) {
          out.add(rs.getString(1));
        }
      }
      return out;
    });
  }

  @Override
  public void close() {
    lock.lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
      if (dialect == Dialect.SQLITE) {
        try (Statement st = writer.createStatement()) {
          st.execute("PRAGMA optimize");
        } catch (SQLException ignored) {
          // optimisation only
        }
      }
      closeAll();
    } finally {
      lock.unlock();
    }
  }

  private void closeAll() {
    synchronized (opened) {
      for (Connection c : opened) {
        closeQuietly(c);
      }
      opened.clear();
    }
    idle.clear();
  }

  private static void closeQuietly(Connection c) {
    try {
      c.close();
    } catch (SQLException ignored) {
      // closing: nothing left to do
    }
  }

  /** Hands Flyway connections made like the store's own. */
  private final class Source implements DataSource {
    @Override
    public Connection getConnection() throws SQLException {
      return connect();
    }

    @Override
    public Connection getConnection(String user, String password) throws SQLException {
      return connect();
    }

    @Override
    public PrintWriter getLogWriter() {
      return null;
    }

    @Override
    public void setLogWriter(PrintWriter out) {}

    @Override
    public void setLoginTimeout(int seconds) {}

    @Override
    public int getLoginTimeout() {
      return 0;
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
      throw new SQLFeatureNotSupportedException();
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
      throw new SQLException("not a wrapper");
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) {
      return false;
    }
  }
}
