package org.stancemap.store;

import java.util.List;
import java.util.Objects;
import org.stancemap.analysis.DocumentAnalysis;

/**
 * What retrieval needs of an analysed document, read at once: the stored document, its current analysis decoded
 * (with the text), and that analysis's sentences with their vectors.
 */
public record AnalysedDocument(StoredDocument document, DocumentAnalysis analysis, List<SentenceRow> sentences) {
  public AnalysedDocument {
    Objects.requireNonNull(document, "document");
    Objects.requireNonNull(analysis, "analysis");
    sentences = List.copyOf(sentences);
  }
}
