package org.stancemap.store;

import java.util.List;
import org.stancemap.text.Span;

/**
 * A flattened label: one per document- or unit-level label of an analysis.
 *
 * @param unitId the unit, or null for the document-level label
 * @param dimension {@code stance}, {@code narrative}, {@code technique}, {@code role} or {@code position}
 * @param target the stance target or the role's actor id; empty for the other dimensions
 * @param label the label id ({@code favor}, {@code nato-provocation}, {@code antagonist}, {@code campist})
 * @param evidence the evidence sentences' spans in the document text, best first
 */
public record LabelRow(String unitId, String dimension, String target, String label, double score,
    List<Span> evidence) {
  public static final String STANCE = "stance";
  public static final String NARRATIVE = "narrative";
  public static final String TECHNIQUE = "technique";
  public static final String ROLE = "role";
  public static final String POSITION = "position";

  public LabelRow {
    evidence = List.copyOf(evidence);
  }
}
