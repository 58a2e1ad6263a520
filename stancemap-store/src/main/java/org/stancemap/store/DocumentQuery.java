package org.stancemap.store;

/**
 * Which documents {@link Store#documents} lists: ordered by id, those after {@code afterId} (keyset paging).
 *
 * @param afterId list documents with a larger id (0: from the start)
 * @param limit at most this many (1..10,000)
 * @param currentOnly only documents some location holds now (no replaced versions)
 * @param analysedOnly only documents that have an analysis
 * @param withText include the text
 * @param withAnalysis include the analysis JSON
 */
public record DocumentQuery(long afterId, int limit, boolean currentOnly, boolean analysedOnly, boolean withText,
    boolean withAnalysis) {
  public static final int MAX_LIMIT = 10_000;

  public DocumentQuery {
    if (limit < 1 || limit > MAX_LIMIT) {
      throw new IllegalArgumentException("limit must be in 1.." + MAX_LIMIT + ": limit=" + limit);
    }
  }

  /** Every document with text and analysis, 200 at a time. */
  public static DocumentQuery all() {
    return new DocumentQuery(0, 200, false, false, true, true);
  }

  /** The documents locations hold now, with text and analysis, 200 at a time. */
  public static DocumentQuery current() {
    return new DocumentQuery(0, 200, true, false, true, true);
  }

  public DocumentQuery after(long id) {
    return new DocumentQuery(id, limit, currentOnly, analysedOnly, withText, withAnalysis);
  }

  public DocumentQuery limit(int n) {
    return new DocumentQuery(afterId, n, currentOnly, analysedOnly, withText, withAnalysis);
  }

  public DocumentQuery analysedOnly(boolean b) {
    return new DocumentQuery(afterId, limit, currentOnly, b, withText, withAnalysis);
  }

  public DocumentQuery withText(boolean b) {
    return new DocumentQuery(afterId, limit, currentOnly, analysedOnly, b, withAnalysis);
  }
}
