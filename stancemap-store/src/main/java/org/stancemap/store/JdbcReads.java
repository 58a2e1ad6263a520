package org.stancemap.store;

import static org.stancemap.store.JdbcConnections.bind;
import static org.stancemap.store.JdbcConnections.instant;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.stancemap.analysis.DocumentAnalysis;
import org.stancemap.document.Document;

/** The read side of {@link JdbcStore}: listings, documents with their analyses, vectors, labels. */
final class JdbcReads {
  private final JdbcConnections db;

  JdbcReads(JdbcConnections db) {
    this.db = db;
  }

  /** A document that some location holds now. */
  static final String CURRENT = "EXISTS (SELECT 1 FROM locations l WHERE l.document_id = d.id)";

  Page<Entry> documents(DocumentQuery q) {
    String sql = "SELECT d.id, d.content_id, d.content_hash, s.name, d.location, d.version, d.previous_id, d.url, "
        + "d.title, d.author, d.published, d.language, d.format, d.external_id, d.parent_id, d.media_ref, d.extra, "
        + "d.notes, d.imported_at, CASE WHEN " + CURRENT + " THEN 1 ELSE 0 END, "
        + (q.withText() ? "d.text" : "NULL") + ", a.id, a.model_id, a.codebook_ref, a.codebook_hash, a.embedding, "
        + "a.stancemap_version, a.status, a.position, a.position_score, " + (q.withAnalysis() ? "a.analysis" : "NULL")
        + ", a.created_at FROM documents d JOIN sources s ON s.id = d.source_id LEFT JOIN analyses a ON "
        + "a.document_id = d.id WHERE d.id > ?" + (q.currentOnly() ? " AND " + CURRENT : "")
        + (q.analysedOnly() ? " AND a.id IS NOT NULL" : "") + " ORDER BY d.id LIMIT ?";
    return db.read("list documents", c -> {
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

  Page<Entry> analysedAfter(long afterSeq, int limit) {
    if (limit < 1 || limit > DocumentQuery.MAX_LIMIT) {
      throw new IllegalArgumentException("limit must be in 1.." + DocumentQuery.MAX_LIMIT + ": limit=" + limit);
    }
    String sql = "SELECT d.id, d.content_id, d.content_hash, s.name, d.location, d.version, d.previous_id, d.url, "
        + "d.title, d.author, d.published, d.language, d.format, d.external_id, d.parent_id, d.media_ref, d.extra, "
        + "d.notes, d.imported_at, CASE WHEN " + CURRENT + " THEN 1 ELSE 0 END, d.text, a.id, a.model_id, "
        + "a.codebook_ref, a.codebook_hash, a.embedding, a.stancemap_version, a.status, a.position, "
        + "a.position_score, a.analysis, a.created_at FROM analyses a JOIN documents d ON d.id = a.document_id "
        + "JOIN sources s ON s.id = d.source_id WHERE a.id > ? ORDER BY a.id LIMIT ?";
    return db.read("list analysed documents", c -> {
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

  long countDocuments(boolean currentOnly) {
    return db.read("count documents", c -> db.queryLong(c, "SELECT COUNT(*) FROM documents d"
        + (currentOnly ? " WHERE " + CURRENT : "")));
  }

  Optional<DocumentDetail> document(long documentId) {
    return db.read("read document " + documentId, c -> {
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

  Optional<AnalysedDocument> analysed(long documentId) {
    return db.read("read the analysis of document " + documentId, c -> {
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
  Map<Long, List<LabelRow>> labels(List<Long> seqs) {
    if (seqs.isEmpty()) {
      return Map.of();
    }
    String in = String.join(",", seqs.stream().map(String::valueOf).toList());
    return db.read("read labels", c -> {
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

  Optional<Document> ingestDocument(long documentId) {
    return db.read("read document " + documentId, c -> ingestDocument(c, documentId));
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

  Optional<DocumentAnalysis> analysis(long documentId) {
    Optional<Document> d = ingestDocument(documentId);
    if (d.isEmpty()) {
      return Optional.empty();
    }
    String json = db.read("read the analysis of document " + documentId, c -> {
      try (PreparedStatement ps = c.prepareStatement("SELECT analysis FROM analyses WHERE document_id = ?")) {
        ps.setLong(1, documentId);
        try (ResultSet rs = ps.executeQuery()) {
          return rs.next() ? rs.getString(1) : null;
        }
      }
    });
    return json == null ? Optional.empty() : Optional.of(AnalysisCodec.decode(json, d.get()));
  }

  List<SentenceVector> sentenceVectors(VectorCursor cursor, int limit) {
    if (limit < 1 || limit > DocumentQuery.MAX_LIMIT) {
      throw new IllegalArgumentException("limit must be in 1.." + DocumentQuery.MAX_LIMIT + ": limit=" + limit);
    }
    String sql = "SELECT s.analysis_id, s.document_id, d.previous_id, s.idx, u.unit_id, s.start_pos, s.end_pos, "
        + "a.embedding, s.vector FROM sentences s JOIN analyses a ON a.id = s.analysis_id "
        + "JOIN documents d ON d.id = s.document_id JOIN units u ON u.analysis_id = s.analysis_id AND u.ord = s.unit_ord "
        + "WHERE s.vector IS NOT NULL AND (s.analysis_id > ? OR (s.analysis_id = ? AND s.idx > ?)) "
        + "ORDER BY s.analysis_id, s.idx LIMIT ?";
    return db.read("list sentence vectors", c -> {
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

  List<String> stanceTargets() {
    return db.read("list stance targets", c -> {
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

  List<LabelKind> labelKinds() {
    return db.read("list labels", c -> {
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
  List<String> query(String sql) {
    return db.read("run " + sql, c -> {
      List<String> out = new ArrayList<>();
      try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
        while (rs.next()) {
          out.add(rs.getString(1));
        }
      }
      return out;
    });
  }
}
