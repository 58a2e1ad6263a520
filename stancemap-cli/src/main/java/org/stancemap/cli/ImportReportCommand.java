package org.stancemap.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import org.stancemap.InvalidInputException;
import org.stancemap.json.Json;
import org.stancemap.json.JsonWriter;
import org.stancemap.store.ImportFailure;
import org.stancemap.store.ImportRun;
import org.stancemap.store.Store;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code stancemap import-report}: every failure of an import run, with its location and reason. */
@Command(name = "import-report", mixinStandardHelpOptions = true,
    description = "List every input an import run could not import, with its location and the reason, and the "
        + "run's counts. Default: the latest run.")
final class ImportReportCommand implements Callable<Integer> {
  enum Format { text, json }

  @CommandLine.Mixin DbOption db = new DbOption();

  @Option(names = "--run", paramLabel = "N", description = "The import run (see the summary line of import). "
      + "Default: the latest.")
  Long run;

  @Option(names = {"-f", "--format"}, paramLabel = "FORMAT", defaultValue = "text",
      description = "Output format: ${COMPLETION-CANDIDATES}. Default: ${DEFAULT-VALUE}.")
  Format format;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    try (Store store = db.open()) {
      ImportRun r;
      if (run != null) {
        r = store.run(run).orElseThrow(() -> new InvalidInputException("--run " + run + ": no such import run in "
            + store.describe() + " (runs: " + runIds(store.runs()) + ")"));
      } else {
        List<ImportRun> runs = store.runs();
        if (runs.isEmpty()) {
          throw new InvalidInputException(store.describe() + " has no import runs yet; run 'stancemap import' first");
        }
        r = runs.get(runs.size() - 1);
      }
      List<ImportFailure> failures = store.failures(r.id());
      if (format == Format.json) {
        Json.ObjBuilder c = Json.obj().put("imported", r.counts().imported()).put("unchanged", r.counts().unchanged())
            .put("duplicates", r.counts().duplicates()).put("new_versions", r.counts().newVersions())
            .put("failed", r.counts().failed());
        Json.ObjBuilder runJson = Json.obj().put("id", r.id()).put("status", r.status())
            .put("started", r.started().toString())
            .put("finished", r.finished() == null ? null : r.finished().toString())
            .put("resumes", r.resumes() == null ? Json.NULL : Json.of(r.resumes())).put("arguments", r.arguments())
            .put("counts", c.build());
        List<Json> fs = failures.stream().map(f -> (Json) Json.obj().put("location", f.location())
            .put("reason", f.reason()).put("at", f.at().toString()).build()).toList();
        out.println(JsonWriter.pretty(Json.obj().put("run", runJson.build()).put("failures", Json.arr(fs)).build()));
      } else {
        out.println("import run " + r.id() + " (" + r.status() + (r.resumes() != null ? ", resumes run " + r.resumes()
            : "") + "), started " + r.started() + (r.finished() != null ? ", finished " + r.finished() : "") + ": "
            + r.counts().summary());
        for (ImportFailure f : failures) {
          out.println(Terminal.printable(f.location()) + "\t" + Terminal.printable(f.reason()));
        }
      }
      out.flush();
      return StancemapTool.OK;
    }
  }

  private static String runIds(List<ImportRun> runs) {
    if (runs.isEmpty()) {
      return "none";
    }
    return runs.get(0).id() + ".." + runs.get(runs.size() - 1).id();
  }
}
