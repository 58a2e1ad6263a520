package org.stancemap.analysis;

import java.util.List;
import java.util.Map;
import org.stancemap.text.Unit;

/** Everything found in one unit. {@code stance} has one entry per codebook target, in codebook order. */
public record UnitAnalysis(Unit unit, Map<String, StanceResult> stance, List<Scored> narratives,
    List<Scored> techniques, List<RoleResult> roles, PositionResult position, boolean relevant) {
  public UnitAnalysis {
    stance = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(stance));
    narratives = List.copyOf(narratives);
    techniques = List.copyOf(techniques);
    roles = List.copyOf(roles);
  }
}
