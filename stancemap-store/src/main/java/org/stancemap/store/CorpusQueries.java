package org.stancemap.store;

import java.util.List;
import java.util.Optional;

/**
 * The corpus as the workbench lists and charts it ({@link Store#corpus()}): filtered, paged listings of current
 * documents, id look-ups by content id, facet values and dashboard aggregates. Read-only; thread-safe.
 *
 * <p>Dashboard rows are the group columns (strings) followed by a {@code Long} count, in the order given per
 * method; a month is {@code yyyy-MM}.
 */
public interface CorpusQueries {
  /** The longest excerpt a listing carries. */
  int EXCERPT = 280;

  /** The document-level labels a time chart counts. */
  enum DashboardLabels {
    /** Narratives. */
    NARRATIVE,
    /** Stances {@code favor} or {@code against} (towards any target). */
    STANCE
  }

  /** One page of current documents, newest publication first (undated last), then newest id. */
  CorpusListing list(CorpusFilter filter, int offset, int limit);

  /**
   * The store id of a document named by its content id (16 hex digits: the newest version with that text) or by
   * its store id in decimal (as the search index names documents).
   */
  Optional<Long> idOf(String contentId);

  /** Store ids for content ids, in the given order (unknown ones left out). */
  List<Long> idsOf(List<String> contentIds);

  /** The names of all sources that hold current documents, sorted. */
  List<String> sources();

  /** How many stored analyses (any version of any document) carry {@code label} in {@code dimension}. */
  long analysesWithLabel(String dimension, String label);

  /** (month, narrative, documents) over current dated documents. */
  List<List<Object>> narrativesByMonth();

  /**
   * (month, documents): current dated documents that carry a label of the kind {@code labels}, each counted once,
   * for choosing a chart's time axis.
   */
  List<List<Object>> documentsByMonth(DashboardLabels labels);

  /** Current documents without a publication date that carry a label of the kind {@code labels}. */
  long undated(DashboardLabels labels);

  /** (source, position, documents). */
  List<List<Object>> positionsBySource();

  /** (month, target, stance, documents), stance favor or against. */
  List<List<Object>> stanceByMonth();

  /** (narrative a, narrative b, documents carrying both), a before b. */
  List<List<Object>> narrativeCooccurrence();

  /** A title for a document that has none: its first line, without Markdown heading marks, if short. */
  static String firstLine(String head) {
    if (head == null) {
      return null;
    }
    for (String line : head.split("\n")) {
      String t = line.replaceFirst("^#+\\s*", "").strip();
      if (!t.isEmpty()) {
        return t.length() <= 120 ? t : null;
      }
    }
    return null;
  }

  /** The start of a text as a listing shows it: whitespace collapsed, at most {@link #EXCERPT} characters. */
  static String excerpt(String head) {
    if (head == null) {
      return "";
    }
    String t = head.replaceAll("\\s+", " ").strip();
    if (t.length() <= EXCERPT) {
      return t;
    }
    int cut = t.lastIndexOf(' ', EXCERPT);
    return t.substring(0, cut > EXCERPT / 2 ? cut : EXCERPT) + " …";
  }
}
