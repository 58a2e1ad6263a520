package org.stancemap.search;

import java.util.Locale;
import org.stancemap.InvalidInputException;

/** How a query is matched. */
public enum SearchMode {
  /** Full text and semantic, fused by reciprocal rank fusion (the default). */
  HYBRID,
  /** Full text only: BM25 over the sentences, with phrases, boolean operators and field filters. */
  TEXT,
  /** Semantic only: nearest sentence vectors to the query's embedding, with the field filters as a pre-filter. */
  SEMANTIC;

  /** The lower-case name used on the command line and in JSON. */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Parses {@code hybrid}, {@code text} or {@code semantic} (case-insensitive). */
  public static SearchMode parse(String s) {
    for (SearchMode m : values()) {
      if (m.id().equalsIgnoreCase(s.trim())) {
        return m;
      }
    }
    throw new InvalidInputException("search mode must be hybrid, text or semantic, found '" + s + "'");
  }
}
