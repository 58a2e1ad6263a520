package org.stancemap.model;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * TF-IDF features learned from training texts, for heads trained on coded data: hashed word uni- and bigrams,
 * character n-grams inside words (with word-boundary marks, {@code charMin..charMax}), and target-window words (each
 * word within {@code targetWindow} words of a mention of a target, marked with that target, plus one indicator per
 * target named). Term frequencies are sublinear ({@code 1 + ln tf}), multiplied by the inverse document frequency
 * {@code ln((1 + N) / (1 + df)) + 1} learned on the training texts, and each of the three blocks is L2-normalised on
 * its own. Only buckets that occur in at least {@code minDf} training texts are kept; the others are dropped at
 * inference too. Immutable and thread-safe.
 *
 * @param bits hash space of 2^bits buckets
 * @param charMin shortest character n-gram (0: no character n-grams)
 * @param charMax longest character n-gram
 * @param targetWindow words either side of a target mention that get a target-marked feature (0: none)
 * @param targets per target id, the lower-cased words that name it (matched as word prefixes)
 * @param buckets kept buckets, strictly ascending
 * @param idf inverse document frequency of each kept bucket
 */
public record TfIdfFeatures(int bits, int charMin, int charMax, int targetWindow, Map<String, List<String>> targets,
    int[] buckets, float[] idf) {

  /** How features are extracted, before any vocabulary is learned. */
  public record Config(int bits, int charMin, int charMax, int targetWindow, int minDf) {
    public Config {
      if (bits < 8 || bits > 24) {
        throw new IllegalArgumentException("bits must lie in [8, 24]: " + bits);
      }
      if (charMin < 0 || charMin > charMax || charMax > 10) {
        throw new IllegalArgumentException("character n-grams need 0 <= min <= max <= 10 (min 0 for none): "
            + charMin + ".." + charMax);
      }
      if (targetWindow < 0) {
        throw new IllegalArgumentException("target window must be at least 0: " + targetWindow);
      }
      if (minDf < 1) {
        throw new IllegalArgumentException("minimum document frequency must be at least 1: " + minDf);
      }
    }

    public static Config defaults() {
      return new Config(20, 3, 5, 4, 2);
    }
  }

  public TfIdfFeatures {
    Map<String, List<String>> t = new LinkedHashMap<>();
    new TreeMap<>(targets).forEach((k, v) -> t.put(k, List.copyOf(v)));
    targets = Collections.unmodifiableMap(t);
    if (buckets.length != idf.length) {
      throw new IllegalArgumentException("tfidf: " + buckets.length + " buckets but " + idf.length + " idf values");
    }
    for (int i = 1; i < buckets.length; i++) {
      if (buckets[i] <= buckets[i - 1]) {
        throw new IllegalArgumentException("tfidf: buckets must be strictly ascending");
      }
    }
  }

  /** Learns the kept buckets and their idf from {@code texts}. */
  public static TfIdfFeatures learn(List<String> texts, Config c, Map<String, List<String>> targets) {
    TfIdfFeatures raw = new TfIdfFeatures(c.bits(), c.charMin(), c.charMax(), c.targetWindow(), targets, new int[0],
        new float[0]);
    Map<Integer, Integer> df = new HashMap<>();
    for (String t : texts) {
      for (int[] block : raw.counts(t)) {
        for (int i = 0; i < block.length; i += 2) {
          df.merge(block[i], 1, Integer::sum);
        }
      }
    }
    int n = texts.size();
    int[] kept = df.entrySet().stream().filter(e -> e.getValue() >= c.minDf()).mapToInt(Map.Entry::getKey).sorted()
        .toArray();
    float[] idf = new float[kept.length];
    for (int i = 0; i < kept.length; i++) {
      idf[i] = (float) (Math.log((1.0 + n) / (1.0 + df.get(kept[i]))) + 1);
    }
    return new TfIdfFeatures(c.bits(), c.charMin(), c.charMax(), c.targetWindow(), targets, kept, idf);
  }

  /** The features of {@code text}: sorted bucket indices and values. */
  public LexicalFeatures.Sparse features(String text) {
    // Several heads of one model share this instance (ModelFile) and ask for the same sentence in a row.
    Object[] last = LAST.get();
    if (last[0] == this && last[1] == text) {
      return (LexicalFeatures.Sparse) last[2];
    }
    LexicalFeatures.Sparse out = compute(text);
    last[0] = this;
    last[1] = text;
    last[2] = out;
    return out;
  }

  /** This thread's last call of {@link #features}: instance, text (compared by identity), result. */
  private static final ThreadLocal<Object[]> LAST = ThreadLocal.withInitial(() -> new Object[3]);

  private LexicalFeatures.Sparse compute(String text) {
    TreeMap<Integer, Float> out = new TreeMap<>();
    for (int[] block : counts(text)) {
      List<int[]> kept = new ArrayList<>();
      double norm = 0;
      for (int i = 0; i < block.length; i += 2) {
        int at = Arrays.binarySearch(buckets, block[i]);
        if (at < 0) {
          continue;
        }
        double v = (1 + Math.log(block[i + 1])) * idf[at];
        norm += v * v;
        kept.add(new int[] {block[i], Float.floatToIntBits((float) v)});
      }
      double s = norm == 0 ? 0 : 1 / Math.sqrt(norm);
      for (int[] k : kept) {
        out.merge(k[0], (float) (Float.intBitsToFloat(k[1]) * s), Float::sum);
      }
    }
    int[] idx = new int[out.size()];
    float[] val = new float[out.size()];
    int i = 0;
    for (var e : out.entrySet()) {
      idx[i] = e.getKey();
      val[i] = e.getValue();
      i++;
    }
    return new LexicalFeatures.Sparse(idx, val);
  }

  /** Per block (words, characters, target window): flattened (bucket, count) pairs, buckets ascending. */
  private List<int[]> counts(String text) {
    String[] words = LexicalFeatures.words(text);
    TreeMap<Integer, Integer> w = new TreeMap<>();
    String prev = "<s>";
    for (String x : words) {
      w.merge(bucket("w", x), 1, Integer::sum);
      w.merge(bucket("b", prev + " " + x), 1, Integer::sum);
      prev = x;
    }
    TreeMap<Integer, Integer> ch = new TreeMap<>();
    if (charMin > 0) {
      for (String x : words) {
        String padded = " " + x + " ";
        int[] cps = padded.codePoints().toArray();
        for (int len = charMin; len <= charMax; len++) {
          for (int i = 0; i + len <= cps.length; i++) {
            ch.merge(bucket("c", new String(cps, i, len)), 1, Integer::sum);
          }
        }
      }
    }
    TreeMap<Integer, Integer> tw = new TreeMap<>();
    if (targetWindow > 0 && !targets.isEmpty()) {
      String[] mark = new String[words.length];
      for (int i = 0; i < words.length; i++) {
        mark[i] = targetOf(words[i]);
      }
      for (int i = 0; i < words.length; i++) {
        if (mark[i] == null) {
          continue;
        }
        tw.merge(bucket("t", mark[i]), 1, Integer::sum);
        for (int j = Math.max(0, i - targetWindow); j < Math.min(words.length, i + targetWindow + 1); j++) {
          if (j != i && mark[j] == null) {
            tw.merge(bucket("n", mark[i] + (j < i ? "<" : ">") + words[j]), 1, Integer::sum);
          }
        }
      }
    }
    return List.of(flat(w), flat(ch), flat(tw));
  }

  private String targetOf(String word) {
    for (var e : targets.entrySet()) {
      for (String p : e.getValue()) {
        if (word.startsWith(p)) {
          return e.getKey();
        }
      }
    }
    return null;
  }

  private static int[] flat(TreeMap<Integer, Integer> m) {
    int[] out = new int[m.size() * 2];
    int i = 0;
    for (var e : m.entrySet()) {
      out[i++] = e.getKey();
      out[i++] = e.getValue();
    }
    return out;
  }

  private int bucket(String kind, String token) {
    int h = 0x811c9dc5;
    for (byte b : (kind + ":" + token).getBytes(StandardCharsets.UTF_8)) {
      h ^= b & 0xff;
      h *= 0x01000193;
    }
    return h >>> (32 - bits);
  }

  /**
   * The single words that name each target of a codebook (its id, name and one-word aliases, lower-cased, possessive
   * removed), for the target-window features.
   */
  public static Map<String, List<String>> targetWords(org.stancemap.codebook.Codebook cb) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    for (var t : cb.targets()) {
      TreeSet<String> ws = new TreeSet<>();
      List<String> names = new ArrayList<>(t.aliases());
      names.add(t.id());
      for (String a : names) {
        String[] parts = LexicalFeatures.words(a);
        if (parts.length == 1 && parts[0].length() >= 3) {
          ws.add(parts[0].toLowerCase(Locale.ROOT));
        }
      }
      out.put(t.id(), List.copyOf(ws));
    }
    return out;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TfIdfFeatures f && bits == f.bits && charMin == f.charMin && charMax == f.charMax
        && targetWindow == f.targetWindow && targets.equals(f.targets) && Arrays.equals(buckets, f.buckets)
        && Arrays.equals(idf, f.idf);
  }

  @Override
  public int hashCode() {
    return Objects.hash(bits, charMin, charMax, targetWindow, targets, Arrays.hashCode(buckets),
        Arrays.hashCode(idf));
  }

  @Override
  public String toString() {
    return "TfIdfFeatures[bits=" + bits + ", chars=" + charMin + ".." + charMax + ", targetWindow=" + targetWindow
        + ", buckets=" + buckets.length + "]";
  }
}
