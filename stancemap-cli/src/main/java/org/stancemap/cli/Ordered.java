package org.stancemap.cli;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Maps inputs through a function on {@code threads} workers and hands the results to a consumer in input order,
 * with at most {@code 2 * threads} results in flight, so memory stays flat however many inputs there are.
 * Documents are analysed concurrently so that the embedding model's workers are all busy even when each document
 * alone fills only one batch.
 */
final class Ordered {
  private Ordered() {}

  static <I, O> void map(List<I> inputs, Function<I, O> fn, int threads, Consumer<O> consumer) {
    if (threads <= 1) {
      inputs.forEach(i -> consumer.accept(fn.apply(i)));
      return;
    }
    ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
      Thread t = new Thread(r, "stancemap-analyze");
      t.setDaemon(true);
      return t;
    });
    try {
      Deque<Future<O>> window = new ArrayDeque<>();
      for (I in : inputs) {
        window.add(pool.submit(() -> fn.apply(in)));
        if (window.size() >= 2 * threads) {
          consumer.accept(get(window.poll()));
        }
      }
      while (!window.isEmpty()) {
        consumer.accept(get(window.poll()));
      }
    } finally {
      pool.shutdownNow();
    }
  }

  private static <O> O get(Future<O> f) {
    try {
      return f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException re) {
        throw re;
      }
      throw new IllegalStateException(e.getCause());
    }
  }
}
