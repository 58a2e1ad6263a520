package org.stancemap.gloss;

import java.util.List;
import org.stancemap.text.Span;

/**
 * An English word gloss of a source text, aligned to it piece by piece: every piece is a word (or a fixed
 * expression) of the source with its English gloss, or the characters between words, copied. Any span of the
 * English reading maps back to the source characters it came from ({@link #toSource}), so a label found in the
 * reading is quoted from the original.
 *
 * @param source the source text
 * @param english the English reading
 * @param pieces the aligned pieces, in order, covering both texts without gaps
 * @param words how many source words the pieces hold
 * @param known how many of them the glossary knew
 */
public record Glossed(String source, String english, List<Piece> pieces, int words, int known) {

  /** One aligned piece: source {@code [sourceStart, sourceEnd)} reads as English {@code [englishStart, englishEnd)}. */
  public record Piece(int sourceStart, int sourceEnd, int englishStart, int englishEnd, boolean word) {}

  public Glossed {
    pieces = List.copyOf(pieces);
  }

  /** The share of source words the glossary knew (1 for a text without words). */
  public double coverage() {
    return words == 0 ? 1.0 : (double) known / words;
  }

  /**
   * The source span that the English span {@code [start, end)} came from: from the start of the first piece it
   * overlaps to the end of the last. An empty span maps to an empty span at the start of its piece.
   */
  public Span toSource(int start, int end) {
    if (start < 0 || end > english.length() || start > end) {
      throw new IllegalArgumentException("span [" + start + ", " + end + ") is outside the English reading (length "
          + english.length() + ")");
    }
    int from = -1;
    int to = -1;
    for (Piece p : pieces) {
      if (start == end && p.englishStart() <= start && start < p.englishEnd()) {
        return new Span(p.sourceStart(), p.sourceStart());
      }
      if (p.englishStart() < end && p.englishEnd() > start) {
        if (from < 0) {
          from = p.sourceStart();
        }
        to = p.sourceEnd();
      }
    }
    if (from < 0) {
      int at = start >= english.length() ? source.length() : 0;
      return new Span(at, at);
    }
    return new Span(from, to);
  }
}
