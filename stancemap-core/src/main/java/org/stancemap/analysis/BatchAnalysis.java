package org.stancemap.analysis;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import org.stancemap.document.Document;
import org.stancemap.model.EmbeddingModel;

/**
 * Analyses many documents with embeddings batched across documents: the one multi-document path of every adapter
 * (the CLI's {@code analyze} over files and over a store, the Spark job). Inputs are read and prepared until a
 * window holds its size in texts (see {@link Windows}), the whole window is embedded in one call (sorted by length,
 * so batches are full and padding is small), and while it is embedded the next window is read and prepared and the
 * previous one finished (heads, evidence). Outcomes reach the consumer in input order, on the caller's thread; at
 * most three windows are in memory.
 *
 * <p>Design decision: the embedding model's vectors do not depend on their batch (static int8 quantisation, see
 * {@code StaticQuantization}), so a document's results here are exactly those of its analysis alone, and full,
 * length-sorted batches make the model run at nearly its raw speed. If embedding a whole window fails, each of its
 * documents is embedded on its own, so that only the one that cannot be embedded is reported as failed.
 *
 * <p>Design decision: windows grow. The first window is small, so that embedding starts after a few documents
 * and short runs still overlap reading, embedding and finishing; each later window is twice the one before, up to
 * a maximum. Large windows matter because a window's texts are batched among themselves: in a window of 2,048
 * texts most batches hold 32 texts of one token count, in a window of 512 the same texts make 44 % more, smaller
 * calls, and the inference threads needed 12 % more CPU for the same sentences (docs/benchmarks.md §1.4).
 */
public final class BatchAnalysis {
  private BatchAnalysis() {}

  /** Texts per window for a long run: 512 first, growing to 2,048. */
  public static final Windows DEFAULT_WINDOWS = new Windows(512, 2048);

  /**
   * The sizes of the windows, in texts to embed: {@code first}, then twice the previous size, at most {@code max}.
   * A window closes at the first document that brings it to its size, so it may hold a few more texts.
   */
  public record Windows(int first, int max) {
    public Windows {
      if (first < 1 || max < first) {
        throw new IllegalArgumentException("windows need 1 <= first <= max: first=" + first + ", max=" + max);
      }
    }

    /** The size of the window after one of {@code size} texts. */
    public int next(int size) {
      return (int) Math.min(max, 2L * size);
    }
  }

  /**
   * One input as its reader gave it.
   *
   * @param <T> what the caller uses to recognise the input (a file name, a store id, a record)
   */
  public sealed interface Input<T> {
    /** The caller's handle on the input. */
    T item();

    /** A document ready for analysis. */
    record Ready<T>(T item, Document document) implements Input<T> {
      public Ready {
        Objects.requireNonNull(document, "document");
      }
    }

    /** An input that could not be read, and why (a message that names the input). */
    record Unreadable<T>(T item, String reason) implements Input<T> {
      public Unreadable {
        Objects.requireNonNull(reason, "reason");
      }
    }
  }

  /**
   * What became of one input.
   *
   * @param <T> the caller's handle on the input
   */
  public sealed interface Outcome<T> {
    /** The caller's handle on the input. */
    T item();

    /**
     * The input was analysed.
     *
     * @param sentenceVectors the L2-normalised embedding of every sentence, in document order (empty for a
     *     document in a language the model does not read)
     */
    record Analysed<T>(T item, DocumentAnalysis analysis, List<float[]> sentenceVectors) implements Outcome<T> {
      public Analysed {
        Objects.requireNonNull(analysis, "analysis");
        sentenceVectors = List.copyOf(sentenceVectors);
      }
    }

    /** The input could not be read, embedded or analysed; {@code reason} names it. */
    record Failed<T>(T item, String reason) implements Outcome<T> {
      public Failed {
        Objects.requireNonNull(reason, "reason");
      }
    }
  }

  /** A window: its entries (prepared documents or failures) and the texts to embed for them. */
  private record Window<T>(List<Entry<T>> entries, List<EmbeddingModel.SpanInput> texts) {
    Window() {
      this(new ArrayList<>(), new ArrayList<>());
    }
  }

  /** An input of a window: prepared, or already failed. */
  private record Entry<T>(T item, Analyzer.Prepared prepared, Outcome.Failed<T> failed) {}

  /** A window handed to the embedder, and its vectors to come. */
  private record InFlight<T>(Window<T> window, Future<List<EmbeddingModel.Embedded>> vectors) {}

