package org.stancemap.model.onnx;

import java.util.ArrayList;
import java.util.List;

/**
 * Cuts texts sorted by token count into consecutive batches so that the model does the least work: a batch costs
 * a fixed overhead per ONNX Runtime call plus its rows times its longest row (every row is padded to it). Without
 * this, one batch of 32 mixing a 9-token title with 45-token sentences does more than twice the work the texts
 * need; a batch per distinct length pays the call overhead too often. The optimum over all cuts is found by dynamic
 * programming in {@code O(n * maxBatch)}.
 *
 * <p>Design decision: the plan depends only on the token counts of the texts given, so the same texts always form
 * the same batches. This matters because the int8 models quantise activations per batch: a text's vector depends
 * slightly on its batch-mates, and reproducible analyses need reproducible batches.
 */
final class BatchPlan {
  /**
   * The cost of one ONNX Runtime call, in padded tokens: measured on 2 Zen 3 cores with all-MiniLM-L6-v2 int8 and
   * one intra-op thread, a call costs about 1.3 ms beyond about 0.1 ms per padded token (docs/benchmarks.md).
   */
  static final int CALL_OVERHEAD_TOKENS = 14;

  private BatchPlan() {}

  /**
   * Batches over {@code lengths} (ascending), as {@code [from, to)} index ranges in order.
   *
   * @param maxBatch at most this many rows per batch
   * @param maxTokens at most this many padded tokens per batch, unless a single row is longer
   */
  static List<int[]> plan(int[] lengths, int maxBatch, int maxTokens) {
    int n = lengths.length;
    for (int i = 1; i < n; i++) {
      if (lengths[i] < lengths[i - 1]) {
        throw new IllegalArgumentException("lengths must be ascending: lengths[" + i + "]=" + lengths[i]
            + " < lengths[" + (i - 1) + "]=" + lengths[i - 1]);
      }
    }
    if (maxBatch < 1 || maxTokens < 1) {
      throw new IllegalArgumentException("maxBatch and maxTokens must be positive: maxBatch=" + maxBatch
          + ", maxTokens=" + maxTokens);
    }
    long[] best = new long[n + 1];
    int[] cut = new int[n + 1];
    for (int j = 1; j <= n; j++) {
      long padded = lengths[j - 1];
      best[j] = Long.MAX_VALUE;
      // Larger batches first; a strictly better cost is needed to prefer a smaller one, so ties are stable.
      for (int i = Math.max(0, j - maxBatch); i < j; i++) {
        long rows = j - i;
        if (rows > 1 && rows * padded > maxTokens) {
          continue;
        }
        long cost = best[i] + CALL_OVERHEAD_TOKENS + rows * padded;
        if (cost < best[j]) {
          best[j] = cost;
          cut[j] = i;
        }
      }
    }
    List<int[]> out = new ArrayList<>();
    for (int j = n; j > 0; j = cut[j]) {
      out.add(0, new int[] {cut[j], j});
    }
    return out;
  }

  /** The cost of a plan in the units of {@link #CALL_OVERHEAD_TOKENS}. */
  static long cost(int[] lengths, List<int[]> plan) {
    long c = 0;
    for (int[] b : plan) {
      c += CALL_OVERHEAD_TOKENS + (long) (b[1] - b[0]) * lengths[b[1] - 1];
    }
    return c;
  }
}
