package org.stancemap.analysis;

import java.util.Objects;

/**
 * A sentence that justifies a label: its span in the document text, the exact characters, the unit it lies in and
 * the sentence-level score for the label.
 */
public record Evidence(String unit, int start, int end, String text, double score) {
  public Evidence {
    Objects.requireNonNull(unit, "unit");
    Objects.requireNonNull(text, "text");
    if (start < 0 || end < start || end - start != text.length()) {
      throw new IllegalArgumentException("evidence span [" + start + ", " + end + ") does not match its text of length "
          + text.length());
    }
  }
}
