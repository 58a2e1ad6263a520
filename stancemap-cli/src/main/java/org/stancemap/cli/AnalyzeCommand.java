package org.stancemap.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.Charset;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import org.stancemap.InvalidInputException;
import org.stancemap.analysis.Analyzer;
import org.stancemap.analysis.BatchAnalysis;
import org.stancemap.analysis.DocumentAnalysis;
import org.stancemap.ask.explain.Explainer;
import org.stancemap.ask.llm.LlmChat;
import org.stancemap.ingest.DocumentReader;
import org.stancemap.ingest.IngestResult;
import org.stancemap.ingest.LanguageDetector;
import org.stancemap.report.JsonReport;
import org.stancemap.report.ReportWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code stancemap analyze}: analyse files, directories or standard input and report what they argue. */
@Command(name = "analyze", aliases = "analyse", mixinStandardHelpOptions = true,
    description = {"Analyse texts: stance toward Russia, Ukraine and the West, narratives, persuasion techniques, "
        + "actor roles, contradictions and the position of each document, every label with the sentences that "
        + "justify it.", "",
        "Inputs are files, directories (read recursively) or - for standard input: text, Markdown, HTML, PDF, "
        + "docx and images (OCR), read as 'import' reads them; an export of posts (CSV, JSON Lines, Telegram JSON) "
        + "named as an input gives one document per post. An input that cannot be read is reported on stderr and "
        + "the others still run."},
    footer = {"", "Examples:", "  stancemap analyze examples/", "  stancemap analyze --format json page.html > out.json",
        "  curl -s URL | stancemap analyze --format html --out report.html -",
        "  stancemap analyze --explain --llm-url http://127.0.0.1:11434 --llm-api ollama --llm-model llama3.1:8b "
            + "examples/", "",
        "With --llm-url the model also labels each document; its labels are verified (every quote must be in the "
            + "text) and reported beside the offline ones, never in their place. If the model fails, the offline "
            + "analysis stands and the reason goes to stderr."})
final class AnalyzeCommand implements Callable<Integer> {
  @CommandLine.Mixin SharedOptions shared = new SharedOptions();
  @CommandLine.Mixin LlmOptions llm = new LlmOptions();

  @Option(names = "--explain", description = "Add to each document an explanation (at most "
      + Explainer.MAX_WORDS + " words) of its dominant narrative, every clause citing a quoted sentence of the text "
      + "(offline, as 'stancemap explain' without a model). For INPUT files only.")
  boolean explain;

  @Parameters(arity = "0..*", paramLabel = "INPUT", description = "Files, directories, or - for standard input.")
  List<String> inputs = new ArrayList<>();

  @Option(names = "--db", paramLabel = "DB", description = "Instead of INPUTs: analyse the corpus store DB (an "
      + "SQLite file or jdbc:postgresql: URL), only what is new or changed or analysed by another model or codebook; "
      + "stores analyses, labels and sentence vectors.")
  String db;

  @Option(names = "--all", description = "With --db: analyse every current document again.")
  boolean all;

  @Option(names = {"-f", "--format"}, paramLabel = "FORMAT", defaultValue = "text",
      description = "Output format: ${COMPLETION-CANDIDATES}. json follows schema stancemap.analysis/2 "
          + "(docs/output-format.md); html is one self-contained report. Default: ${DEFAULT-VALUE}.")
  ReportWriter.Format format;

  @Option(names = {"-o", "--out"}, paramLabel = "FILE",
      description = "Write the report to FILE instead of standard output (written whole or not at all).")
  Path out;

  @Option(names = "--encoding", paramLabel = "CHARSET",
      description = "Decode every input with this charset instead of detecting it (e.g. windows-1252, GB18030).")
  String encoding;

  @Option(names = "--max-bytes", paramLabel = "N", defaultValue = "10485760",
      description = "Refuse inputs larger than N bytes (they are reported, not truncated). Default: ${DEFAULT-VALUE}.")
  long maxBytes;

  @Option(names = "--batch-across-documents", negatable = true, defaultValue = "true", fallbackValue = "true",
      description = "Embed the sentences of many documents together (the default for files): a document's "
          + "results are exactly those of its analysis alone, since the model's vectors do not depend on their "
          + "batch. --no-batch-across-documents embeds one document at a time: each result appears as soon as its "
          + "document is done, at lower throughput. Standard input is always one document at a time.")
  boolean batchAcross;

  @Option(names = "--label-threshold", paramLabel = "P",
      description = "Report a narrative or technique when a sentence's probability reaches P (between 0 and 1, "
          + "exclusive). Lower finds more and is wrong more often (docs/benchmarks.md section 2.3). The report's "
          + "provenance names P when it is not the default. For INPUT files only. Default: "
          + Analyzer.Settings.DEFAULT_LABEL + ".")
  Double labelThreshold;

