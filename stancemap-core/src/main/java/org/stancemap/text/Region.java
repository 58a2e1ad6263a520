package org.stancemap.text;

import java.util.Objects;

/**
 * A structural hint from the input format, such as an HTML comment block or heading, that the segmenter uses in
 * preference to guessing from plain text.
 *
 * @param kind the unit kind the region should become
 * @param span the region's text (for a comment: its body, without the author and date lines)
 * @param author the author named by the markup, or null
 * @param date the date given by the markup, or null
 */
public record Region(UnitKind kind, Span span, String author, String date) {
  public Region {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(span, "span");
  }
}
