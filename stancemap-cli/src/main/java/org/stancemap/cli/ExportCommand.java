package org.stancemap.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.stancemap.codebook.CodebookLoader;
import org.stancemap.store.Store;
import org.stancemap.store.export.Exports;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code stancemap export}: the whole corpus as CSV, JSONL, HTML or a REFI-QDA project, streamed. */
@Command(name = "export", mixinStandardHelpOptions = true,
    description = {"Export the corpus, complete and without row caps: csv (one row per unit with every label, "
        + "score and source column), jsonl (one line per document with the full analysis), html (one "
        + "self-contained report), qdpx (a REFI-QDA project for NVivo, ATLAS.ti and MAXQDA with the codebook as "
        + "codes and every evidence sentence coded).", "",
        "Current documents only (the latest version at each location). The file is written whole or not at all."},
    footer = {"", "Example:", "  stancemap export --db corpus.db --format qdpx --out corpus.qdpx"})
final class ExportCommand implements Callable<Integer> {
  enum Format { csv, jsonl, html, qdpx }

  @CommandLine.Mixin DbOption db = new DbOption();

  @Option(names = {"-f", "--format"}, paramLabel = "FORMAT", required = true,
      description = "Export format: ${COMPLETION-CANDIDATES}.")
  Format format;

  @Option(names = {"-o", "--out"}, paramLabel = "FILE", required = true, description = "The file to write.")
  Path out;

  @Option(names = "--codebook", paramLabel = "CODEBOOK", defaultValue = CodebookLoader.DEFAULT,
      description = "The codebook whose labels become QDPX codes (with names and definitions). "
          + "Default: ${DEFAULT-VALUE}.")
  String codebook;

  @Option(names = {"-q", "--quiet"}, description = "Print nothing on stderr.")
  boolean quiet;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    PrintWriter err = spec.commandLine().getErr();
    try (Store store = db.open()) {
      Exports.Summary s = Exports.export(store, Exports.Format.valueOf(format.name().toUpperCase(Locale.ROOT)),
          out, CodebookLoader.load(codebook));
      if (!quiet) {
        String rows = switch (format) {
          case csv -> ", " + s.rows() + " units";
          case qdpx -> ", " + s.rows() + " codings";
          default -> "";
        };
        err.println("stancemap: wrote " + out + ": " + s.documents() + " documents" + rows
            + (s.unanalysed() > 0 && format != Format.jsonl ? "; " + s.unanalysed() + " documents not analysed yet "
                + "were left out (run 'stancemap analyze --db " + db.db + "')" : ""));
      }
      return StancemapTool.OK;
    }
  }
}
