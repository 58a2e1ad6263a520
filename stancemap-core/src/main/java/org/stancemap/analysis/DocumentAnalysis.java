package org.stancemap.analysis;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.stancemap.document.Document;

/**
 * The analysis of one document. When the document's language is not one the codebook covers, {@code status} is
 * {@code analysed-via-gloss} where a glossary reads that language into the codebook's (labels come from a
 * word-by-word gloss, quotes from the original), and otherwise {@code unsupported-language} with no label.
 */
public record DocumentAnalysis(
    Document document,
    String status,
    PositionResult position,
    Map<String, StanceResult> stance,
    List<Scored> narratives,
    List<Scored> techniques,
    List<RoleResult> roles,
    List<UnitAnalysis> units,
    List<Contradiction> contradictions,
    Provenance provenance) {
  public static final String ANALYSED = "analysed";
  public static final String UNSUPPORTED_LANGUAGE = "unsupported-language";
  public static final String ANALYSED_VIA_GLOSS = "analysed-via-gloss";

  public DocumentAnalysis {
    stance = Collections.unmodifiableMap(new LinkedHashMap<>(stance));
    narratives = List.copyOf(narratives);
    techniques = List.copyOf(techniques);
    roles = List.copyOf(roles);
    units = List.copyOf(units);
    contradictions = List.copyOf(contradictions);
  }
}
