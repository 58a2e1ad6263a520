package org.stancemap.analysis;

import java.util.List;
import java.util.Map;

/**
 * A unit's or document's position. A document of several voices that take different positions is {@code mixed}:
 * {@code voices} then maps each position found to the ids of the units that take it.
 *
 * @param scores the score of every position considered
 */
public record PositionResult(String label, double score, Map<String, Double> scores,
    Map<String, List<String>> voices) {
  public static final String MIXED = "mixed";
  public static final String UNRELATED = "unrelated";

  public PositionResult {
    scores = Map.copyOf(scores);
    voices = Map.copyOf(voices);
  }
}
