package org.stancemap.codebook;

import java.util.List;

/**
 * Target-directed polarity cues (see the {@code polarity} section of the codebook format): word prefixes that,
 * just before a target's mention or after it in the same clause, speak for or against it.
 */
public record Polarity(List<String> beforeNegative, List<String> beforePositive, List<String> afterNegative,
    List<String> afterPositive) {
  public Polarity {
    beforeNegative = List.copyOf(beforeNegative);
    beforePositive = List.copyOf(beforePositive);
    afterNegative = List.copyOf(afterNegative);
    afterPositive = List.copyOf(afterPositive);
  }

  public static final Polarity NONE = new Polarity(List.of(), List.of(), List.of(), List.of());
}
