package org.stancemap.ask;

import java.util.ArrayList;
import java.util.List;
import org.stancemap.ask.answer.Answer;
import org.stancemap.ask.answer.Synthesizer;
import org.stancemap.ask.llm.LlmAnswerer;
import org.stancemap.ask.llm.LlmChat;
import org.stancemap.ask.question.ParsedQuestion;
import org.stancemap.ask.question.QuestionKind;
import org.stancemap.ask.question.QuestionParser;
import org.stancemap.ask.retrieval.RetrievedUnit;
import org.stancemap.ask.retrieval.Retriever;

/**
 * Answers questions: parse, retrieve, synthesise offline, and, when a language model is configured, let it write
 * the answer from the offline answer's quoted evidence and verify it. The offline synthesis is always computed and
 * returned; a model failure is reported in {@link Answer#llmError()}. Thread-safe when its parts are.
 */
public final class AskService {
  /** Units retrieved for "how many" questions, so that counts cover the corpus rather than the top k. */
  public static final int COUNT_LIMIT = 100_000;
  /**
   * Units scoring below this share of the best unit's score are retrieved but not synthesised: they matched the
   * question weakly, and quoting them would cite documents that do not answer it. Not applied to "how many"
   * questions with a filter, whose every match counts.
   */
  public static final double RELATIVE_FLOOR = 0.4;

  private final QuestionParser parser;
  private final Retriever retriever;
  private final Synthesizer synthesizer;
  private final LlmAnswerer llm;

  /** @param llm the language model, or null for offline answers only */
  public AskService(QuestionParser parser, Retriever retriever, LlmChat llm) {
    this.parser = parser;
    this.retriever = retriever;
    this.synthesizer = new Synthesizer(parser.codebook());
    this.llm = llm == null ? null : new LlmAnswerer(llm);
  }

  /** Parses {@code question} and answers it from the best {@code k} units. */
  public Answer ask(String question, int k) {
    return ask(parser.parse(question), k);
  }

  /** Answers an already parsed question from the best {@code k} units ({@link #COUNT_LIMIT} for "how many"). */
  public Answer ask(ParsedQuestion q, int k) {
    int limit = q.kind() == QuestionKind.HOW_MANY ? Math.max(k, COUNT_LIMIT) : k;
    List<RetrievedUnit> units = retriever.retrieve(q, limit);
    boolean filtered = !q.positions().isEmpty() || !q.sources().isEmpty() || q.period() != null;
    int weak = 0;
    if (!units.isEmpty() && !(q.kind() == QuestionKind.HOW_MANY && filtered)) {
      double floor = RELATIVE_FLOOR * units.get(0).score();
      List<RetrievedUnit> strong = units.stream().filter(u -> u.score() >= floor).toList();
      weak = units.size() - strong.size();
      units = strong;
    }
    Answer offline = synthesizer.synthesize(q, units);
    if (weak > 0) {
      List<String> notes = new ArrayList<>(offline.notes());
      notes.add(weak + " more retrieved unit(s) matched weakly (below " + Math.round(RELATIVE_FLOOR * 100)
          + " % of the best score) and are not used");
      offline = new Answer(offline.question(), offline.summary(), offline.positions(), offline.documents(),
          offline.citations(), null, null, notes);
    }
    if (llm == null) {
      return offline;
    }
    if (offline.citations().isEmpty()) {
      return offline.withGenerated(null, "no quoted evidence was retrieved, so the language model was not asked");
    }
    return switch (llm.answer(q.text(), offline.citations())) {
      case LlmAnswerer.Outcome.Ok ok -> offline.withGenerated(ok.generated(), null);
      case LlmAnswerer.Outcome.Failed f -> offline.withGenerated(null, f.message());
    };
  }
}