  @Option(names = "--no-color", description = "No ANSI colour in the text report (default on a terminal: colour).")
  boolean noColor;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    PrintWriter err = spec.commandLine().getErr();
    if (db != null || inputs.isEmpty()) {
      if (db == null || !inputs.isEmpty()) {
        throw new CommandLine.ParameterException(spec.commandLine(), "give INPUT files or directories, or --db DB");
      }
      if (labelThreshold != null) {
        throw new CommandLine.ParameterException(spec.commandLine(), "--label-threshold is for INPUT files, not "
            + "--db: the store keeps every analysis at the default thresholds, so that its labels stay comparable");
      }
      if (explain || llm.url != null) {
        throw new CommandLine.ParameterException(spec.commandLine(), (explain ? "--explain" : "--llm-url")
            + " is for INPUT files, not --db (the store keeps the offline labels only); run 'stancemap analyze "
            + "--explain FILE...' on the files, or 'stancemap explain FILE...'");
      }
      DbOption d = new DbOption();
      d.db = db;
      return AnalyzeDb.run(d, all, shared, spec.commandLine().getOut(), err);
    }
    Charset charset = null;
    if (encoding != null) {
      try {
        charset = Charset.forName(encoding);
      } catch (IllegalArgumentException e) {
        throw new InvalidInputException("--encoding: unknown charset '" + encoding + "' (try UTF-8, windows-1252, "
            + "GB18030, Shift_JIS, KOI8-R)");
      }
    }
    if (labelThreshold != null && !(labelThreshold > 0 && labelThreshold < 1)) {
      throw new InvalidInputException("--label-threshold must lie between 0 and 1 (exclusive), e.g. 0.3: "
          + labelThreshold);
    }
    if (maxBytes < 1) {
      throw new InvalidInputException("--max-bytes must be positive: " + maxBytes);
    }
    LlmChat chat = llm.chat();
    Inputs reader = new Inputs(new DocumentReader(new LanguageDetector(Wiring.cacheDir(shared)), maxBytes, charset),
        maxBytes);
    List<String> files = new ArrayList<>();
    for (String in : inputs) {
      files.addAll(reader.expand(in, note -> {
        if (!shared.quiet) {
          err.println("stancemap: " + Terminal.printable(note));
        }
      }));
    }
    try (Wiring wiring = new Wiring(shared, err);
        ReportFile file = out == null ? null : ReportFile.beside(out)) {
      if (labelThreshold != null) {
        wiring.settings(Analyzer.Settings.defaults().withLabel(labelThreshold));
      }
      Analyzer analyzer = wiring.analyzer();
      AnalyzeExtras extras = new AnalyzeExtras(wiring.codebook(), explain, chat, err, shared.quiet);
      Writer sink = file == null ? spec.commandLine().getOut() : file.writer();
      List<JsonReport.Failure> failures = new ArrayList<>();
      boolean colour = format == ReportWriter.Format.text && out == null && !noColor && Terminal.interactive();
      ReportWriter report = ReportWriter.of(format, sink, colour);
      report.begin(analyzer.provenance());
      try (ProgressBar bar = progress(files.size())) {
        Consumer<Object> emit = result -> {
          try {
            if (result instanceof IngestResult.Failed failed) {
              failures.add(new JsonReport.Failure(failed.source(), failed.reason()));
              err.println("stancemap: " + Terminal.printable(failed.reason()));
              err.flush();
            } else if (result instanceof DocumentAnalysis a) {
              report.document(a, extras.active() ? AnalyzeExtras.addition(extras.of(a))
                  : ReportWriter.Addition.NONE);
            }
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
          if (bar != null) {
            bar.step();
          }
        };
        if (batchAcross && !files.contains("-")) {
          // One file may hold many documents (an export of posts): each is its own input.
          Iterator<BatchAnalysis.Input<String>> in = files.stream().flatMap(f -> reader.read(f, System.in)
              .stream().map(r -> switch (r) {
                case IngestResult.Loaded l -> (BatchAnalysis.Input<String>) new BatchAnalysis.Input.Ready<>(
                    l.source(), l.document());
                case IngestResult.Failed x -> new BatchAnalysis.Input.Unreadable<>(x.source(), x.reason());
              })).iterator();
          BatchAnalysis.run(in, analyzer, BatchAnalysis.DEFAULT_WINDOWS, outcome -> emit.accept(switch (outcome) {
            case BatchAnalysis.Outcome.Analysed<String> a -> a.analysis();
            case BatchAnalysis.Outcome.Failed<String> f -> new IngestResult.Failed(f.item(), f.reason());
          }));
        } else {
          Ordered.map(files, f -> reader.read(f, System.in).stream().map(r -> {
            if (!(r instanceof IngestResult.Loaded l)) {
              return (Object) r;
            }
            try {
              return analyzer.analyze(l.document());
            } catch (RuntimeException e) {
              // One document the pipeline cannot handle must not cost the others their analysis.
              return new IngestResult.Failed(l.source(), l.source() + ": could not be analysed (" + e + "); please "
                  + "report it with this input");
            }
          }).toList(), files.contains("-") ? 1 : shared.threads, results -> results.forEach(emit));
        }
      }
      report.end(failures);
      sink.flush();
      if (file != null) {
        file.commit();
        if (!shared.quiet) {
          err.println("stancemap: wrote " + out);
        }
      }
      return failures.isEmpty() ? StancemapTool.OK : StancemapTool.SOME_INPUTS_FAILED;
    }
  }

  private ProgressBar progress(int n) {
    if (shared.quiet || n < 2 || !Terminal.interactive()) {
      return null;
    }
    return new ProgressBarBuilder().setTaskName("analyze").setInitialMax(n).setUnit(" docs", 1)
        .setConsumer(new ConsoleProgressBarConsumer(System.err)).showSpeed().build();
  }
}
