package org.stancemap.ask.answer;

import java.time.LocalDate;
import java.util.List;
import org.stancemap.ask.question.ParsedQuestion;

/**
 * The answer to a question: the offline synthesis (always present) and, when a language model wrote a verified
 * answer, that text too. Immutable.
 *
 * @param generated the verified text of a language model, or null (offline answer, or the model failed)
 * @param llmError why the language model's answer is not used, or null
 * @param notes what the analyst should know about the retrieval (filters that matched nothing, undated units)
 */
public record Answer(ParsedQuestion question, Summary summary, List<PositionFinding> positions,
    List<DocumentRef> documents, List<Citation> citations, Generated generated, String llmError,
    List<String> notes) {
  /** The JSON schema id of {@link AnswerJson}. */
  public static final String SCHEMA = "stancemap.answer/1";

  public Answer {
    positions = List.copyOf(positions);
    documents = List.copyOf(documents);
    citations = List.copyOf(citations);
    notes = List.copyOf(notes);
  }

  /** The same answer with a language model's verified text, or with the reason it is not used. */
  public Answer withGenerated(Generated g, String error) {
    return new Answer(question, summary, positions, documents, citations, g, error, notes);
  }

  /** Totals over the retrieved units. {@code from}/{@code to} span the dated units; null when none is dated. */
  public record Summary(int units, int documents, int sources, LocalDate from, LocalDate to, int undatedUnits) {}

  /**
   * One position found among the retrieved units.
   *
   * @param quotes citation numbers of the position's key sentences
   */
  public record PositionFinding(String id, String name, int units, int documents, int sources, LocalDate from,
      LocalDate to, List<Integer> quotes, List<LabelFinding> narratives, List<LabelFinding> techniques,
      List<String> documentIds) {
    public PositionFinding {
      quotes = List.copyOf(quotes);
      narratives = List.copyOf(narratives);
      techniques = List.copyOf(techniques);
      documentIds = List.copyOf(documentIds);
    }
  }

  /** A narrative or technique within a position: in how many units and documents, with quotes. */
  public record LabelFinding(String id, String name, int units, int documents, double bestScore,
      List<Integer> quotes) {
    public LabelFinding {
      quotes = List.copyOf(quotes);
    }
  }

  /** A document the answer draws on, with the number of its units retrieved. */
  public record DocumentRef(String id, String title, String source, String url, LocalDate published,
      String position, int units) {}

  /**
   * A language model's answer after verification.
   *
   * @param text the kept sentences
   * @param cited the evidence numbers it cites (all verified to exist)
   * @param removed what verification removed, with reasons
   */
  public record Generated(String model, String text, List<Integer> cited, List<Removal> removed) {
    public Generated {
      cited = List.copyOf(cited);
      removed = List.copyOf(removed);
    }
  }

  /**
   * Something removed from a language model's output.
   *
   * @param kind {@code quote} (not verbatim in the evidence), {@code citation} (a marker to missing or wrong
   *     evidence), {@code sentence} (a claim without any valid citation) or {@code label} (an unverifiable label)
   */
  public record Removal(String kind, String text, String reason) {}
}
