package org.stancemap.store;

import java.util.List;

/**
 * A document with everything stored about it: its current analysis (or null) and that analysis's units,
 * sentences (with vectors) and flattened labels (document-level first, then by unit).
 */
public record DocumentDetail(StoredDocument document, StoredAnalysis analysis, List<UnitRow> units,
    List<SentenceRow> sentences, List<LabelRow> labels) {
  public DocumentDetail {
    units = List.copyOf(units);
    sentences = List.copyOf(sentences);
    labels = List.copyOf(labels);
  }
}
