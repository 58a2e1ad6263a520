package org.stancemap.cli;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.spi.ToolProvider;
import org.stancemap.CodebookException;
import org.stancemap.InvalidInputException;
import org.stancemap.JsonException;
import org.stancemap.LlmCallException;
import org.stancemap.ModelLoadException;
import org.stancemap.StancemapException;
import org.stancemap.StoreException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code stancemap} command as a {@link ToolProvider}: parses arguments and delegates to the pipeline; never
 * calls {@code System.exit}.
 *
 * <p>Exit codes: 0 success; 1 some inputs could not be read (the others were analysed); 2 usage error; 3 a
 * codebook or model could not be loaded; 4 an unexpected internal error; 5 the corpus store could not be read or
 * written.
 */
@Command(name = "stancemap", mixinStandardHelpOptions = true, version = "stancemap 0.1.0",
    description = "Offline, evidence-grounded analysis of stances, narratives and persuasion techniques in the "
        + "debate on Russia's war against Ukraine.",
    subcommands = {AnalyzeCommand.class, ImportCommand.class, ImportReportCommand.class, SearchCommand.class, AskCommand.class, ExplainCommand.class, ServeCommand.class, ExportCommand.class, TrainCommand.class, EvalCommand.class, CodebookCommand.class, ProbeCommand.class, ChecklistCommand.class, BenchCommand.class, CommandLine.HelpCommand.class},
    footer = {"", "Start with: stancemap analyze examples/", "Every label comes with the sentences that justify it."})
public final class StancemapTool implements ToolProvider, Runnable {
  public static final int OK = 0;
  public static final int SOME_INPUTS_FAILED = 1;
  public static final int USAGE = 2;
  public static final int MODEL_OR_CODEBOOK = 3;
  public static final int INTERNAL = 4;
  public static final int STORE = 5;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public String name() {
    return "stancemap";
  }

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "say what to do, e.g. 'stancemap analyze FILE'");
  }

  @Override
  public int run(PrintWriter out, PrintWriter err, String... args) {
    quietLibraryLogs();
    CommandLine cl = new CommandLine(new StancemapTool());
    // A search or question may start with '-' ("-nato sanctions" excludes a word): words the parser does not know
    // as options are the query's, not an "unknown option" error.
    for (String c : List.of("search", "ask")) {
      cl.getSubcommands().get(c).setUnmatchedOptionsArePositionalParams(true);
    }
    cl.setOut(out);
    cl.setErr(err);
    cl.setExecutionExceptionHandler((ex, cmd, parsed) -> {
      int code;
      String msg;
      if (ex instanceof StancemapException se) {
        // one exhaustive switch over the sealed family: a new kind of failure cannot be left unmapped
        code = switch (se) {
          case CodebookException c -> MODEL_OR_CODEBOOK;
          case ModelLoadException m -> MODEL_OR_CODEBOOK;
          case StoreException s -> STORE;
          case InvalidInputException i -> USAGE;
          case JsonException j -> USAGE;
          case LlmCallException l -> USAGE;
        };
        msg = se.getMessage();
      } else {
        code = INTERNAL;
        msg = "internal error: " + ex + " (please report it with the input that caused it)";
      }
      err.println("stancemap: " + Terminal.printableLines(msg));
      err.flush();
      return code;
    });
    int code = cl.execute(args);
    out.flush();
    err.flush();
    return code;
  }

  /** Lucene's loggers whose levels {@link #quietLibraryLogs} sets, held: java.util.logging keeps loggers weakly. */
  private static final List<Logger> QUIET = new ArrayList<>();

  /**
   * Keeps library log lines off the user's terminal (#20). Lucene logs through {@code java.util.logging}: at INFO
   * how it scores vectors ("Java vector incubator API enabled ..."), at WARNING that the incubating Vector API is
   * not enabled, which is how the launcher runs it (docs/search.md, "Running it"). Lucene's other warnings and
   * errors still show.
   */
  static synchronized void quietLibraryLogs() {
    if (!QUIET.isEmpty()) {
      return;
    }
    Logger lucene = Logger.getLogger("org.apache.lucene");
    lucene.setLevel(Level.WARNING);
    Logger vectors = Logger.getLogger("org.apache.lucene.internal.vectorization");
    vectors.setLevel(Level.OFF);
    QUIET.add(lucene);
    QUIET.add(vectors);
  }

  /** Entry point of the launcher. */
  public static void main(String[] args) {
    PrintStream stdout = new PrintStream(new FileOutputStream(FileDescriptor.out), false,
        StandardCharsets.UTF_8);
    PrintStream stderr = new PrintStream(new FileOutputStream(FileDescriptor.err), true,
        StandardCharsets.UTF_8);
    int code = new StancemapTool().run(new PrintWriter(new OutputStreamWriter(stdout, StandardCharsets.UTF_8)),
        new PrintWriter(new OutputStreamWriter(stderr, StandardCharsets.UTF_8), true), args);
    stdout.flush();
    System.exit(code);
  }
}
