package org.stancemap.analysis;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.stancemap.text.Unit;

/** Everything found in one unit. {@code stance} has one entry per codebook target, in codebook order. */
public record UnitAnalysis(Unit unit, Map<String, StanceResult> stance, List<Scored> narratives,
    List<Scored> techniques, List<RoleResult> roles, PositionResult position, boolean relevant, List<Voice> voices) {
  public UnitAnalysis {
    stance = Collections.unmodifiableMap(new LinkedHashMap<>(stance));
    narratives = List.copyOf(narratives);
    techniques = List.copyOf(techniques);
    roles = List.copyOf(roles);
    voices = List.copyOf(voices);
  }

  /** A unit without sentence voices (a model without a voice head, or an analysis stored before voices). */
  public UnitAnalysis(Unit unit, Map<String, StanceResult> stance, List<Scored> narratives, List<Scored> techniques,
      List<RoleResult> roles, PositionResult position, boolean relevant) {
    this(unit, stance, narratives, techniques, roles, position, relevant, List.of());
  }

  /** The voice of the sentence with span {@code s}, if the model gave one. */
  public Optional<Voice> voice(org.stancemap.text.Span s) {
    return voices.stream().filter(v -> v.sentence().equals(s)).findFirst();
  }
}
