package org.stancemap.web;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.flywaydb.core.Flyway;
import org.stancemap.evaluation.Metrics;
import org.stancemap.store.JdbcStore;

/**
 * Human reviews of unit labels, in the web module's own table {@code web_reviews} in the corpus database
 * (migrations in {@code org/stancemap/web/db/<dialect>}, history table {@code stancemap_web_schema_history}, so the
 * store's own migrations are untouched). A review is never overwritten: the latest one per unit and dimension
 * counts for agreement. Thread-safe.
 */
final class ReviewStore {
  /** One review. */
  record Review(long id, long documentId, String contentId, String unitId, String dimension, String aiLabel, String humanLabel,
      String reviewer, Instant at) {}

  /** Agreement between the analysis and the reviewers in one dimension. */
  record Agreement(String dimension, int n, int agreed, double accuracy, double kappa, double alpha) {}

  private final JdbcStore db;

  ReviewStore(JdbcStore db) {
    this.db = db;
    String folder = db.sqlite() ? "sqlite" : "postgresql";
    Logger.getLogger("org.flywaydb").setLevel(Level.WARNING);
    Flyway.configure(ReviewStore.class.getClassLoader())
        .dataSource(db.dataSource())
        .locations("classpath:org/stancemap/web/db/" + folder)
        .table("stancemap_web_schema_history")
        .baselineOnMigrate(true)
        .baselineVersion("0")
        .load()
        .migrate();
  }

  Review add(long documentId, String contentId, String unitId, String dimension, String aiLabel, String humanLabel,
      String reviewer) {
    Instant at = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    long id = db.inWriteTransaction("store a review", c -> {
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO web_reviews (document_id, content_id, unit_id,"
          + " dimension, ai_label, human_label, reviewer, reviewed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id")) {
        ps.setLong(1, documentId);
        ps.setString(2, contentId);
        ps.setString(3, unitId);
        ps.setString(4, dimension);
        ps.setString(5, aiLabel);
        ps.setString(6, humanLabel);
        ps.setString(7, reviewer);
        ps.setString(8, at.toString());
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
          return rs.getLong(1);
        }
      }
    });
    return new Review(id, documentId, contentId, unitId, dimension, aiLabel, humanLabel, reviewer, at);
  }

  /** The latest review of each unit and dimension of a document's text. */
  List<Review> latest(long documentId, String contentId) {
    return query(" WHERE r.document_id = ? AND r.content_id = ?", documentId, contentId);
  }

  /** The latest review of every unit and dimension. */
  List<Review> latestAll() {
    return query("", null, null);
  }

  private List<Review> query(String where, Long documentId, String contentId) {
    return db.inReadTransaction("read the reviews", c -> {
      List<Review> out = new ArrayList<>();
      try (PreparedStatement ps = c.prepareStatement("SELECT r.id, r.document_id, r.content_id, r.unit_id, r.dimension, r.ai_label,"
          + " r.human_label, r.reviewer, r.reviewed_at FROM web_reviews r" + where
          + (where.isEmpty() ? " WHERE" : " AND") + " r.id = (SELECT max(x.id) FROM web_reviews x WHERE"
          + " x.document_id = r.document_id AND x.content_id = r.content_id AND x.unit_id = r.unit_id"
          + " AND x.dimension = r.dimension) ORDER BY r.id")) {
        if (documentId != null) {
          ps.setLong(1, documentId);
          ps.setString(2, contentId);
        }
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            out.add(new Review(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4), rs.getString(5),
                rs.getString(6), rs.getString(7), rs.getString(8), Instant.parse(rs.getString(9))));
          }
        }
      }
      return out;
    });
  }

  /** How many reviews (of any time) name {@code label} in {@code dimension}, as the analysis's or the human label. */
  long reviewsWithLabel(String dimension, String label) {
    return db.inReadTransaction("read the reviews", c -> {
      try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM web_reviews WHERE dimension = ?"
          + " AND (ai_label = ? OR human_label = ?)")) {
        ps.setString(1, dimension);
        ps.setString(2, label);
        ps.setString(3, label);
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
          return rs.getLong(1);
        }
      }
    });
  }

  /**
   * Cohen's kappa and Krippendorff's alpha (nominal, two coders: the analysis and the latest human label) per
   * dimension, from {@link Metrics}; NaN where they are undefined (one label only).
   */
  List<Agreement> agreement() {
    Map<String, List<Review>> byDim = new TreeMap<>();
    for (Review r : latestAll()) {
      String dim = r.dimension().startsWith("stance:") ? r.dimension() : r.dimension();
      byDim.computeIfAbsent(dim, k -> new ArrayList<>()).add(r);
    }
    List<Agreement> out = new ArrayList<>();
    byDim.forEach((dim, rs) -> {
      List<String> human = rs.stream().map(Review::humanLabel).toList();
      List<String> ai = rs.stream().map(Review::aiLabel).toList();
      Metrics m = Metrics.of(dim, human, ai, null);
      int agreed = (int) rs.stream().filter(r -> r.humanLabel().equals(r.aiLabel())).count();
      out.add(new Agreement(dim, rs.size(), agreed, m.accuracy(), m.cohensKappa(), m.krippendorffsAlpha()));
    });
    return out;
  }
}
