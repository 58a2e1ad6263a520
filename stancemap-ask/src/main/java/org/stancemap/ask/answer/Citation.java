package org.stancemap.ask.answer;

import java.time.LocalDate;
import java.util.Objects;

/**
 * A quoted sentence and where it is: numbered {@code [n]} in its answer. {@code quote} is the document text at
 * {@code [start, end)} (checked when the citation is made).
 *
 * @param date the unit's own date (a comment's) or the document's publication date, or null
 * @param unit the unit id
 * @param supports what it is quoted for: {@code narrative:<id>}, {@code technique:<id>}, {@code position:<id>} or
 *     {@code stance:<target>}
 */
public record Citation(int n, String document, String title, String source, LocalDate date, String url, String unit,
    int start, int end, String quote, String supports) {
  public Citation {
    Objects.requireNonNull(document, "document");
    Objects.requireNonNull(quote, "quote");
    if (n < 1 || start < 0 || end - start != quote.length()) {
      throw new IllegalArgumentException("citation [" + n + "] has an inconsistent span [" + start + ", " + end
          + ") for a quote of length " + quote.length());
    }
  }
}
