package org.stancemap.model;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.regex.Pattern;

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
    if (words.length == 0) {
      return Sparse.EMPTY;
    }
    int[] buckets = new int[2 * words.length];
    int prev = AFTER_START;
    for (int i = 0; i < words.length; i++) {
      byte[] w = words[i].getBytes(StandardCharsets.UTF_8);
      int unigram = fnv(FNV_START, w);
      buckets[2 * i] = unigram >>> (32 - bits);
      // FNV-1a runs byte by byte, so the bigram "prev w" continues the previous word's state with a space and w
      buckets[2 * i + 1] = fnv(step(prev, (byte) ' '), w) >>> (32 - bits);
      prev = unigram;
    }
    Arrays.sort(buckets);
    int n = 0;
    for (int i = 0; i < buckets.length; i++) {
      if (i == 0 || buckets[i] != buckets[i - 1]) {
        buckets[n++] = buckets[i];
      }
    }
    int[] idx = Arrays.copyOf(buckets, n);
    float[] val = new float[n];
    Arrays.fill(val, (float) (1.0 / Math.sqrt(n)));
    return new Sparse(idx, val);
  }

  private static final int FNV_START = 0x811c9dc5;
  /** The FNV-1a state after the sentence-start token {@code <s>}, which every first bigram continues. */
  private static final int AFTER_START = fnv(FNV_START, "<s>".getBytes(StandardCharsets.UTF_8));

  private static int fnv(int h, byte[] bytes) {
    for (byte b : bytes) {
      h = step(h, b);
    }
    return h;
  }

  private static int step(int h, byte b) {
    return (h ^ (b & 0xff)) * 0x01000193;
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

  private static final Pattern SEPARATOR = Pattern.compile("[^\\p{L}\\p{N}'-]+");
  private static final Pattern EDGE = Pattern.compile("^['-]+|['-]+$");

  /** The bucket of one token: FNV-1a over its UTF-8 bytes (stable across JVMs, unlike String.hashCode). */
  int bucket(String token) {
    return fnv(FNV_START, token.getBytes(StandardCharsets.UTF_8)) >>> (32 - bits);
  }
}
