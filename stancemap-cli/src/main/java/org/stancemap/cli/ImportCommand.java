package org.stancemap.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.function.Predicate;
import java.util.stream.Stream;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import org.stancemap.InvalidInputException;
import org.stancemap.StoreException;
import org.stancemap.ingest.DocumentReader;
import org.stancemap.ingest.LanguageDetector;
import org.stancemap.ingest.source.ImportContext;
import org.stancemap.ingest.source.Source;
import org.stancemap.ingest.source.SourceEvent;
import org.stancemap.ingest.source.Sources;
import org.stancemap.json.Json;
import org.stancemap.json.JsonWriter;
import org.stancemap.store.ImportCounts;
import org.stancemap.store.ImportRun;
import org.stancemap.store.Put;
import org.stancemap.store.Store;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code stancemap import}: reads sources through the import SPI ({@link Sources#discover()}) into the corpus
 * store, committing every item as it arrives; failures are recorded with their reason and the import goes on.
 * Re-running the same command after a crash resumes the interrupted run.
 */
@Command(name = "import", mixinStandardHelpOptions = true,
    description = {"Import documents into the corpus store: files and directories, and every other source type "
        + "installed (URLs, feeds, exports). Each item is committed as it arrives; the same text is stored once, a "
        + "changed text at the same location becomes a new version. Every input that cannot be imported is "
        + "recorded with its reason (see 'stancemap import-report') and the others go on.", "",
        "Run the same command again after an interruption (even kill -9): it resumes and ends with the same "
        + "documents as an uninterrupted run."},
    footer = {"", "Examples:", "  stancemap import corpus/ --db corpus.db", "  stancemap import-report --db corpus.db"})
final class ImportCommand implements Callable<Integer> {
  @Parameters(arity = "1..*", paramLabel = "SOURCE", description = "Files, directories, URLs, feeds, exports.")
  List<String> sources;

  @CommandLine.Mixin DbOption db = new DbOption();

  @Option(names = "--allow-private",
      description = "Allow URLs that point at private, loopback or link-local addresses (refused by default).")
  boolean allowPrivate;

  @Option(names = "--max-bytes", paramLabel = "N", defaultValue = "10485760",
      description = "Refuse inputs (files, response bodies) larger than N bytes; they are recorded as failures. "
          + "Default: ${DEFAULT-VALUE}.")
  long maxBytes;

  @Option(names = "--encoding", paramLabel = "CHARSET",
      description = "Decode every text file with this charset instead of detecting it.")
  String encoding;

  @Option(names = "--text-column", paramLabel = "C",
      description = "For CSV and JSONL exports: the column holding the text (same as --option text-column=C).")
  String textColumn;

  @Option(names = "--option", paramLabel = "KEY=VALUE",
      description = "A source-specific option, repeatable (e.g. --option id-column=post_id).")
  Map<String, String> options = new TreeMap<>();

  @Option(names = {"-q", "--quiet"}, description = "No progress bar and no per-failure messages on stderr.")
  boolean quiet;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (maxBytes < 1) {
      throw new InvalidInputException("--max-bytes must be positive: " + maxBytes);
    }
    Charset charset = null;
    if (encoding != null) {
      try {
        charset = Charset.forName(encoding);
      } catch (IllegalArgumentException e) {
        throw new InvalidInputException("--encoding: unknown charset '" + encoding + "'");
      }
    }
    Map<String, String> opts = new TreeMap<>(options);
    if (textColumn != null) {
      opts.put("text-column", textColumn);
    }
    DocumentReader reader = new DocumentReader(new LanguageDetector(), maxBytes, charset);
    try (Store store = db.open(err)) {
      ImportRun run = store.beginRun(arguments(opts));
      if (run.resumes() != null && !quiet) {
        err.println("stancemap: resuming interrupted import run " + run.resumes() + " as run " + run.id());
      }
      Predicate<String> done = run.resumes() == null ? s -> false : store.committedBefore(run);
      ImportContext context = new ImportContext(reader, maxBytes, allowPrivate, opts, done);
      Sources discovered = Sources.discover();
      ImportCounts[] counts = {ImportCounts.ZERO};
      String[] lastFile = {null};
      long files = localFiles();
      try (ProgressBar bar = progress(files)) {
        for (String arg : sources) {
          Source source;
          try {
            source = discovered.open(arg, context);
          } catch (RuntimeException e) {
            failure(store, run, err, arg, arg + ": cannot be opened as a source: " + e.getMessage(), counts);
            continue;
          }
          try {
            source.read(context, event -> {
              switch (event) {
                case SourceEvent.Item i -> {
                  try {
                    Put p = store.put(run.id(), i.item());
                    counts[0] = counts[0].plus(p.outcome());
                  } catch (StoreException e) {
                    // One item the database refuses (say, text PostgreSQL cannot hold) must not stop the others.
                    failure(store, run, err, i.location(), i.location() + ": could not be stored: " + e.getMessage(),
                        counts);
                  }
                }
                case SourceEvent.Failure f -> failure(store, run, err, f.location(), f.reason(), counts);
              }
              if (bar != null) {
                // With a known number of files the bar counts files (an export file yields many items, all
                // located FILE#...), so that it can show an ETA; otherwise it counts items.
                String file = event.location().split("#", 2)[0];
                if (files < 0 || !file.equals(lastFile[0])) {
                  bar.step();
                  lastFile[0] = file;
                }
                bar.setExtraMessage(" " + counts[0].items() + " items, " + counts[0].failed() + " failed");
              }
            });
          } catch (StoreException e) {
            throw e;
          } catch (RuntimeException e) {
            failure(store, run, err, arg, arg + ": reading stopped: " + e, counts);
          }
        }
      }
      ImportRun finished = store.finishRun(run.id());
      out.println(finished.counts().summary() + " (import run " + finished.id() + ", " + store.describe() + ")");
      if (finished.counts().failed() > 0 && !quiet) {
        err.println("stancemap: " + finished.counts().failed() + " input(s) could not be imported; list them with "
            + "'stancemap import-report --db " + (db.db.contains("password=") ? "URL" : db.db) + " --run "
            + finished.id() + "'");
      }
      out.flush();
      return finished.counts().failed() > 0 ? StancemapTool.SOME_INPUTS_FAILED : StancemapTool.OK;
    }
  }

  private void failure(Store store, ImportRun run, PrintWriter err, String location, String reason,
      ImportCounts[] counts) {
    store.fail(run.id(), location, reason);
    counts[0] = counts[0].plusFailure();
    if (!quiet) {
      err.println("stancemap: " + Terminal.printable(reason));
      err.flush();
    }
  }

  /**
   * The run's identity for resuming: sources (local paths made absolute, so the same command from another
   * directory is still the same import) and every option that changes what is read.
   */
  String arguments(Map<String, String> opts) {
    List<Json> srcs = new ArrayList<>();
    for (String s : sources) {
      Path p = null;
      try {
        p = s.contains("://") ? null : Path.of(s);
      } catch (RuntimeException e) {
        // not a path
      }
      srcs.add(Json.of(p != null && Files.exists(p) ? p.toAbsolutePath().normalize().toString() : s));
    }
    Json.ObjBuilder o = Json.obj();
    opts.forEach(o::put);
    return JsonWriter.compact(Json.obj().put("sources", Json.arr(srcs)).put("allow_private", allowPrivate)
        .put("max_bytes", maxBytes).put("encoding", encoding).put("options", o.build()).build());
  }

  private ProgressBar progress(long files) {
    if (quiet || !Terminal.interactive()) {
      return null;
    }
    return new ProgressBarBuilder().setTaskName("import").setInitialMax(files).setUnit(files < 0 ? " items"
        : " files", 1).setConsumer(new ConsoleProgressBarConsumer(System.err)).showSpeed().build();
  }

  /**
   * The number of files to read when every source is a local file or directory (hidden paths skipped, as the
   * directory walk does), else -1; only asked for the progress bar.
   */
  private long localFiles() {
    if (quiet || !Terminal.interactive()) {
      return -1;
    }
    long n = 0;
    for (String s : sources) {
      Path p;
      try {
        p = s.contains("://") ? null : Path.of(s);
      } catch (RuntimeException e) {
        return -1;
      }
      if (p == null || !Files.exists(p)) {
        return -1;
      }
      if (!Files.isDirectory(p)) {
        n++;
        continue;
      }
      Path root = p;
      try (Stream<Path> w = Files.walk(root)) {
        n += w.filter(Files::isRegularFile).filter(f -> {
          for (Path part : root.relativize(f)) {
            if (part.toString().startsWith(".")) {
              return false;
            }
          }
          return true;
        }).count();
      } catch (IOException | UncheckedIOException e) {
        return -1;
      }
    }
    return n;
  }
}
