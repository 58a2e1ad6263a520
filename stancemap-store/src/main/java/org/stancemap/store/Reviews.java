package org.stancemap.store;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.stancemap.evaluation.Metrics;

/**
 * Human reviews of unit labels ({@link Store#reviews()}, table {@code web_reviews}). A review is never
 * overwritten: the latest one per unit and dimension counts for agreement. Thread-safe.
 */
public interface Reviews {
  /** Stores a review in its own transaction. */
  Review add(long documentId, String contentId, String unitId, String dimension, String aiLabel, String humanLabel,
      String reviewer);

  /** The latest review of each unit and dimension of a document's text. */
  List<Review> latest(long documentId, String contentId);

  /** The latest review of every unit and dimension. */
  List<Review> latestAll();

  /** How many reviews (of any time) name {@code label} in {@code dimension}, as the analysis's or the human label. */
  long reviewsWithLabel(String dimension, String label);

  /**
   * Cohen's kappa and Krippendorff's alpha (nominal, two coders: the analysis and the latest human label) per
   * dimension, from {@link Metrics}; NaN where they are undefined (one label only).
   */
  default List<ReviewAgreement> agreement() {
    Map<String, List<Review>> byDim = new TreeMap<>();
    for (Review r : latestAll()) {
      byDim.computeIfAbsent(r.dimension(), k -> new ArrayList<>()).add(r);
    }
    List<ReviewAgreement> out = new ArrayList<>();
    byDim.forEach((dim, rs) -> {
      List<String> human = rs.stream().map(Review::humanLabel).toList();
      List<String> ai = rs.stream().map(Review::aiLabel).toList();
      Metrics m = Metrics.of(dim, human, ai, null);
      int agreed = (int) rs.stream().filter(r -> r.humanLabel().equals(r.aiLabel())).count();
      out.add(new ReviewAgreement(dim, rs.size(), agreed, m.accuracy(), m.cohensKappa(), m.krippendorffsAlpha()));
    });
    return out;
  }
}
