package org.stancemap.analysis;

import java.util.List;

/**
 * Two units of one document that contradict each other.
 *
 * @param kind {@code stance}: opposite stances toward {@code target}; {@code claim}: opposite claims about what
 *     {@code subject} supports (for example "the left sides with Russia" against "the left favours Ukraine")
 * @param subject the actor the claims are about (claims only), else null
 * @param sameVoice true when both units belong to the page's own voice (not a comment against the article)
 * @param quotesA evidence in unit a; quotesB evidence in unit b
 */
public record Contradiction(String a, String b, String kind, String target, String subject, boolean sameVoice,
    double score, List<Evidence> quotesA, List<Evidence> quotesB) {
  public Contradiction {
    quotesA = List.copyOf(quotesA);
    quotesB = List.copyOf(quotesB);
    if (quotesA.isEmpty() || quotesB.isEmpty()) {
      throw new IllegalArgumentException("a contradiction needs quotes from both units");
    }
  }
}
