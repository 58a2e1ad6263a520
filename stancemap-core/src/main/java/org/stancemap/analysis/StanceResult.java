package org.stancemap.analysis;

import java.util.List;
import org.stancemap.codebook.Stance;

/**
 * Stance toward one target. {@code NONE} with {@code mentioned=false} means the text is not about the target;
 * {@code NONE} with {@code mentioned=true} means it is, but takes no side the model is confident about.
 * {@code favor} and {@code against} always carry evidence.
 */
public record StanceResult(Stance label, double score, boolean mentioned, List<Evidence> evidence) {
  public StanceResult {
    evidence = List.copyOf(evidence);
    if (label != Stance.NONE && evidence.isEmpty()) {
      throw new IllegalArgumentException("stance " + label + " must carry evidence");
    }
  }

  public static StanceResult notMentioned() {
    return new StanceResult(Stance.NONE, 0.0, false, List.of());
  }
}
