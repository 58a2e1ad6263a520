package org.stancemap.ask;

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
    Answer offline = synthesizer.synthesize(q, units);
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
