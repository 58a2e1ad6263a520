package org.stancemap.cli;

import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import org.stancemap.InvalidInputException;
import org.stancemap.ask.AskService;
import org.stancemap.ask.answer.Answer;
import org.stancemap.ask.answer.AnswerJson;
import org.stancemap.ask.answer.AnswerText;
import org.stancemap.ask.question.QuestionParser;
import org.stancemap.ask.question.Synonyms;
import org.stancemap.ask.retrieval.InMemoryRetriever;
import org.stancemap.json.JsonWriter;
import org.stancemap.web.StoreRetriever;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code stancemap ask}: answer a question over analysed texts, every point with quoted, cited sentences. */
@Command(name = "ask", mixinStandardHelpOptions = true,
    description = {"Answer an analyst's question over texts: which positions, narratives and techniques they use, "
        + "who says it, how many, compared, each point with quoted sentences and citations (document, unit, "
        + "character span). Offline and deterministic; with --llm-url a language model writes the answer from the "
        + "same evidence and every quote and citation it writes is verified.", "",
        "The inputs are analysed first, as by 'stancemap analyze'."},
    footer = {"", "Examples:", "  stancemap ask \"What do tankies say about NATO?\" examples/",
        "  stancemap ask --format json \"Which narratives do campists use since 2023?\" corpus/"})
final class AskCommand implements Callable<Integer> {
  enum Format { text, json }

  @CommandLine.Mixin SharedOptions shared = new SharedOptions();
  @CommandLine.Mixin LlmOptions llm = new LlmOptions();

  @Parameters(index = "0", paramLabel = "QUESTION", description = "The question, in quotes.")
  String question;

  @Parameters(index = "1..*", arity = "0..*", paramLabel = "INPUT",
      description = "Files, directories, or - for standard input (analysed first). Not with --db.")
  List<String> inputs = List.of();

  @Option(names = "--db", paramLabel = "DB",
      description = "Answer over a corpus store instead of files: an SQLite file or a jdbc:postgresql:// URL, "
          + "imported and analysed with 'stancemap import' and 'stancemap analyze --db'. Its search index "
          + "(<db>.index) is synced first, unless another process (stancemap serve) writes it.")
  String db;

  @Option(names = {"-f", "--format"}, paramLabel = "FORMAT", defaultValue = "text",
      description = "Output: ${COMPLETION-CANDIDATES}; json follows schema stancemap.answer/1 (docs/ask.md). "
          + "Default: ${DEFAULT-VALUE}.")
  Format format;

  @Option(names = {"-k", "--top"}, paramLabel = "K", defaultValue = "40",
      description = "Units to retrieve and synthesise (all matches for 'how many'). Default: ${DEFAULT-VALUE}.")
  int k;

  @Option(names = "--synonyms", paramLabel = "FILE",
      description = "Question synonyms for the codebook's labels (format stancemap.ask-synonyms/1); default: "
          + "the ones shipped for the codebook.")
  Path synonyms;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter err = spec.commandLine().getErr();
    PrintWriter out = spec.commandLine().getOut();
    if (k < 1) {
      throw new InvalidInputException("--top must be at least 1: " + k);
    }
    var chat = llm.chat();
    try (Wiring wiring = new Wiring(shared, err)) {
      var codebook = wiring.codebook();
      Synonyms syn = synonyms == null ? Synonyms.builtin(codebook) : Synonyms.load(synonyms, codebook);
      if (db != null) {
        if (!inputs.isEmpty()) {
          throw new InvalidInputException("give either INPUT files or --db, not both");
        }
        return askStore(wiring, codebook, syn, chat, out, err);
      }
      if (inputs.isEmpty()) {
        throw new InvalidInputException("say what to answer over: INPUT files or directories, or --db CORPUS");
      }
      Corpus corpus = Corpus.read(inputs, wiring, shared, err);
      InMemoryRetriever retriever = corpus.retriever(wiring);
      QuestionParser parser = new QuestionParser(codebook, syn, retriever.sources());
      Answer a = new AskService(parser, retriever, chat).ask(question, k);
      print(a, out, err);
      if (!corpus.failures.isEmpty()) {
        out.println(corpus.failures.size() + " input(s) could not be analysed; see the messages above.");
      }
      out.flush();
      return corpus.failures.isEmpty() ? StancemapTool.OK : StancemapTool.SOME_INPUTS_FAILED;
    }
  }

  /**
   * Answers over a corpus store: syncs its search index, then retrieves through {@link StoreRetriever}. While
   * another process writes the index, it is read as last committed instead (#19 point 7): stderr says how far it is
   * behind the store, and so does the answer when its candidates came from the index (a large corpus).
   */
  private int askStore(Wiring wiring, org.stancemap.codebook.Codebook codebook, Synonyms syn,
      org.stancemap.ask.llm.LlmChat chat, PrintWriter out, PrintWriter err) {
    DbOption option = new DbOption();
    option.db = db;
    Path dir = org.stancemap.search.store.StoreIndexes.defaultFor(db);
    try (org.stancemap.store.Store store = option.open();
        org.stancemap.search.SearchIndex index = org.stancemap.search.SearchIndex.openForSearch(dir,
            wiring.embedding())) {
      var feed = new org.stancemap.search.store.StoreFeed(store, wiring.embedding().info().id());
      String behind = null;
      if (index.readOnly()) {
        behind = SearchCommand.behind(index, feed);
      } else {
        index.sync(feed);
      }
      List<String> sources;
      try (var entries = store.stream(org.stancemap.store.DocumentQuery.current().withText(false))) {
        sources = entries.map(e -> e.document().source()).filter(Objects::nonNull).distinct().sorted()
            .toList();
      }
      if (sources.isEmpty() && !shared.quiet) {
        err.println("stancemap: " + db + " holds no documents yet: 'stancemap import SOURCE --db " + db
            + "', then 'stancemap analyze --db " + db + "'");
      }
      StoreRetriever retriever = new StoreRetriever(store, index, wiring.embedding());
      QuestionParser parser = new QuestionParser(codebook, syn, sources);
      Answer a = new AskService(parser, retriever, chat).ask(question, k);
      if (behind != null) {
        if (!shared.quiet) {
          err.println("stancemap: " + behind + (retriever.narrowsByIndex() ? "" : "; the answer does not depend "
              + "on it: this corpus is small enough to be answered from the store itself"));
        }
        if (retriever.narrowsByIndex()) {
          List<String> notes = new ArrayList<>(a.notes());
          notes.add(behind + ": the answer may miss the newest documents");
          a = new Answer(a.question(), a.summary(), a.positions(), a.documents(), a.citations(), a.generated(),
              a.llmError(), notes);
        }
      }
      print(a, out, err);
      out.flush();
      return StancemapTool.OK;
    } catch (UncheckedIOException e) {
      throw new InvalidInputException(e.getMessage(), e);
    }
  }

  /** Prints the answer in the chosen format, and on stderr why the language model's answer was not used. */
  private void print(Answer a, PrintWriter out, PrintWriter err) {
    if (a.llmError() != null && !shared.quiet) {
      err.println("stancemap: language model: " + a.llmError() + "; showing the offline answer");
    }
    out.print(format == Format.json ? JsonWriter.pretty(AnswerJson.of(a)) + "\n" : AnswerText.render(a));
  }
}
