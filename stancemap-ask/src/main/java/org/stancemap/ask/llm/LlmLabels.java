package org.stancemap.ask.llm;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.stancemap.analysis.Evidence;
import org.stancemap.analysis.Scored;
import org.stancemap.analysis.StanceResult;
import org.stancemap.ask.answer.Answer.Removal;

/**
 * Labels a language model assigned to a document, in the codebook's terms, after verification: every label kept
 * has at least one evidence sentence found verbatim (after whitespace normalisation) in the document's text.
 * Scores are the model's stated confidence in [0, 1], or 1 when it gave none; they are not calibrated.
 *
 * @param stance one entry per codebook target (unlabelled targets are {@code none}, not mentioned)
 * @param position the position id, or null when the model's was dropped
 * @param dropped labels, quotes and fields removed by verification, with reasons
 */
public record LlmLabels(String document, String model, Map<String, StanceResult> stance, List<Scored> narratives,
    List<Scored> techniques, String position, List<Evidence> positionEvidence, List<Removal> dropped) {
  public LlmLabels {
    stance = Collections.unmodifiableMap(new LinkedHashMap<>(stance));
    narratives = List.copyOf(narratives);
    techniques = List.copyOf(techniques);
    positionEvidence = List.copyOf(positionEvidence);
    dropped = List.copyOf(dropped);
  }
}
