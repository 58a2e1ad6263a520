package org.stancemap.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.function.Function;
import org.stancemap.analysis.Analyzer;
import org.stancemap.ingest.IngestResult;
import org.stancemap.model.EmbeddingModel;

/**
 * Analyses many documents with embeddings batched across documents: inputs are read and prepared until a window
 * holds about {@code windowTexts} texts, the whole window is embedded in one call (sorted by length, so batches
 * are full and padding is small), and while it is embedded the next window is read and prepared. Results reach
 * the consumer in input order; at most two windows are in memory.
 *
 * <p>Design decision: this is {@code analyze}'s default for files. The embedding model's vectors do not depend on
 * their batch (static int8 quantisation, see {@code StaticQuantization}), so a document's results here are exactly
 * those of its analysis alone, and full, length-sorted batches make the model run at nearly its raw speed. If
 * embedding a whole window fails, each of its documents is embedded on its own, so that only the one that
 * cannot be embedded is reported as failed.
 */
final class Batched {
  private Batched() {}

  /** A window: its items (prepared documents or failures) and the texts to embed for them. */
  private record Window(List<Object> items, List<EmbeddingModel.SpanInput> texts) {}

  static void run(List<String> files, Function<String, IngestResult> read, Analyzer analyzer, EmbeddingModel model,
      int windowTexts, Consumer<Object> consumer) {
    ExecutorService embedder = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "stancemap-embed-window");
      t.setDaemon(true);
      return t;
    });
    try {
      Window open = new Window(new ArrayList<>(), new ArrayList<>());
      Window pendingWindow = null;
      Future<List<EmbeddingModel.Embedded>> pending = null;
      for (String f : files) {
        IngestResult r = read.apply(f);
        if (r instanceof IngestResult.Loaded l) {
          try {
            Analyzer.Prepared p = analyzer.prepare(l.document());
            open.items().add(p);
            open.texts().addAll(p.inputs());
          } catch (RuntimeException e) {
            open.items().add(new IngestResult.Failed(f, f + ": could not be analysed (" + e + ")"));
          }
        } else {
          open.items().add(r);
        }
        if (open.texts().size() >= windowTexts) {
          if (pending != null) {
            complete(pendingWindow, pending, model, analyzer, consumer);
          }
          List<EmbeddingModel.SpanInput> texts = open.texts();
          pending = embedder.submit(() -> model.embedSpans(texts));
          pendingWindow = open;
          open = new Window(new ArrayList<>(), new ArrayList<>());
        }
      }
      if (pending != null) {
        complete(pendingWindow, pending, model, analyzer, consumer);
      }
      complete(open, null, model, analyzer, consumer);
    } finally {
      embedder.shutdownNow();
    }
  }

  /** The window's vectors: from {@code pending} (or embedded here when null), else null if embedding failed. */
  private static List<EmbeddingModel.Embedded> vectors(Window w, Future<List<EmbeddingModel.Embedded>> pending,
      EmbeddingModel model) {
    try {
      return pending != null ? get(pending) : w.texts().isEmpty() ? List.of() : model.embedSpans(w.texts());
    } catch (RuntimeException e) {
      return null;
    }
  }

  private static void complete(Window w, Future<List<EmbeddingModel.Embedded>> pending, EmbeddingModel model,
      Analyzer analyzer, Consumer<Object> consumer) {
    List<EmbeddingModel.Embedded> vectors = vectors(w, pending, model);
    if (vectors == null) {
      // The window as a whole could not be embedded: one document at a time, so only the culprit fails.
      for (Object item : w.items()) {
        if (item instanceof Analyzer.Prepared p) {
          List<EmbeddingModel.Embedded> own;
          try {
            own = model.embedSpans(p.inputs());
          } catch (RuntimeException e) {
            consumer.accept(new IngestResult.Failed(p.document().source(), p.document().source()
                + ": could not be embedded (" + e.getMessage() + ")"));
            continue;
          }
          complete(new Window(List.of(p), p.inputs()), own, analyzer, consumer);
        } else {
          consumer.accept(item);
        }
      }
      return;
    }
    complete(w, vectors, analyzer, consumer);
  }

  private static void complete(Window w, List<EmbeddingModel.Embedded> vectors, Analyzer analyzer,
      Consumer<Object> consumer) {
    int offset = 0;
    for (Object item : w.items()) {
      if (item instanceof Analyzer.Prepared p) {
        int n = p.inputs().size();
        List<EmbeddingModel.Embedded> mine = vectors.subList(offset, offset + n);
        offset += n;
        Object result;
        try {
          result = analyzer.finish(p, mine);
        } catch (RuntimeException e) {
          result = new IngestResult.Failed(p.document().source(), p.document().source() + ": could not be analysed ("
              + e + ")");
        }
        consumer.accept(result);
      } else {
        consumer.accept(item);
      }
    }
  }

  private static List<EmbeddingModel.Embedded> get(Future<List<EmbeddingModel.Embedded>> f) {
    try {
      return f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof RuntimeException re ? re : new IllegalStateException(e.getCause());
    }
  }
}
