package org.stancemap.store;

import java.time.LocalDate;
import java.util.List;

/**
 * Which documents the corpus listing ({@link CorpusQueries#list}) shows. Every field is optional (null);
 * {@code ids} (from a search) restricts the listing to those store ids and keeps their order.
 *
 * @param source the source name, exactly
 * @param from the first publication day (inclusive)
 * @param to the last publication day (inclusive)
 * @param position the document's position label
 * @param narrative a narrative id the document carries
 * @param technique a technique id the document carries
 * @param ids store ids in rank order, or null for no restriction
 */
public record CorpusFilter(String source, LocalDate from, LocalDate to, String position, String narrative,
    String technique, List<Long> ids) {
  public CorpusFilter {
    ids = ids == null ? null : List.copyOf(ids);
  }

  /** No filter. */
  public static CorpusFilter none() {
    return new CorpusFilter(null, null, null, null, null, null, null);
  }

  /** The same filter restricted to {@code newIds}, in that order. */
  public CorpusFilter withIds(List<Long> newIds) {
    return new CorpusFilter(source, from, to, position, narrative, technique, newIds);
  }
}
