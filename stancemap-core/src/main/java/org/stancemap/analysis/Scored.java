package org.stancemap.analysis;

import java.util.List;
import java.util.Objects;

/**
 * A narrative or technique found in a unit or document, with its score and evidence (best first, never empty).
 * {@code mode} says whether the text {@code uses} the narrative (states it in its own voice, or endorses someone who
 * does) or {@code rebuts} it (reports it in order to reject it); techniques are always {@code uses}.
 */
public record Scored(String id, String name, double score, List<Evidence> evidence, String mode) {
  public static final String USES = "uses";
  public static final String REBUTS = "rebuts";

  public Scored {
    Objects.requireNonNull(id, "id");
    evidence = List.copyOf(evidence);
    if (evidence.isEmpty()) {
      throw new IllegalArgumentException("label " + id + " must carry evidence");
    }
    if (!USES.equals(mode) && !REBUTS.equals(mode)) {
      throw new IllegalArgumentException("label " + id + ": mode must be uses or rebuts, not " + mode);
    }
  }

  /** A label the text uses. */
  public Scored(String id, String name, double score, List<Evidence> evidence) {
    this(id, name, score, evidence, USES);
  }

  public boolean rebutted() {
    return REBUTS.equals(mode);
  }
}
