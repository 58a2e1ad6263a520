package org.stancemap.spark;

import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * Runs a push-style stage (one that reads an iterator and hands its results to a consumer, as
 * {@link org.stancemap.analysis.BatchAnalysis} does) as a pull-style iterator, as Spark's {@code mapPartitions}
 * wants it, without holding a partition in memory.
 *
 * <p>Design decision: the stage runs on its own thread, but its input is still read on the caller's thread (the
 * task's): Spark's input iterators (shuffle reads, file scans) rely on the task's thread-local context. The caller's
 * thread moves input rows into a small queue and results out of another, so at most a few hundred rows of each are
 * in memory.
 */
final class Streams {
  private Streams() {}

  private static final Object END = new Object();
  private static final int QUEUE = 256;

  /** A failure of the stage, carried to the caller's thread. */
  private record Thrown(Throwable error) {}

  /**
   * Results of {@code stage} over {@code input}, in the order the stage gives them.
   *
   * @param onStart called with the stage's thread once it runs (e.g. to interrupt it when the task ends)
   */
  static <I, O> Iterator<O> pull(Iterator<I> input, BiConsumer<Iterator<I>, Consumer<O>> stage,
      Consumer<Thread> onStart) {
    BlockingQueue<Object> in = new ArrayBlockingQueue<>(QUEUE);
    BlockingQueue<Object> out = new ArrayBlockingQueue<>(QUEUE);
    Iterator<I> fromQueue = new Iterator<>() {
      private Object head;

      @Override
      public boolean hasNext() {
        if (head == null) {
          head = take(in);
        }
        return head != END;
      }

      @Override
      @SuppressWarnings("unchecked")
      public I next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        Object h = head;
        head = null;
        return (I) h;
      }
    };
    Thread worker = new Thread(() -> {
      try {
        stage.accept(fromQueue, o -> put(out, o));
        put(out, END);
      } catch (Throwable t) {
        out.clear();
        out.offer(new Thrown(t));
      }
    }, "stancemap-spark-stage");
    worker.setDaemon(true);
    worker.start();
    onStart.accept(worker);
    return new Iterator<>() {
      private Object pending;
      private boolean inputDone;
      private Object next;
      private boolean finished;

      @Override
      public boolean hasNext() {
        while (next == null && !finished) {
          Object o = out.poll();
          if (o == null) {
            if (!inputDone) {
              if (pending == null) {
                pending = input.hasNext() ? input.next() : END;
              }
              if (in.offer(pending)) {
                inputDone = pending == END;
                pending = null;
                continue;
              }
            }
            o = poll(out);
            if (o == null) {
              continue;
            }
          }
          if (o == END) {
            finished = true;
          } else if (o instanceof Thrown t) {
            finished = true;
            throw t.error() instanceof RuntimeException re ? re
                : new IllegalStateException("the analysis stage failed: " + t.error(), t.error());
          } else {
            next = o;
          }
        }
        return next != null;
      }

      @Override
      @SuppressWarnings("unchecked")
      public O next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        Object n = next;
        next = null;
        return (O) n;
      }
    };
  }

  private static Object take(BlockingQueue<Object> q) {
    try {
      return q.take();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("the task was stopped", e);
    }
  }

  private static Object poll(BlockingQueue<Object> q) {
    try {
      return q.poll(10, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("the task was stopped", e);
    }
  }

  private static void put(BlockingQueue<Object> q, Object o) {
    try {
      q.put(o);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("the task was stopped", e);
    }
  }
}
