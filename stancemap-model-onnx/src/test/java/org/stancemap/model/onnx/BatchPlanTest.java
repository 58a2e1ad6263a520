package org.stancemap.model.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BatchPlanTest {

  /** Every way to cut {@code lengths} into consecutive batches within the limits, by brute force. */
  private static long bruteForce(int[] lengths, int from, int maxBatch, int maxTokens) {
    if (from == lengths.length) {
      return 0;
    }
    long best = Long.MAX_VALUE;
    for (int to = from + 1; to <= Math.min(lengths.length, from + maxBatch); to++) {
      long rows = to - from;
      if (rows > 1 && rows * lengths[to - 1] > maxTokens) {
        continue;
      }
      long rest = bruteForce(lengths, to, maxBatch, maxTokens);
      best = Math.min(best, BatchPlan.CALL_OVERHEAD_TOKENS + rows * lengths[to - 1] + rest);
    }
    return best;
  }

  @Test
  void planIsOptimalCoversEveryIndexOnceAndRespectsLimits() {
    Random random = new Random(11);
    for (int round = 0; round < 300; round++) {
      int n = 1 + random.nextInt(12);
      int[] lengths = new int[n];
      for (int i = 0; i < n; i++) {
        lengths[i] = 3 + random.nextInt(random.nextBoolean() ? 12 : 80);
      }
      Arrays.sort(lengths);
      int maxBatch = 1 + random.nextInt(6);
      int maxTokens = 20 + random.nextInt(200);
      List<int[]> plan = BatchPlan.plan(lengths, maxBatch, maxTokens);
      int next = 0;
      for (int[] b : plan) {
        assertEquals(next, b[0], "batches are consecutive");
        assertTrue(b[1] > b[0] && b[1] - b[0] <= maxBatch, "batch size within 1.." + maxBatch);
        assertTrue(b[1] - b[0] == 1 || (long) (b[1] - b[0]) * lengths[b[1] - 1] <= maxTokens, "token limit");
        next = b[1];
      }
      assertEquals(n, next, "every text is in a batch");
      assertEquals(bruteForce(lengths, 0, maxBatch, maxTokens), BatchPlan.cost(lengths, plan),
          () -> "optimal for " + Arrays.toString(lengths));
    }
  }

  @Test
  void mixedLengthsAreSplitAndEqualLengthsShareABatch() {
    // A title among long sentences: padding the title to 45 tokens costs more than a second call.
    List<int[]> plan = BatchPlan.plan(new int[] {9, 44, 45, 45, 45}, 32, 1536);
    assertEquals(List.of("[0, 1]", "[1, 5]"), plan.stream().map(Arrays::toString).toList());
    List<int[]> same = BatchPlan.plan(new int[] {20, 20, 20, 20}, 32, 1536);
    assertEquals(1, same.size());
    // Near-equal lengths are not worth an extra call.
    assertEquals(1, BatchPlan.plan(new int[] {30, 31, 32}, 32, 1536).size());
  }

  @Test
  void sameLengthsGiveTheSamePlan() {
    int[] lengths = {5, 7, 7, 12, 20, 21, 40, 41, 41, 90};
    List<String> first = new ArrayList<>();
    BatchPlan.plan(lengths, 4, 200).forEach(b -> first.add(Arrays.toString(b)));
    List<String> again = new ArrayList<>();
    BatchPlan.plan(lengths.clone(), 4, 200).forEach(b -> again.add(Arrays.toString(b)));
    assertEquals(first, again);
  }

  @Test
  void unsortedLengthsAreRefused() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> BatchPlan.plan(new int[] {5, 3}, 32, 1536));
    assertTrue(e.getMessage().contains("ascending"), e.getMessage());
  }
}
