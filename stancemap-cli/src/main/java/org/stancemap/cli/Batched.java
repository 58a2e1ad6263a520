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
 * holds its size in texts (see {@link Windows}), the whole window is embedded in one call (sorted by length, so
 * batches are full and padding is small), and while it is embedded the next window is read and prepared and the
 * previous one finished (heads, evidence). Results reach the consumer in input order; at most three windows are
 * in memory.
 *
 * <p>Design decision: this is {@code analyze}'s default for files. The embedding model's vectors do not depend on
 * their batch (static int8 quantisation, see {@code StaticQuantization}), so a document's results here are exactly
 * those of its analysis alone, and full, length-sorted batches make the model run at nearly its raw speed. If
 * embedding a whole window fails, each of its documents is embedded on its own, so that only the one that
 * cannot be embedded is reported as failed.
 *
 * <p>Design decision: windows grow. The first window is small, so that embedding starts after a few documents
 * and short runs still overlap reading, embedding and finishing; each later window is twice the one before, up to
 * a maximum. Large windows matter because a window's texts are batched among themselves: in a window of 2,048
 * texts most batches hold 32 texts of one token count, in a window of 512 the same texts make 44 % more, smaller
 * calls, and the inference threads needed 12 % more CPU for the same sentences (docs/benchmarks.md §1.4).
 */
final class Batched {
  private Batched() {}

  /**
   * The sizes of the windows, in texts to embed: {@code first}, then twice the previous size, at most {@code max}.
   * A window closes at the first document that brings it to its size, so it may hold a few more texts.
   */
  record Windows(int first, int max) {
    Windows {
      if (first < 1 || max < first) {
        throw new IllegalArgumentException("windows need 1 <= first <= max: first=" + first + ", max=" + max);
      }
    }

    /** The size of the window after one of {@code size} texts. */
    int next(int size) {
      return (int) Math.min(max, 2L * size);
    }
  }

  /** A window: its items (prepared documents or failures) and the texts to embed for them. */
  private record Window(List<Object> items, List<EmbeddingModel.SpanInput> texts) {}

  /** A window handed to the embedder, and its vectors to come. */
  private record InFlight(Window window, Future<List<EmbeddingModel.Embedded>> vectors) {}

  private static InFlight submit(ExecutorService embedder, EmbeddingModel model, Window w) {
    List<EmbeddingModel.SpanInput> texts = w.texts();
    return new InFlight(w, texts.isEmpty() ? java.util.concurrent.CompletableFuture.completedFuture(List.of())
        : embedder.submit(() -> model.embedSpans(texts)));
  }

  static void run(List<String> files, Function<String, IngestResult> read, Analyzer analyzer, EmbeddingModel model,
      Windows windows, Consumer<Object> consumer) {
    ExecutorService embedder = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "stancemap-embed-window");
      t.setDaemon(true);
      return t;
    });
    try {
      Window open = new Window(new ArrayList<>(), new ArrayList<>());
      int windowTexts = windows.first();
      // Windows handed to the embedder, oldest first. A full window is queued before the previous one is finished,
      // so the embedder goes straight on to it while this thread runs the heads of the previous one.
      java.util.ArrayDeque<InFlight> inFlight = new java.util.ArrayDeque<>();
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
          inFlight.add(submit(embedder, model, open));
          open = new Window(new ArrayList<>(), new ArrayList<>());
          windowTexts = windows.next(windowTexts);
          if (inFlight.size() > 1) {
            InFlight done = inFlight.poll();
            complete(done.window(), done.vectors(), model, analyzer, consumer);
          }
        }
      }
      if (!open.items().isEmpty()) {
        inFlight.add(submit(embedder, model, open));
      }
      while (!inFlight.isEmpty()) {
        InFlight done = inFlight.poll();
        complete(done.window(), done.vectors(), model, analyzer, consumer);
      }
    } finally {
      embedder.shutdownNow();
    }
  }

  /** The window's vectors from {@code pending}, or null if embedding them failed. */
  private static List<EmbeddingModel.Embedded> vectors(Future<List<EmbeddingModel.Embedded>> pending) {
    try {
      return get(pending);
    } catch (RuntimeException e) {
      return null;
    }
  }

  private static void complete(Window w, Future<List<EmbeddingModel.Embedded>> pending, EmbeddingModel model,
      Analyzer analyzer, Consumer<Object> consumer) {
    List<EmbeddingModel.Embedded> vectors = vectors(pending);
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
