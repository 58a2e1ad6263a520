package org.stancemap.search;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.stancemap.text.Span;

/**
 * One matching sentence with its unit, its document and its scores.
 *
 * <p>Invariants: {@code span} and {@code unitSpan} are character ranges into the document's text,
 * {@code unitSpan} contains {@code span}, {@code sentence.length() == span.length()}, {@code unitText.length() ==
 * unitSpan.length()}, and every highlight lies inside {@code span}.
 *
 * @param documentId the document's id
 * @param title the document's title, or null
 * @param source the source name, or null
 * @param url the document's URL, or null
 * @param published the publication date, or null
 * @param language the document's language code
 * @param unitId the unit id ({@code u1}, …)
 * @param unitKind the unit kind ({@code paragraph}, {@code comment}, …)
 * @param sentence the matching sentence, exactly as in the document's text
 * @param span the sentence's range in the document's text
 * @param unitText the unit's text
 * @param unitSpan the unit's range in the document's text
 * @param highlights the ranges (in the document's text) of the words that matched the query's text terms
 * @param score the rank score of the mode: BM25 (text), cosine similarity (semantic) or the fused score (hybrid)
 * @param textScore the BM25 score, or null when full text did not find this sentence
 * @param semanticScore the cosine similarity to the query, or null when the semantic search did not return it
 * @param position the unit's position label, or null
 * @param documentPosition the document's position label, or null
 * @param narratives the unit's narrative ids
 * @param techniques the unit's technique ids
 * @param stance the unit's stance per target id ({@code favor}, {@code against}, {@code none})
 */
public record SearchHit(String documentId, String title, String source, String url, Instant published,
    String language, String unitId, String unitKind, String sentence, Span span, String unitText, Span unitSpan,
    List<Span> highlights, double score, Double textScore, Double semanticScore, String position,
    String documentPosition, List<String> narratives, List<String> techniques, Map<String, String> stance) {
  public SearchHit {
    Objects.requireNonNull(documentId, "documentId");
    Objects.requireNonNull(sentence, "sentence");
    Objects.requireNonNull(span, "span");
    highlights = List.copyOf(highlights);
    narratives = List.copyOf(narratives);
    techniques = List.copyOf(techniques);
    stance = Map.copyOf(stance);
    if (sentence.length() != span.length()) {
      throw new IllegalArgumentException("sentence of length " + sentence.length() + " does not match span " + span);
    }
  }

  /**
   * Why this sentence is a hit, for people: {@code text "sanctions"} (full text found it; the words it matched, as
   * written in the sentence, each once), {@code meaning 0.71} (the semantic search found it, with this cosine
   * similarity, at least {@link SearchIndex#SEMANTIC_FLOOR}), both joined by {@code ", "}, or {@code filters} (a
   * query of filters only lists every match). Full text that matched outside the sentence (a {@code title:} word)
   * shows as {@code text} alone.
   */
  public String matched() {
    List<String> why = new ArrayList<>();
    if (textScore != null) {
      LinkedHashMap<String, String> words = new LinkedHashMap<>();
      for (Span h : highlights) {
        String w = sentence.substring(h.start() - span.start(), h.end() - span.start());
        words.putIfAbsent(w.toLowerCase(Locale.ROOT), "\"" + w + "\"");
      }
      why.add(words.isEmpty() ? "text" : "text " + String.join(" ", words.values()));
    }
    if (semanticScore != null) {
      why.add(String.format(Locale.ROOT, "meaning %.2f", semanticScore));
    }
    return why.isEmpty() ? "filters" : String.join(", ", why);
  }

  /** The sentence with each highlight wrapped in {@code open} and {@code close} (for example {@code [} and {@code ]}). */
  public String highlighted(String open, String close) {
    StringBuilder sb = new StringBuilder();
    int at = span.start();
    for (Span h : highlights) {
      if (h.start() < at) {
        continue;
      }
      sb.append(sentence, at - span.start(), h.start() - span.start()).append(open)
          .append(sentence, h.start() - span.start(), h.end() - span.start()).append(close);
      at = h.end();
    }
    sb.append(sentence, at - span.start(), sentence.length());
    return sb.toString();
  }
}