  /**
   * Analyses every input of {@code inputs} with {@code analyzer}, handing one outcome per input to
   * {@code consumer}, in input order. The iterator is read on the caller's thread, as windows fill.
   */
  public static <T> void run(Iterator<? extends Input<T>> inputs, Analyzer analyzer, Windows windows,
      Consumer<? super Outcome<T>> consumer) {
    EmbeddingModel model = analyzer.embedding();
    ExecutorService embedder = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "stancemap-embed-window");
      t.setDaemon(true);
      return t;
    });
    try {
      Window<T> open = new Window<>();
      int windowTexts = windows.first();
      // Windows handed to the embedder, oldest first. A full window is queued before the previous one is finished,
      // so the embedder goes straight on to it while this thread runs the heads of the previous one.
      ArrayDeque<InFlight<T>> inFlight = new ArrayDeque<>();
      while (inputs.hasNext()) {
        Input<T> in = inputs.next();
        switch (in) {
          case Input.Ready<T> r -> {
            try {
              Analyzer.Prepared p = analyzer.prepare(r.document());
              open.entries().add(new Entry<>(r.item(), p, null));
              open.texts().addAll(p.inputs());
            } catch (RuntimeException e) {
              open.entries().add(new Entry<>(r.item(), null, new Outcome.Failed<>(r.item(),
                  r.document().source() + ": could not be analysed (" + e + ")")));
            }
          }
          case Input.Unreadable<T> u -> open.entries().add(new Entry<>(u.item(), null,
              new Outcome.Failed<>(u.item(), u.reason())));
        }
        if (open.texts().size() >= windowTexts) {
          inFlight.add(submit(embedder, model, open));
          open = new Window<>();
          windowTexts = windows.next(windowTexts);
          if (inFlight.size() > 1) {
            InFlight<T> done = inFlight.poll();
            complete(done.window(), done.vectors(), model, analyzer, consumer);
          }
        }
      }
      if (!open.entries().isEmpty()) {
        inFlight.add(submit(embedder, model, open));
      }
      while (!inFlight.isEmpty()) {
        InFlight<T> done = inFlight.poll();
        complete(done.window(), done.vectors(), model, analyzer, consumer);
      }
    } finally {
      embedder.shutdownNow();
    }
  }

  private static <T> InFlight<T> submit(ExecutorService embedder, EmbeddingModel model, Window<T> w) {
    List<EmbeddingModel.SpanInput> texts = w.texts();
    return new InFlight<>(w, texts.isEmpty() ? CompletableFuture.completedFuture(List.of())
        : embedder.submit(() -> model.embedSpans(texts)));
  }

  private static <T> void complete(Window<T> w, Future<List<EmbeddingModel.Embedded>> pending, EmbeddingModel model,
      Analyzer analyzer, Consumer<? super Outcome<T>> consumer) {
    List<EmbeddingModel.Embedded> vectors;
    try {
      vectors = get(pending);
    } catch (RuntimeException e) {
      vectors = null;
    }
    if (vectors != null) {
      complete(w, vectors, analyzer, consumer);
      return;
    }
    // The window as a whole could not be embedded: one document at a time, so only the culprit fails.
    for (Entry<T> e : w.entries()) {
      if (e.prepared() == null) {
        consumer.accept(e.failed());
        continue;
      }
      Analyzer.Prepared p = e.prepared();
      List<EmbeddingModel.Embedded> own;
      try {
        own = model.embedSpans(p.inputs());
      } catch (RuntimeException x) {
        consumer.accept(new Outcome.Failed<>(e.item(), p.document().source() + ": could not be embedded ("
            + x.getMessage() + ")"));
        continue;
      }
      Window<T> alone = new Window<>(List.of(e), p.inputs());
      complete(alone, own, analyzer, consumer);
    }
  }

  private static <T> void complete(Window<T> w, List<EmbeddingModel.Embedded> vectors, Analyzer analyzer,
      Consumer<? super Outcome<T>> consumer) {
    int offset = 0;
    for (Entry<T> e : w.entries()) {
      if (e.prepared() == null) {
        consumer.accept(e.failed());
        continue;
      }
      Analyzer.Prepared p = e.prepared();
      int n = p.inputs().size();
      List<EmbeddingModel.Embedded> mine = vectors.subList(offset, offset + n);
      offset += n;
      Outcome<T> result;
      try {
        DocumentAnalysis a = analyzer.finish(p, mine);
        List<float[]> sentences = new ArrayList<>(p.sentenceCount());
        for (int i = 0; i < p.sentenceCount() && i < mine.size(); i++) {
          sentences.add(mine.get(i).text());
        }
        result = new Outcome.Analysed<>(e.item(), a, sentences);
      } catch (RuntimeException x) {
        result = new Outcome.Failed<>(e.item(), p.document().source() + ": could not be analysed (" + x + ")");
      }
      consumer.accept(result);
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
