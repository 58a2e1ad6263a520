package org.stancemap.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class BucketIndexTest {
  @Test
  void findsTheSameColumnsAsABinarySearch() {
    Random random = new Random(20261203);
    for (int round = 0; round < 200; round++) {
      int size = random.nextInt(round < 20 ? 4 : 5000);
      int range = 1 << (1 + random.nextInt(20));
      TreeSet<Integer> set = new TreeSet<>();
      while (set.size() < Math.min(size, range)) {
        set.add(random.nextInt(range));
      }
      int[] buckets = set.stream().mapToInt(Integer::intValue).toArray();
      BucketIndex index = BucketIndex.of(buckets, new float[0][]);
      for (int probe = 0; probe < 2000; probe++) {
        int key = probe % 3 == 0 && buckets.length > 0 ? buckets[random.nextInt(buckets.length)]
            : random.nextInt(range + 10) - 5;
        int expected = Arrays.binarySearch(buckets, key);
        assertEquals(expected >= 0 ? expected : -1, index.column(key), "key " + key + " in " + buckets.length);
      }
    }
  }

  @Test
  void copiesOfAHeadShareItsIndex() {
    Head h = new Head("h", List.of("a", "b"), new float[2][1], new int[] {3, 9, 27}, new float[2][3],
        new float[2], 18, 1.0, 1.0);
    assertSame(h.index(), h.withTemperature(2).index());
    assertSame(h.index(), h.withBiasOffset(new double[] {0.5, 0}).index());
    assertEquals(1, h.index().column(9));
    assertEquals(-1, BucketIndex.of(new int[0], new float[0][]).column(0));
  }

  @Test
  void weightsByColumnAreTheHeadsSparseWeights() {
    Random random = new Random(8);
    int[] buckets = {2, 5, 11, 40, 41, 99};
    float[][] sparse = new float[3][buckets.length];
    for (float[] row : sparse) {
      for (int i = 0; i < row.length; i++) {
        row[i] = random.nextFloat() - 0.5f;
      }
    }
    Head h = new Head("h", List.of("a", "b", "c"), new float[3][1], buckets, sparse, new float[3], 18,
        1.0, 1.0);
    assertEquals(3, h.index().classes());
    for (int col = 0; col < buckets.length; col++) {
      assertEquals(col, h.index().column(buckets[col]));
      for (int c = 0; c < 3; c++) {
        assertEquals(sparse[c][col], h.index().weight(col, c), 0f);
      }
    }
    // the logits use them: one feature in bucket 40 (column 3) moves each class by its weight there
    Example x = new Example(new float[] {0f}, new LexicalFeatures.Sparse(new int[] {40, 1000}, new float[] {1f, 1f}),
        -1);
    double[] z = h.logits(x);
    for (int c = 0; c < 3; c++) {
      assertEquals(sparse[c][3], z[c], 1e-9);
    }
    // an index that does not hold the head's weights, or weights that do not fit the buckets, are refused
    BucketIndex withoutWeights = BucketIndex.of(buckets, new float[0][]);
    assertThrows(IllegalArgumentException.class, () -> new Head("h", List.of("a", "b", "c"),
        new float[3][1], buckets, sparse, new float[3], 18, 1.0, 1.0, null, withoutWeights));
    assertThrows(IllegalArgumentException.class, () -> BucketIndex.of(buckets, new float[][] {new float[2]}));
  }
}
