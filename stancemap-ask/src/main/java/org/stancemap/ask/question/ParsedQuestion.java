package org.stancemap.ask.question;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.stancemap.codebook.Stance;

/**
 * A question as understood: every list holds codebook ids (or source names) in the order they were found.
 *
 * @param text the question as asked
 * @param kind what is asked for
 * @param targets target ids named (directly, or through an actor that belongs to a target)
 * @param stances stance toward a target the question asks about ("anti-NATO", "who supports Ukraine")
 * @param actors actor ids named
 * @param positions position ids named (by id, name, cue or synonym)
 * @param narratives narrative ids named
 * @param techniques technique ids named
 * @param sources source names to restrict to (matched case-insensitively as substrings of a document's source)
 * @param period the period to restrict to, or null
 * @param keywords the content words of the question, lower-case, for lexical retrieval
 */
public record ParsedQuestion(String text, QuestionKind kind, List<String> targets, Map<String, Stance> stances,
    List<String> actors, List<String> positions, List<String> narratives, List<String> techniques,
    List<String> sources, Period period, List<String> keywords) {
  public ParsedQuestion {
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(kind, "kind");
    targets = List.copyOf(targets);
    stances = Collections.unmodifiableMap(new LinkedHashMap<>(stances));
    actors = List.copyOf(actors);
    positions = List.copyOf(positions);
    narratives = List.copyOf(narratives);
    techniques = List.copyOf(techniques);
    sources = List.copyOf(sources);
    keywords = List.copyOf(keywords);
  }

  /** A question with only keywords and no filters (used for explanations and tests). */
  public static ParsedQuestion keywordsOnly(String text, List<String> keywords) {
    return new ParsedQuestion(text, QuestionKind.OVERVIEW, List.of(), Map.of(), List.of(), List.of(), List.of(),
        List.of(), List.of(), null, keywords);
  }
}
