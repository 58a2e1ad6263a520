package org.stancemap.model;

/**
 * The column of each lexical bucket a head has weights for: an open-addressing hash table over a head's strictly
 * ascending {@code buckets}, built with the head and shared by its copies ({@link Head#withTemperature},
 * {@link Head#withBiasOffset}). It replaces a binary search per feature and head, which a profile of
 * {@code stancemap bench} showed as the largest cost of the heads: a sentence has a few hundred n-gram features,
 * and each of seven heads looked every one up in a few thousand buckets. Immutable and thread-safe.
 */
public final class BucketIndex {

  private final int[] keys;
  private final int[] columns;
  private final int mask;
  private final int shift;

  private BucketIndex(int[] buckets) {
    int capacity = Integer.highestOneBit(Math.max(4, buckets.length * 2 + 1)) << 1;
    keys = new int[capacity];
    columns = new int[capacity];
    mask = capacity - 1;
    shift = 32 - Integer.numberOfTrailingZeros(capacity);
    java.util.Arrays.fill(columns, -1);
    for (int col = 0; col < buckets.length; col++) {
      int slot = slot(buckets[col]);
      while (columns[slot] >= 0) {
        slot = (slot + 1) & mask;
      }
      keys[slot] = buckets[col];
      columns[slot] = col;
    }
  }

  /** The index of {@code buckets}, which must be strictly ascending (not copied; the caller must not change it). */
  public static BucketIndex of(int[] buckets) {
    return new BucketIndex(buckets);
  }

  /** The column of {@code bucket}, or -1 when the head has no weight for it. */
  int column(int bucket) {
    int slot = slot(bucket);
    int col;
    while ((col = columns[slot]) >= 0) {
      if (keys[slot] == bucket) {
        return col;
      }
      slot = (slot + 1) & mask;
    }
    return -1;
  }

  private int slot(int key) {
    return (key * 0x9E3779B9) >>> shift; // Fibonacci hashing: the product's top bits
  }
}
