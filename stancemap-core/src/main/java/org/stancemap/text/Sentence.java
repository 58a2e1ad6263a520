package org.stancemap.text;

import java.util.Objects;

/** A sentence of a unit: its position in the document and its span in the document's text. */
public record Sentence(int index, Span span) {
  public Sentence {
    if (index < 0) {
      throw new IllegalArgumentException("index must not be negative: index=" + index);
    }
    Objects.requireNonNull(span, "span");
  }
}
