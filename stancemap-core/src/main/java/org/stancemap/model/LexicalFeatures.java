package org.stancemap.model;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.TreeMap;

/**
 * Sparse bag-of-n-grams features hashed into {@code 2^bits} buckets: lower-cased word unigrams and bigrams, binary
 * counts, L2-normalised. They give the classifier heads the exact words ("Nazi", "tankies", "self-determination")
 * that sentence embeddings blur. Stateless and thread-safe.
 */
public final class LexicalFeatures {
  private final int bits;

  public LexicalFeatures(int bits) {
    if (bits < 8 || bits > 24) {
      throw new IllegalArgumentException("bits must lie in [8, 24]: bits=" + bits);
    }
    this.bits = bits;
  }

  public int bits() {
    return bits;
  }

  public int dimension() {
    return 1 << bits;
  }

  /** Sparse feature vector: sorted bucket indices and their values. */
  public record Sparse(int[] index, float[] value) {
    public static final Sparse EMPTY = new Sparse(new int[0], new float[0]);
  }

  public Sparse features(String text) {
    String[] words = words(text);
    TreeMap<Integer, Float> counts = new TreeMap<>();
    String prev = "<s>";
    for (String w : words) {
      counts.put(bucket(w), 1f);
      counts.put(bucket(prev + " " + w), 1f);
      prev = w;
    }
    if (counts.isEmpty()) {
      return Sparse.EMPTY;
    }
    int[] idx = new int[counts.size()];
    float[] val = new float[counts.size()];
    float norm = (float) (1.0 / Math.sqrt(counts.size()));
    int i = 0;
    for (var e : counts.entrySet()) {
      idx[i] = e.getKey();
      val[i] = e.getValue() * norm;
      i++;
    }
    return new Sparse(idx, val);
  }

  /** Lower-cased words: letters and digits, with inner apostrophes and hyphens kept ("pro-russian", "putin's"). */
  static String[] words(String text) {
    String lower = text.toLowerCase(Locale.ROOT).replace('’', '\'');
    String[] raw = SEPARATOR.split(lower);
    return Arrays.stream(raw)
        .map(w -> EDGE.matcher(w).replaceAll(""))
        .map(w -> w.endsWith("'s") ? w.substring(0, w.length() - 2) : w)
        .filter(w -> !w.isEmpty())
        .toArray(String[]::new);
  }

  private static final java.util.regex.Pattern SEPARATOR = java.util.regex.Pattern.compile("[^\\p{L}\\p{N}'-]+");
  private static final java.util.regex.Pattern EDGE = java.util.regex.Pattern.compile("^['-]+|['-]+$");

  private int bucket(String token) {
    // FNV-1a over UTF-8: stable across JVMs, unlike String.hashCode's use in maps.
    int h = 0x811c9dc5;
    for (byte b : token.getBytes(StandardCharsets.UTF_8)) {
      h ^= b & 0xff;
      h *= 0x01000193;
    }
    return h >>> (32 - bits);
  }
}
