package org.stancemap.search;

import java.util.Objects;
import org.stancemap.InvalidInputException;

/**
 * One search: the query (see {@code docs/search.md} for its syntax), the mode and the page.
 *
 * @param query the query text; a query of filters only lists the matching sentences, newest first
 * @param mode how to match
 * @param offset how many ranked hits to skip (0 for the first page)
 * @param limit how many hits to return, 1..1000
 */
public record SearchRequest(String query, SearchMode mode, int offset, int limit) {
  /** The largest page. */
  public static final int MAX_LIMIT = 1000;

  public SearchRequest {
    Objects.requireNonNull(query, "query must not be null");
    Objects.requireNonNull(mode, "mode must not be null");
    if (offset < 0) {
      throw new InvalidInputException("offset must not be negative: offset=" + offset);
    }
    if (limit < 1 || limit > MAX_LIMIT) {
      throw new InvalidInputException("limit must lie in 1.." + MAX_LIMIT + ": limit=" + limit);
    }
  }

  /** The first {@code limit} hits of {@code query} in hybrid mode. */
  public static SearchRequest of(String query, int limit) {
    return new SearchRequest(query, SearchMode.HYBRID, 0, limit);
  }

  public SearchRequest withMode(SearchMode m) {
    return new SearchRequest(query, m, offset, limit);
  }

  public SearchRequest page(int newOffset, int newLimit) {
    return new SearchRequest(query, mode, newOffset, newLimit);
  }
}
