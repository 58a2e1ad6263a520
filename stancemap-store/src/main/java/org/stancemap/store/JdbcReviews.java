package org.stancemap.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/** {@link Reviews} over JDBC: table {@code web_reviews} (migration V2), written through the store's writer. */
final class JdbcReviews implements Reviews {
  private final JdbcConnections db;

  JdbcReviews(JdbcConnections db) {
    this.db = db;
  }

  @Override
  public Review add(long documentId, String contentId, String unitId, String dimension, String aiLabel, String humanLabel,
      String reviewer) {
    Instant at = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    long id = db.write("store a review", c -> db.insertReturningId(c, "INSERT INTO web_reviews (document_id,"
        + " content_id, unit_id, dimension, ai_label, human_label, reviewer, reviewed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        documentId, contentId, unitId, dimension, aiLabel, humanLabel, reviewer, at.toString()));
    return new Review(id, documentId, contentId, unitId, dimension, aiLabel, humanLabel, reviewer, at);
  }

  @Override
  public List<Review> latest(long documentId, String contentId) {
    return query(" WHERE r.document_id = ? AND r.content_id = ?", documentId, contentId);
  }

  @Override
  public List<Review> latestAll() {
    return query("", null, null);
  }

  private List<Review> query(String where, Long documentId, String contentId) {
    return db.read("read the reviews", c -> {
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

  @Override
  public long reviewsWithLabel(String dimension, String label) {
    return db.read("read the reviews", c -> db.queryLong(c, "SELECT count(*) FROM web_reviews WHERE dimension = ?"
        + " AND (ai_label = ? OR human_label = ?)", dimension, label, label));
  }
}
