package org.stancemap.store;

import static org.stancemap.store.JdbcConnections.bind;
import static org.stancemap.store.JdbcConnections.now;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.stancemap.analysis.DocumentAnalysis;
import org.stancemap.json.JsonWriter;
import org.stancemap.report.JsonReport;
import org.stancemap.text.Unit;

/** The analysis side of {@link JdbcStore}: what to analyse, storing an analysis with its rows. */
final class JdbcAnalyses {
  private final JdbcConnections db;

  JdbcAnalyses(JdbcConnections db) {
    this.db = db;
  }

  List<Long> toAnalyse(AnalysisKey key, boolean all) {
    String sql = "SELECT d.id FROM documents d WHERE " + JdbcReads.CURRENT
        + (all ? "" : " AND NOT EXISTS (SELECT 1 FROM "
        + "analyses a WHERE a.document_id = d.id AND a.model_id = ? AND a.codebook_hash = ?)") + " ORDER BY d.id";
    return db.read("list documents to analyse", c -> {
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

  long saveAnalysis(long documentId, DocumentAnalysis a, AnalysisKey key, List<float[]> sentenceVectors) {
    Objects.requireNonNull(a, "analysis");
    Objects.requireNonNull(key, "key");
    String json = JsonWriter.compact(JsonReport.document(a));
    List<LabelRow> labels = Flatten.labels(a);
    int sentenceCount = a.units().stream().mapToInt(u -> u.unit().sentences().size()).sum();
    if (sentenceVectors != null && sentenceVectors.size() != sentenceCount) {
      throw new IllegalArgumentException("expected one vector per sentence: " + sentenceCount + " sentences, "
          + sentenceVectors.size() + " vectors");
    }
    return db.write("store the analysis of document " + documentId, c -> {
      db.update(c, "DELETE FROM analyses WHERE document_id = ?", documentId);
      long seq = db.insertReturningId(c, "INSERT INTO analyses (document_id, model_id, codebook_ref, codebook_hash, "
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

  long lastAnalysisSeq() {
    return db.read("read the last analysis", c -> {
      Long v = db.queryLong(c, "SELECT MAX(id) FROM analyses");
      return v == null ? 0L : v;
    });
  }
}
