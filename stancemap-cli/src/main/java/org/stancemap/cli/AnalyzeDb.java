package org.stancemap.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import org.stancemap.analysis.Analyzer;
import org.stancemap.analysis.DocumentAnalysis;
import org.stancemap.analysis.Provenance;
import org.stancemap.codebook.Codebook;
import org.stancemap.document.Document;
import org.stancemap.store.AnalysisKey;
import org.stancemap.store.Store;

/**
 * {@code stancemap analyze --db}: analyses the store's current documents that have no analysis under the current
 * model id and codebook hash (or all of them with {@code --all}), storing each analysis with its labels and
 * sentence vectors in its own transaction, so an interrupted run keeps what it finished.
 */
final class AnalyzeDb {
  private AnalyzeDb() {}

  /** A finished document, or the reason it failed. */
  private record Done(long id, DocumentAnalysis analysis, List<float[]> vectors, String failure) {}

  static int run(DbOption db, boolean all, SharedOptions shared, PrintWriter out, PrintWriter err) {
    try (Store store = db.open(err); Wiring wiring = new Wiring(shared, err)) {
      Analyzer analyzer = wiring.analyzer();
      Codebook cb = wiring.codebook();
      Provenance p = analyzer.provenance();
      AnalysisKey key = new AnalysisKey(p.model(), cb.ref(), cb.sha256(), p.embedding(), p.version());
      List<Long> ids = store.toAnalyse(key, all);
      long current = store.countDocuments(true);
      long[] analysed = {0};
      long[] failed = {0};
      try (ProgressBar bar = progress(shared, ids.size())) {
        Ordered.map(ids, id -> {
          try {
            Document d = store.ingestDocument(id).orElseThrow();
            List<float[]> vectors = new ArrayList<>();
            DocumentAnalysis a = analyzer.analyze(d, (s, v) -> vectors.add(v));
            int sentences = a.units().stream().mapToInt(u -> u.unit().sentences().size()).sum();
            return new Done(id, a, vectors.size() == sentences ? vectors : null, null);
          } catch (RuntimeException e) {
            // One document the pipeline cannot handle must not cost the others their analysis.
            return new Done(id, null, null, "document " + id + " could not be analysed: " + e);
          }
        }, shared.threads, done -> {
          if (done.failure() != null) {
            failed[0]++;
            err.println("stancemap: " + Terminal.printable(String.valueOf(done.failure())));
            err.flush();
          } else {
            store.saveAnalysis(done.id(), done.analysis(), key, done.vectors());
            analysed[0]++;
          }
          if (bar != null) {
            bar.step();
          }
        });
      }
      out.println("analysed " + analysed[0] + " document(s), " + (current - ids.size()) + " already up to date, "
          + failed[0] + " failed (model " + key.modelId() + ", " + store.describe() + ")");
      out.flush();
      return failed[0] > 0 ? StancemapTool.SOME_INPUTS_FAILED : StancemapTool.OK;
    }
  }

  private static ProgressBar progress(SharedOptions shared, int n) {
    if (shared.quiet || n < 2 || !Terminal.interactive()) {
      return null;
    }
    return new ProgressBarBuilder().setTaskName("analyze").setInitialMax(n).setUnit(" docs", 1)
        .setConsumer(new ConsoleProgressBarConsumer(System.err)).showSpeed().build();
  }
}
