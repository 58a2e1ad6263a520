package org.stancemap.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.Arrays;
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
      BucketIndex index = BucketIndex.of(buckets);
      for (int probe = 0; probe < 2000; probe++) {
        int key = probe % 3 == 0 && buckets.length > 0 ? buckets[random.nextInt(buckets.length)]
            : random.nextInt(range + 10) - 5;
        int expected = Arrays.binarySearch(buckets, key);
        assertEquals(expected >= 0 ? expected : -1, index.column(key), "key " + key + " in " + buckets.length);
      }
    }
  }

  @Test
  void oneIndexPerArray() {
    int[] buckets = {3, 9, 27};
    assertSame(BucketIndex.of(buckets), BucketIndex.of(buckets));
    assertEquals(-1, BucketIndex.of(new int[0]).column(0));
  }
}
