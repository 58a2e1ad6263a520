package org.stancemap.ask.retrieval;

import java.util.List;
import org.stancemap.ask.question.ParsedQuestion;

/**
 * Finds the units of a corpus that answer a question. Implementations apply the question's sources, period and
 * named positions as filters, and rank the rest by relevance to its words and labels, named narratives and
 * techniques first (see {@link InMemoryRetriever} for the reference scoring). Implementations document their thread-safety.
 */
public interface Retriever {
  /**
   * The best {@code k} units for {@code question}, best first, ties in a fixed order (deterministic).
   *
   * @throws IllegalArgumentException if {@code k < 1}
   */
  List<RetrievedUnit> retrieve(ParsedQuestion question, int k);

  /** Describes the corpus behind this retriever: how many documents and units, for notes in answers. */
  String describe();
}
