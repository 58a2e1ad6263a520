package org.stancemap.analysis;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.stancemap.text.Span;

/**
 * Whose claim one sentence states. {@code author}: the writer's own claim (an interviewee's answer counts as the
 * author's). {@code reported}: a claim the text attributes to someone else, with the author's {@code attitude} to it
 * ({@code endorses}, {@code rebuts} or {@code reports}) and, when the sentence names who holds it, the speaker's span.
 *
 * @param sentence the sentence's span in the document text
 * @param score the probability of {@code kind}
 * @param attitude null for the author's own claims
 * @param attitudeScore the probability of {@code attitude}; 0 when there is none
 * @param speaker the span naming the claim's holder ("campists", "the Kremlin"), or null
 * @param claim the stance the sentence's own claim takes toward each target it names ({@code favor} or {@code
 *     against}, whoever holds the claim; targets without a side are left out): for a reported sentence, the stance of
 *     what is reported, which the unit's (author's) stance does not take over
 */
public record Voice(Span sentence, String kind, double score, String attitude, double attitudeScore, Span speaker,
    Map<String, String> claim) {
  public static final String AUTHOR = "author";
  public static final String REPORTED = "reported";
  public static final String ENDORSES = "endorses";
  public static final String REBUTS = "rebuts";
  public static final String REPORTS = "reports";

  public Voice {
    Objects.requireNonNull(sentence, "sentence");
    claim = claim == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(claim));
    if (!AUTHOR.equals(kind) && !REPORTED.equals(kind)) {
      throw new IllegalArgumentException("voice kind must be author or reported, not " + kind);
    }
    if (AUTHOR.equals(kind) && (attitude != null || speaker != null)) {
      throw new IllegalArgumentException("the author's own claim has no attitude or speaker");
    }
    if (REPORTED.equals(kind) && !ENDORSES.equals(attitude) && !REBUTS.equals(attitude) && !REPORTS.equals(attitude)) {
      throw new IllegalArgumentException("a reported claim needs an attitude (endorses, rebuts, reports), not "
          + attitude);
    }
  }

  /** A voice without the claim's stance. */
  public Voice(Span sentence, String kind, double score, String attitude, double attitudeScore, Span speaker) {
    this(sentence, kind, score, attitude, attitudeScore, speaker, Map.of());
  }

  /** How much the sentence counts as the author's own claim: 1 for the author, the endorsement for a report. */
  public boolean authorAsserts() {
    return AUTHOR.equals(kind) || ENDORSES.equals(attitude);
  }

  public boolean rebutted() {
    return REBUTS.equals(attitude);
  }
}
