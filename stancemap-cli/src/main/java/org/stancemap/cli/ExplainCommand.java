package org.stancemap.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.stancemap.analysis.Evidence;
import org.stancemap.ask.answer.Answer;
import org.stancemap.ask.answer.AnswerJson;
import org.stancemap.ask.answer.Citation;
import org.stancemap.ask.explain.Explainer;
import org.stancemap.ask.explain.Explanation;
import org.stancemap.ask.explain.ExplanationJson;
import org.stancemap.ask.llm.LlmAnswerer;
import org.stancemap.ask.llm.LlmChat;
import org.stancemap.json.Json;
import org.stancemap.json.JsonWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code stancemap explain}: for each text, a cited explanation (at most 80 words) of its dominant narrative. */
@Command(name = "explain", mixinStandardHelpOptions = true,
    description = {"Explain, for each text, its dominant narrative in at most " + Explainer.MAX_WORDS + " words, "
        + "every clause followed by a citation marker to a quoted sentence of the text. Offline and deterministic; "
        + "with --llm-url a language model rewrites it from the same quotes, verified like 'ask'."},
    footer = {"", "Example:", "  stancemap explain examples/campist-essay.md"})
final class ExplainCommand implements Callable<Integer> {
  enum Format { text, json }

  @CommandLine.Mixin SharedOptions shared = new SharedOptions();
  @CommandLine.Mixin LlmOptions llm = new LlmOptions();

  @Parameters(arity = "1..*", paramLabel = "INPUT", description = "Files, directories, or - for standard input.")
  List<String> inputs;

  @Option(names = {"-f", "--format"}, paramLabel = "FORMAT", defaultValue = "text",
      description = "Output: ${COMPLETION-CANDIDATES} (json: schema stancemap.explanation/1). Default: "
          + "${DEFAULT-VALUE}.")
  Format format;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter err = spec.commandLine().getErr();
    PrintWriter out = spec.commandLine().getOut();
    LlmChat chat = llm.chat();
    try (Wiring wiring = new Wiring(shared, err)) {
      Explainer explainer = new Explainer(wiring.codebook());
      Corpus corpus = Corpus.read(inputs, wiring, shared, err);
      List<Json> docs = new ArrayList<>();
      for (Corpus.Item item : corpus.items) {
        Explanation e = explainer.explain(item.analysis());
        Answer.Generated generated = null;
        String llmError = null;
        if (chat != null && !e.quotes().isEmpty()) {
          List<Citation> evidence = new ArrayList<>();
          for (Evidence q : e.quotes()) {
            evidence.add(new Citation(evidence.size() + 1, item.meta().id(), item.meta().title(), item.meta().source(),
                null, null, q.unit(), q.start(), q.end(), q.text(), "explanation"));
          }
          String task = "In at most " + Explainer.MAX_WORDS + " words, explain how this document advances the "
              + "narrative \"" + e.narrativeName() + "\", citing the evidence.";
          switch (new LlmAnswerer(chat).answer(task, evidence)) {
            case LlmAnswerer.Outcome.Ok ok -> {
              if (Explainer.count(ok.generated().text()) > Explainer.MAX_WORDS) {
                llmError = "the language model's explanation is longer than " + Explainer.MAX_WORDS + " words";
              } else {
                generated = ok.generated();
              }
            }
            case LlmAnswerer.Outcome.Failed f -> llmError = f.message();
          }
          if (llmError != null && !shared.quiet) {
            err.println("stancemap: language model: " + llmError + "; showing the offline explanation");
          }
        }
        if (format == Format.json) {
          Json.ObjBuilder b = Json.obj();
          ExplanationJson.of(e).fields().forEach(b::put);
          b.put("title", item.meta().title());
          b.put("generated", generated == null ? Json.NULL : Json.obj().put("model", generated.model())
              .put("text", generated.text()).put("removed", AnswerJson.removed(generated.removed())).build());
          b.put("llm_error", llmError);
          docs.add(b.build());
        } else {
          out.println(Terminal.printable(item.meta().source()) + (item.meta().title() == null ? "" : " \u2014 " + item.meta().title()));
          out.println("  " + (generated != null ? generated.text() + "  (" + generated.model() + ", verified)"
              : e.text()));
          for (int i = 0; i < e.quotes().size(); i++) {
            Evidence q = e.quotes().get(i);
            out.println("  [" + (i + 1) + "] \u201c" + q.text() + "\u201d (" + q.unit() + ", chars " + q.start() + "-"
                + q.end() + ")");
          }
          if (generated != null) {
            generated.removed().forEach(r -> out.println("  removed " + r.kind() + ": " + r.reason()));
          }
          out.println();
        }
      }
      if (format == Format.json) {
        out.println(JsonWriter.pretty(Json.obj().put("schema", ExplanationJson.SCHEMA)
            .put("documents", Json.arr(docs)).build()));
      }
      if (!corpus.failures.isEmpty()) {
        err.println("stancemap: " + corpus.failures.size() + " input(s) could not be analysed");
      }
      out.flush();
      return corpus.failures.isEmpty() ? StancemapTool.OK : StancemapTool.SOME_INPUTS_FAILED;
    }
  }
}
