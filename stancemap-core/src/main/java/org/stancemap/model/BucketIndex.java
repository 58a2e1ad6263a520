package org.stancemap.model;

/**
 * The column of each lexical bucket a head has weights for: an open-addressing hash table over a head's strictly
 * ascending {@code buckets}, built with the head and shared by its copies ({@link Head#withTemperature},
 * {@link Head#withBiasOffset}). It replaces a binary search per feature and head, which a profile of
 * {@code stancemap bench} showed as the largest cost of the heads: a sentence has a few hundred n-gram features,
 * and each of seven heads looked every one up in a few thousand buckets. Immutable and thread-safe.
 *
 * <p>Design decision: the heads' tables are large (tens of thousands of buckets), so each lookup is a cache miss
 * or several. Each slot keeps its bucket and column side by side, and {@link #weights} holds a copy of the head's
 * sparse weights by column (all classes of one bucket together) rather than by class: one feature then touches two
 * cache lines instead of two plus one per class.
 */
public final class BucketIndex {

  /** Slot {@code s} holds its bucket at {@code 2s} and its column at {@code 2s + 1} (-1: empty). */
  private final int[] table;
  private final int mask;
  private final int shift;
  private final int classes;
  private final float[] weights;

  private BucketIndex(int[] buckets, float[][] sparse) {
    int capacity = Integer.highestOneBit(Math.max(4, buckets.length * 2 + 1)) << 1;
    table = new int[2 * capacity];
    mask = capacity - 1;
    shift = 32 - Integer.numberOfTrailingZeros(capacity);
    for (int s = 0; s < capacity; s++) {
      table[2 * s + 1] = -1;
    }
    for (int col = 0; col < buckets.length; col++) {
      int slot = slot(buckets[col]);
      while (table[2 * slot + 1] >= 0) {
        slot = (slot + 1) & mask;
      }
      table[2 * slot] = buckets[col];
      table[2 * slot + 1] = col;
    }
    classes = sparse.length;
    weights = new float[classes * buckets.length];
    for (int c = 0; c < classes; c++) {
      if (sparse[c].length != buckets.length) {
        throw new IllegalArgumentException("sparse weights of class " + c + ": " + sparse[c].length + " for "
            + buckets.length + " buckets; a head needs one weight per bucket and class");
      }
      for (int col = 0; col < buckets.length; col++) {
        weights[col * classes + c] = sparse[c][col];
      }
    }
  }

  /**
   * The index of {@code buckets}, which must be strictly ascending (not copied; the caller must not change it), with
   * a by-column copy of {@code sparse} (per class, one weight per bucket).
   */
  public static BucketIndex of(int[] buckets, float[][] sparse) {
    return new BucketIndex(buckets, sparse);
  }

  /** The column of {@code bucket}, or -1 when the head has no weight for it. */
  int column(int bucket) {
    int slot = slot(bucket);
    int col;
    while ((col = table[2 * slot + 1]) >= 0) {
      if (table[2 * slot] == bucket) {
        return col;
      }
      slot = (slot + 1) & mask;
    }
    return -1;
  }

  /** The weight of class {@code c} at {@code column}. */
  float weight(int column, int c) {
    return weights[column * classes + c];
  }

  /** How many classes' weights the index holds. */
  int classes() {
    return classes;
  }

  private int slot(int key) {
    return (key * 0x9E3779B9) >>> shift; // Fibonacci hashing: the product's top bits
  }
}
