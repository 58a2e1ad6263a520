package org.stancemap.analysis;

import java.util.List;
import java.util.Objects;

/** A narrative or technique found in a unit or document, with its score and evidence (best first, never empty). */
public record Scored(String id, String name, double score, List<Evidence> evidence) {
  public Scored {
    Objects.requireNonNull(id, "id");
    evidence = List.copyOf(evidence);
    if (evidence.isEmpty()) {
      throw new IllegalArgumentException("label " + id + " must carry evidence");
    }
  }
}
