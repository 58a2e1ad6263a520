package org.stancemap.codebook;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A codebook label (a narrative, technique, role or stance class) with its definition and exemplar sentences.
 *
 * @param source the public taxonomy the name comes from, or null
 * @param nearMisses sentences close to the label that do not carry it (negative exemplars)
 * @param stance the stance toward each target that the label implies (a narrative such as "NATO provoked the war"
 *     implies {@code west: against}); exemplars that name the target also teach the stance heads
 * @param cues words or phrases typical of the label (the last word matched as a prefix); their count becomes a
 *     feature of the label's head, weighted by training like any other
 */
public record Label(
    String id, String name, String source, String definition, List<String> exemplars, List<String> nearMisses,
    Map<String, Stance> stance, List<String> cues) {
  public Label {
    stance = Map.copyOf(stance);
    cues = List.copyOf(cues);
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(definition, "definition");
    exemplars = List.copyOf(exemplars);
    nearMisses = List.copyOf(nearMisses);
  }
}
