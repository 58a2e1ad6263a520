package org.stancemap.ask.retrieval;

import java.util.Objects;
import org.stancemap.analysis.Evidence;
import org.stancemap.analysis.UnitAnalysis;
import org.stancemap.document.DocumentMeta;

/**
 * One unit retrieved for a question: its document's metadata, its stored analysis (labels with evidence), its text
 * and the retrieval score. Every {@link Evidence} of {@code unit} must be a span of {@code text}, offset by the
 * unit's start: {@link #quote} checks that.
 *
 * @param documentPosition the document's position label ({@code campist}, {@code mixed}, …), or null if unknown
 * @param text the unit's text, exactly {@code unit.unit().span()} of the document text
 * @param score retrieval score, higher is better; comparable only within one retrieval
 */
public record RetrievedUnit(DocumentMeta document, String documentPosition, UnitAnalysis unit, String text,
    double score) {
  public RetrievedUnit {
    Objects.requireNonNull(document, "document");
    Objects.requireNonNull(unit, "unit");
    Objects.requireNonNull(text, "text");
    if (text.length() != unit.unit().span().length()) {
      throw new IllegalArgumentException("unit " + unit.unit().id() + " of " + document.id() + ": text length "
          + text.length() + " does not match its span " + unit.unit().span());
    }
  }

  /** The unit id ({@code u3}). */
  public String unitId() {
    return unit.unit().id();
  }

  /**
   * The stored text at {@code e}'s span.
   *
   * @throws IllegalArgumentException if the span lies outside this unit or the text there differs from the
   *     evidence: the stored analysis does not belong to this text
   */
  public String quote(Evidence e) {
    int base = unit.unit().span().start();
    if (e.start() < base || e.end() > base + text.length()) {
      throw new IllegalArgumentException("evidence [" + e.start() + ", " + e.end() + ") lies outside unit "
          + unitId() + " of " + document.id());
    }
    String at = text.substring(e.start() - base, e.end() - base);
    if (!at.equals(e.text())) {
      throw new IllegalArgumentException("evidence [" + e.start() + ", " + e.end() + ") of " + document.id()
          + " does not match the stored text");
    }
    return at;
  }
}
