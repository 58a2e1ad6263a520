package org.stancemap.codebook;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A document position (campist, solidarity, third-camp, unrelated) and how unit labels add up to it.
 *
 * @param narratives narratives whose presence indicates the position
 * @param stance stance patterns that indicate it, e.g. {@code russia: favor}
 * @param label its definition and exemplar sentences
 */
public record Position(String id, List<String> narratives, Map<String, Stance> stance, Label label) {
  public Position {
    Objects.requireNonNull(id, "id");
    narratives = List.copyOf(narratives);
    stance = Map.copyOf(stance);
  }
}
