package org.stancemap.store;

import static org.stancemap.store.JdbcConnections.instant;
import static org.stancemap.store.JdbcConnections.now;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;
import org.stancemap.StoreException;
import org.stancemap.document.Document;
import org.stancemap.document.DocumentMeta;
import org.stancemap.document.SourceItem;
import org.stancemap.text.Hashing;

/** The import side of {@link JdbcStore}: runs, items (one transaction each), failures. */
final class JdbcImports {
  private final JdbcConnections db;

  JdbcImports(JdbcConnections db) {
    this.db = db;
  }

  ImportRun beginRun(String arguments) {
    Objects.requireNonNull(arguments, "arguments");
    long id = db.write("start an import run", c -> {
      Long prev = db.queryLong(c, "SELECT id FROM import_runs WHERE arguments = ? AND status = ? ORDER BY id DESC "
          + "LIMIT 1", arguments, ImportRun.RUNNING);
      if (prev != null) {
        db.update(c, "UPDATE import_runs SET status = ? WHERE id = ?", ImportRun.INTERRUPTED, prev);
      }
      return db.insertReturningId(c, "INSERT INTO import_runs (started_at, status, arguments, resumes) "
          + "VALUES (?, ?, ?, ?)", now(), ImportRun.RUNNING, arguments, prev);
    });
    return run(id).orElseThrow();
  }

  Predicate<String> committedBefore(ImportRun run) {
    List<Long> chain = new ArrayList<>();
    Optional<ImportRun> r = Optional.of(run);
    while (r.isPresent() && chain.size() < 10_000) {
      chain.add(r.get().id());
      r = r.get().resumes() == null ? Optional.empty() : run(r.get().resumes());
    }
    String in = String.join(",", chain.stream().map(String::valueOf).toList());
    String sql = "SELECT 1 FROM import_items WHERE location = ? AND run_id IN (" + in + ")";
    return location -> db.read("look up " + location, c -> db.queryLong(c, sql, location) != null);
  }

  Put put(long runId, SourceItem item) {
    Document d = item.document();
    String hash = Hashing.sha256(d.text());
    return db.write("store " + item.location(), c -> {
      Long locId = null;
      long locDoc = 0;
      int versions = 0;
      String locHash = null;
      try (PreparedStatement ps = db.statement(c, "SELECT l.id, l.document_id, l.versions, d.content_hash "
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
        Long existing = db.queryLong(c, "SELECT id FROM documents WHERE content_hash = ?", hash);
        if (locId == null) {
          if (existing != null) {
            outcome = Outcome.DUPLICATE;
            docId = existing;
          } else {
            outcome = Outcome.IMPORTED;
            docId = insertDocument(c, runId, item, hash, 1, null, at);
          }
          db.update(c, "INSERT INTO locations (location, document_id, versions, updated_at) VALUES (?, ?, 1, ?)",
              item.location(), docId, at);
        } else {
          outcome = Outcome.NEW_VERSION;
          docId = existing != null ? existing : insertDocument(c, runId, item, hash, versions + 1, locDoc, at);
          db.update(c, "UPDATE locations SET document_id = ?, versions = ?, updated_at = ? WHERE id = ?", docId,
              versions + 1, at, locId);
        }
      }
      db.update(c, "INSERT INTO import_items (run_id, location, document_id, outcome, at) VALUES (?, ?, ?, ?, ?) "
          + "ON CONFLICT (run_id, location) DO UPDATE SET document_id = excluded.document_id, "
          + "outcome = excluded.outcome, at = excluded.at", runId, item.location(), docId, outcome.id(), at);
      String column = switch (outcome) {
        case IMPORTED -> "imported";
        case UNCHANGED -> "unchanged";
        case DUPLICATE -> "duplicates";
        case NEW_VERSION -> "new_versions";
      };
      if (db.update(c, "UPDATE import_runs SET " + column + " = " + column + " + 1 WHERE id = ?", runId) != 1) {
        throw new StoreException(db.description() + ": no import run " + runId);
      }
      return new Put(outcome, docId);
    });
  }

  private long insertDocument(Connection c, long runId, SourceItem item, String hash, int version, Long previous,
      String at) throws SQLException {
    Long source = db.queryLong(c, "SELECT id FROM sources WHERE name = ?", item.sourceName());
    if (source == null) {
      source = db.insertReturningId(c, "INSERT INTO sources (name, created_at) VALUES (?, ?)", item.sourceName(), at);
    }
    Document d = item.document();
    DocumentMeta m = item.meta();
    String title = m.title() != null ? m.title() : d.title();
    return db.insertReturningId(c, "INSERT INTO documents (content_hash, content_id, source_id, location, origin, "
            + "version, previous_id, url, title, author, published, language, format, external_id, parent_id, "
            + "media_ref, extra, notes, regions, furniture, text, run_id, imported_at) "
            + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        hash, d.id(), source, item.location(), d.source(), version, previous, m.url(), title, m.author(),
        m.published() == null ? null : m.published().toString(), d.language(),
        d.format().name().toLowerCase(Locale.ROOT), m.externalId(), m.parentId(), m.mediaRef(),
        Codec.extra(m.extra()), Codec.strings(d.notes()), Codec.regions(d.regions()), Codec.spans(d.furniture()),
        d.text(), runId, at);
  }

  void fail(long runId, String location, String reason) {
    db.write("record a failure of " + location, c -> {
      db.update(c, "INSERT INTO import_failures (run_id, location, reason, at) VALUES (?, ?, ?, ?)", runId, location,
          reason, now());
      if (db.update(c, "UPDATE import_runs SET failed = failed + 1 WHERE id = ?", runId) != 1) {
        throw new StoreException(db.description() + ": no import run " + runId);
      }
      return null;
    });
  }

  ImportRun finishRun(long runId) {
    db.write("finish import run " + runId, c -> db.update(c, "UPDATE import_runs SET status = ?, finished_at = ? "
        + "WHERE id = ?", ImportRun.FINISHED, now(), runId));
    return run(runId).orElseThrow(() -> new StoreException(db.description() + ": no import run " + runId));
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

  List<ImportRun> runs() {
    return db.read("list import runs", c -> {
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

  Optional<ImportRun> run(long runId) {
    return db.read("read import run " + runId, c -> {
      try (PreparedStatement ps = c.prepareStatement("SELECT " + RUN_COLUMNS + " FROM import_runs WHERE id = ?")) {
        ps.setLong(1, runId);
        try (ResultSet rs = ps.executeQuery()) {
          return rs.next() ? Optional.of(runRow(rs)) : Optional.empty();
        }
      }
    });
  }

  List<ImportFailure> failures(long runId) {
    return db.read("list the failures of run " + runId, c -> {
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
}
