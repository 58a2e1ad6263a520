package org.stancemap.cli;

import java.io.PrintWriter;
import java.util.Iterator;
import java.util.List;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import org.stancemap.analysis.Analyzer;
import org.stancemap.analysis.BatchAnalysis;
import org.stancemap.analysis.Provenance;
import org.stancemap.codebook.Codebook;
import org.stancemap.store.AnalysisKey;
import org.stancemap.store.Store;

/**
 * {@code stancemap analyze --db}: analyses the store's current documents that have no analysis under the current
 * model id and codebook hash (or all of them with {@code --all}), storing each analysis with its labels and
 * sentence vectors in its own transaction, so an interrupted run keeps what it finished. Documents are embedded in
 * windows across documents ({@link BatchAnalysis}), as {@code analyze} does for files.
 */
final class AnalyzeDb {
  private AnalyzeDb() {}

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
        Iterator<BatchAnalysis.Input<Long>> inputs = ids.stream().map(id -> {
          try {
            return (BatchAnalysis.Input<Long>) new BatchAnalysis.Input.Ready<>(id, store.ingestDocument(id)
                .orElseThrow());
          } catch (RuntimeException e) {
            return new BatchAnalysis.Input.Unreadable<>(id, "document " + id + " could not be read: " + e);
          }
        }).iterator();
        BatchAnalysis.run(inputs, analyzer, BatchAnalysis.DEFAULT_WINDOWS, outcome -> {
          switch (outcome) {
            case BatchAnalysis.Outcome.Failed<Long> f -> {
              failed[0]++;
              err.println("stancemap: " + Terminal.printable("document " + f.item() + ": " + f.reason()));
              err.flush();
            }
            case BatchAnalysis.Outcome.Analysed<Long> a -> {
              int sentences = a.analysis().units().stream().mapToInt(u -> u.unit().sentences().size()).sum();
              store.saveAnalysis(a.item(), a.analysis(), key, a.sentenceVectors().size() == sentences
                  ? a.sentenceVectors() : null);
              analysed[0]++;
            }
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
