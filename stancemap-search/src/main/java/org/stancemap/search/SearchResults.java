package org.stancemap.search;

import java.util.List;

/**
 * A page of hits.
 *
 * @param request what was asked
 * @param hits the hits of the page, best first
 * @param total how many sentences matched: exact for full-text and filter-only queries when {@code exact}, otherwise
 *     a lower bound (semantic and hybrid searches rank a bounded candidate list, see {@code docs/search.md})
 * @param exact whether {@code total} is exact
 * @param notes remarks the user should see (for example, that semantic search was unavailable)
 */
public record SearchResults(SearchRequest request, List<SearchHit> hits, long total, boolean exact,
    List<String> notes) {
  public SearchResults {
    hits = List.copyOf(hits);
    notes = List.copyOf(notes);
  }
}
