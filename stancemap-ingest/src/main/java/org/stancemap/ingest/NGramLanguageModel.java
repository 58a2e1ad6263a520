package org.stancemap.ingest;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.function.IntPredicate;
import java.util.zip.CRC32;
import opennlp.tools.langdetect.Language;
import opennlp.tools.ml.maxent.GISModel;
import opennlp.tools.ml.model.Context;
import opennlp.tools.util.normalizer.TwitterCharSequenceNormalizer;
import opennlp.tools.util.normalizer.UrlCharSequenceNormalizer;
import org.stancemap.text.RegexChars;

/**
 * OpenNLP's language detector, evaluated without its per-call costs: the same normalisation, the same character
 * n-grams (1 to 3 characters of the lower-cased text, each distinct one counted once) and the same maximum-entropy
 * sums, but n-grams packed into {@code long}s and looked up in a primitive hash table, instead of a
 * {@code CharBuffer} per n-gram in two {@code HashMap}s and ten regular-expression passes per text.
 *
 * <p>Design decision: exactness comes first, so the fast path is narrow and everything else goes to OpenNLP.
 * <ul>
 *   <li>It takes texts without surrogate characters (so without emoji) whose lower case stays in the Basic
 *       Multilingual Plane; {@link #languages} returns {@code null} for anything else, and the caller asks
 *       OpenNLP.</li>
 *   <li>The URL and Twitter normalisers (URLs, e-mail addresses, hashtags, "RT", emoticons, "haha") run as OpenNLP
 *       runs them, but only when the text holds what their patterns need to match (see
 *       {@link #needsOpenNlpTwitter}); otherwise the URL normaliser cannot change it, and the Twitter normaliser
 *       can only remove emoticons, which {@link #faces} does.</li>
 *   <li>The emoji, number and whitespace/repetition normalisers are simple enough to be written out
 *       ({@link #emoji}: note what its pattern really matches, {@link #numbers}, {@link #shrink});
 *       {@code NGramLanguageModelTest} checks all of this against OpenNLP on seeded random texts built from the
 *       characters those patterns look at.</li>
 * </ul>
 * The one difference: OpenNLP adds the n-grams' weights in its hash map's order, this class in order of first
 * occurrence, so probabilities can differ in the last bits of a double (tests allow 1e-12); the language is the
 * same.
 */
final class NGramLanguageModel {
  private final String[] outcomes;
  private final double logPrior;
  /** Open-addressing table: packed n-gram (never 0) → predicate number (index into {@link #start}). */
  private final long[] keys;
  private final int[] slots;
  private final int mask;
  /** Predicate {@code i}'s weights are {@code weights[start[i] .. start[i + 1])}, for outcomes {@code outcomeIds}. */
  private final int[] start;
  private final short[] outcomeIds;
  private final double[] weights;
  /** Per thread: the call in which each predicate was last counted (distinct n-grams count once). */
  private final ThreadLocal<int[]> lastCounted;
  private final ThreadLocal<int[]> calls = ThreadLocal.withInitial(() -> new int[1]);

  NGramLanguageModel(GISModel gis) {
    Object[] data = gis.getDataStructures();
    @SuppressWarnings("unchecked")
    Map<String, Context> pmap = (Map<String, Context>) data[1];
    outcomes = ((String[]) data[2]).clone();
    logPrior = StrictMath.log(1.0 / outcomes.length); // OpenNLP's UniformPrior
    int usable = 0;
    for (String p : pmap.keySet()) {
      if (pack(p) != 0) {
        usable++;
      }
    }
    int capacity = Integer.highestOneBit(Math.max(16, usable)) << 1; // load 0.5 to 0.75, in 3 MB for the model
    keys = new long[capacity];
    slots = new int[capacity];
    mask = capacity - 1;
    start = new int[usable + 1];
    int total = 0;
    for (Map.Entry<String, Context> e : pmap.entrySet()) {
      if (pack(e.getKey()) != 0) {
        total += e.getValue().getOutcomes().length;
      }
    }
    outcomeIds = new short[total];
    weights = new double[total];
    int next = 0;
    int at = 0;
    for (Map.Entry<String, Context> e : pmap.entrySet()) {
      long key = pack(e.getKey());
      if (key == 0) {
        continue; // longer than three characters, or with surrogates: no n-gram of the fast path can be it
      }
      int slot = find(key);
      keys[slot] = key;
      slots[slot] = next;
      start[next] = at;
      int[] ids = e.getValue().getOutcomes();
      double[] w = e.getValue().getParameters();
      for (int k = 0; k < ids.length; k++) {
        outcomeIds[at] = (short) ids[k];
        weights[at++] = w[k];
      }
      start[++next] = at;
    }
    if (outcomes.length > Short.MAX_VALUE) {
      throw new IllegalArgumentException("a language model with " + outcomes.length + " outcomes");
    }
    int predicates = next;
    lastCounted = ThreadLocal.withInitial(() -> new int[predicates]);
  }

  private NGramLanguageModel(String[] outcomes, long[] keys, int[] slots, int[] start, short[] outcomeIds,
      double[] weights) {
    this.outcomes = outcomes;
    this.logPrior = StrictMath.log(1.0 / outcomes.length);
    this.keys = keys;
    this.slots = slots;
    this.mask = keys.length - 1;
    this.start = start;
    this.outcomeIds = outcomeIds;
    this.weights = weights;
    int predicates = start.length - 1;
    this.lastCounted = ThreadLocal.withInitial(() -> new int[predicates]);
  }

  /**
   * "SMLD" and the layout's version: a file of another layout is not read. Bump {@code LAYOUT} whenever the arrays
   * would come out differently from the same model (packing, hashing, table size), or old caches would be trusted.
   */
  private static final int MAGIC = 0x534d4c44;
  private static final int LAYOUT = 1;

  /**
   * The model's arrays as one block of bytes, for {@link #fromBytes}: magic, layout, the CRC-32 of everything
   * after it, then the outcomes and each array with its length.
   */
  byte[] toBytes() {
    int size = 16 + 4;
    byte[][] names = new byte[outcomes.length][];
    for (int i = 0; i < outcomes.length; i++) {
      names[i] = outcomes[i].getBytes(StandardCharsets.UTF_8);
      size += 4 + names[i].length;
    }
    size += 4 + keys.length * 8 + 4 + slots.length * 4 + 4 + start.length * 4 + 4 + outcomeIds.length * 2 + 4
        + weights.length * 8;
    ByteBuffer b = ByteBuffer.allocate(size);
    b.putInt(MAGIC).putInt(LAYOUT).putLong(0); // the CRC is filled in below
    b.putInt(outcomes.length);
    for (byte[] n : names) {
      b.putInt(n.length).put(n);
    }
    b.putInt(keys.length).asLongBuffer().put(keys);
    b.position(b.position() + keys.length * 8);
    b.putInt(slots.length).asIntBuffer().put(slots);
    b.position(b.position() + slots.length * 4);
    b.putInt(start.length).asIntBuffer().put(start);
    b.position(b.position() + start.length * 4);
    b.putInt(outcomeIds.length).asShortBuffer().put(outcomeIds);
    b.position(b.position() + outcomeIds.length * 2);
    b.putInt(weights.length).asDoubleBuffer().put(weights);
    CRC32 crc = new CRC32();
    crc.update(b.array(), 16, size - 16);
    b.putLong(8, crc.getValue());
    return b.array();
  }

  /**
   * The model {@link #toBytes} wrote.
   *
   * @throws IllegalArgumentException when the bytes are not such a model (another layout, a wrong checksum, a
   *     truncated or inconsistent block); the message says which
   */
  static NGramLanguageModel fromBytes(byte[] bytes) {
    try {
      ByteBuffer b = ByteBuffer.wrap(bytes);
      if (b.getInt() != MAGIC || b.getInt() != LAYOUT) {
        throw new IllegalArgumentException("not a language model cache of layout " + LAYOUT);
      }
      long want = b.getLong();
      CRC32 crc = new CRC32();
      crc.update(bytes, 16, bytes.length - 16);
      if (crc.getValue() != want) {
        throw new IllegalArgumentException("checksum mismatch (damaged or truncated)");
      }
      String[] outcomes = new String[b.getInt()];
      for (int i = 0; i < outcomes.length; i++) {
        byte[] n = new byte[b.getInt()];
        b.get(n);
        outcomes[i] = new String(n, StandardCharsets.UTF_8);
      }
      long[] keys = new long[b.getInt()];
      b.asLongBuffer().get(keys);
      b.position(b.position() + keys.length * 8);
      int[] slots = new int[b.getInt()];
      b.asIntBuffer().get(slots);
      b.position(b.position() + slots.length * 4);
      int[] start = new int[b.getInt()];
      b.asIntBuffer().get(start);
      b.position(b.position() + start.length * 4);
      short[] outcomeIds = new short[b.getInt()];
      b.asShortBuffer().get(outcomeIds);
      b.position(b.position() + outcomeIds.length * 2);
      double[] weights = new double[b.getInt()];
      b.asDoubleBuffer().get(weights);
      b.position(b.position() + weights.length * 8);
      if (b.hasRemaining() || outcomes.length == 0 || Integer.bitCount(keys.length) != 1
          || slots.length != keys.length || start.length < 1 || outcomeIds.length != weights.length
          || start[start.length - 1] != weights.length) {
        throw new IllegalArgumentException("inconsistent arrays");
      }
      return new NGramLanguageModel(outcomes, keys, slots, start, outcomeIds, weights);
    } catch (BufferUnderflowException | NegativeArraySizeException e) {
      throw new IllegalArgumentException("truncated", e);
    }
  }

  /** One to three non-surrogate characters packed with their count; 0 for anything else. */
  private static long pack(String s) {
    if (s.isEmpty() || s.length() > 3) {
      return 0;
    }
    long key = s.length();
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isSurrogate(c)) {
        return 0;
      }
      key = (key << 16) | c;
    }
    return key;
  }

  private int find(long key) {
    int at = (int) mix(key) & mask;
    while (keys[at] != 0 && keys[at] != key) {
      at = (at + 1) & mask;
    }
    return at;
  }

  private static long mix(long key) {
    long h = key * 0x9E3779B97F4A7C15L;
    return h ^ (h >>> 29);
  }

  /**
   * All languages with their probabilities, best first (ties in the model's outcome order, as OpenNLP's stable
   * sort leaves them), or {@code null} when the text is outside the fast path.
   */
  Language[] languages(CharSequence text) {
    double[] p = probabilities(text);
    if (p == null) {
      return null;
    }
    Language[] out = new Language[p.length];
    for (int i = 0; i < p.length; i++) {
      out[i] = new Language(outcomes[i], p[i]);
    }
    Arrays.sort(out, (a, b) -> Double.compare(b.getConfidence(), a.getConfidence()));
    return out;
  }

  /**
   * The most probable language, as OpenNLP picks it: the first of its probabilities sorted descending by
   * {@code Double.compare} (stable, so the first in outcome order on a tie, and a NaN, which an overflowing or
   * underflowing sum gives, first of all); {@code null} outside the fast path.
   *
   * <p>The probabilities are {@code exp(sum) / total}, which keeps the order of the sums. So when the largest sum
   * is moderate ({@code |s| <= 700}: no overflow, no underflow) and every other sum is more than 1e-9 below it (far
   * more than the rounding of {@code exp} and of the division), the largest sum's language is the answer without
   * 103 calls to {@code StrictMath.exp}; otherwise the probabilities are computed and compared as OpenNLP does.
   */
  String best(CharSequence text) {
    double[] sums = sums(text);
    if (sums == null) {
      return null;
    }
    int top = 0;
    for (int i = 1; i < sums.length; i++) {
      if (sums[i] > sums[top]) {
        top = i;
      }
    }
    boolean clear = Math.abs(sums[top]) <= 700;
    for (int i = 0; i < sums.length && clear; i++) {
      clear = i == top || sums[i] < sums[top] - 1e-9;
    }
    if (clear) {
      return outcomes[top];
    }
    double[] p = normalise(sums);
    int best = 0;
    for (int i = 1; i < p.length; i++) {
      if (Double.compare(p[i], p[best]) > 0) {
        best = i;
      }
    }
    return outcomes[best];
  }

  private double[] probabilities(CharSequence text) {
    double[] sums = sums(text);
    return sums == null ? null : normalise(sums);
  }

  /** OpenNLP's GIS evaluation from the sums: {@code exp}, then divided by their total. */
  private static double[] normalise(double[] sums) {
    double normal = 0;
    for (int o = 0; o < sums.length; o++) {
      sums[o] = StrictMath.exp(sums[o]);
      normal += sums[o];
    }
    for (int o = 0; o < sums.length; o++) {
      sums[o] /= normal;
    }
    return sums;
  }

  /** The uniform log prior plus the weights of the text's distinct n-grams, per outcome. */
  private double[] sums(CharSequence text) {
    for (int i = 0; i < text.length(); i++) {
      if (Character.isSurrogate(text.charAt(i))) {
        return null;
      }
    }
    char[] t = lowerCase(normalise(text.toString()));
    if (t == null) {
      return null;
    }
    double[] sums = new double[outcomes.length];
    Arrays.fill(sums, logPrior);
    int[] counted = lastCounted.get();
    int[] call = calls.get();
    if (++call[0] == Integer.MAX_VALUE) {
      Arrays.fill(counted, 0);
      call[0] = 1;
    }
    int now = call[0];
    int n = t.length;
    for (int len = 1; len <= 3; len++) {
      for (int from = 0; from + len <= n; from++) {
        long key = len;
        for (int k = from; k < from + len; k++) {
          key = (key << 16) | t[k];
        }
        int at = find(key);
        if (keys[at] == 0) {
          continue; // an n-gram the model has no weights for adds nothing, as in OpenNLP
        }
        int slot = slots[at];
        if (counted[slot] == now) {
          continue; // each distinct n-gram once, as OpenNLP's set of n-grams counts it
        }
        counted[slot] = now;
        for (int a = start[slot]; a < start[slot + 1]; a++) {
          sums[outcomeIds[a]] += weights[a];
        }
      }
    }
    return sums;
  }

  /** {@code Character.toLowerCase} per character, or {@code null} if one leaves the Basic Multilingual Plane. */
  private static char[] lowerCase(String s) {
    char[] out = new char[s.length()];
    for (int i = 0; i < out.length; i++) {
      int lower = Character.toLowerCase((int) s.charAt(i));
      if (lower > 0xFFFF || Character.isSurrogate((char) lower)) {
        return null;
      }
      out[i] = (char) lower;
    }
    return out;
  }

  /**
   * OpenNLP's language-detector normalisation (emoji, URL, Twitter, number, shrink, in that order) of a text without
   * surrogate characters.
   */
  static String normalise(String text) {
    String s = emoji(text);
    if (s.indexOf('@') >= 0 || s.contains("http")) {
      s = UrlCharSequenceNormalizer.getInstance().normalize(s).toString();
    }
    s = needsOpenNlpTwitter(s) ? TwitterCharSequenceNormalizer.getInstance().normalize(s).toString() : faces(s);
    return shrink(numbers(s));
  }

  /**
   * Whether the Twitter normaliser could do more than remove emoticons: {@code #} or {@code @} (hashtags and users);
   * "rt" followed by a space or colon where no ASCII word character precedes it ({@code \brt[ :]}, read so loosely
   * that it covers both the older Unicode and the newer ASCII meaning of {@code \b}); or a laugh, h or j, vowels,
   * the same letter, a vowel ({@code ([hj])+([aieou])+(\1+\2+)+}). All ignore ASCII case, as the patterns do.
   * Removing emoticons (they become spaces) cannot create a laugh, so when this is false the normaliser's whole
   * effect is {@link #faces}.
   */
  static boolean needsOpenNlpTwitter(String s) {
    int n = s.length();
    for (int i = 0; i < n; i++) {
      char l = asciiLower(s.charAt(i));
      switch (l) {
        case '#', '@' -> {
          return true;
        }
        case 'r' -> {
          if (i + 2 < n && asciiLower(s.charAt(i + 1)) == 't' && (s.charAt(i + 2) == ' ' || s.charAt(i + 2) == ':')
              && (i == 0 || !RegexChars.isAsciiWord(s.charAt(i - 1)))) {
            return true;
          }
        }
        case 'h', 'j' -> {
          int k = i + 1;
          while (k < n && vowel(s.charAt(k))) {
            k++;
          }
          if (k > i + 1 && k + 1 < n && asciiLower(s.charAt(k)) == l && vowel(s.charAt(k + 1))) {
            return true;
          }
        }
        default -> { }
      }
    }
    return false;
  }

  /**
   * The Twitter normaliser's emoticon step, {@code [:;x]-?[()dop]} ignoring ASCII case: eyes, an optional nose and a
   * mouth become one space, leftmost first. (English text meets it mostly as the "xp" of "expect".)
   */
  static String faces(String s) {
    StringBuilder out = null;
    int n = s.length();
    int copied = 0;
    for (int i = 0; i < n; i++) {
      char c = asciiLower(s.charAt(i));
      if (c != ':' && c != ';' && c != 'x') {
        continue;
      }
      int end = -1;
      if (i + 2 < n && s.charAt(i + 1) == '-' && mouth(s.charAt(i + 2))) {
        end = i + 3;
      } else if (i + 1 < n && mouth(s.charAt(i + 1))) {
        end = i + 2;
      }
      if (end > 0) {
        if (out == null) {
          out = new StringBuilder(n);
        }
        out.append(s, copied, i).append(' ');
        copied = end;
        i = end - 1;
      }
    }
    return out == null ? s : out.append(s, copied, n).toString();
  }

  private static boolean mouth(char c) {
    return "()dop".indexOf(asciiLower(c)) >= 0;
  }

  private static char asciiLower(char c) {
    return c >= 'A' && c <= 'Z' ? (char) (c + 32) : c;
  }

  private static boolean vowel(char c) {
    return "aeiou".indexOf(asciiLower(c)) >= 0;
  }

  /**
   * The emoji normaliser on a text without surrogates. Its pattern is written as the class
   * {@code [\uD83C-\uDBFF\uDC00-\uDFFF]}, but Java's parser joins the escaped surrogate pair in the middle into one
   * code point, U+10FC00, so the class is the range U+D83C to U+10FC00, a hyphen, and U+DFFF. Without surrogates that
   * leaves every character from U+E000 up (private use, CJK compatibility, full-width forms such as "，", U+FFFD)
   * and the ASCII hyphen: each run of them becomes one space.
   */
  static String emoji(String s) {
    return runsToSpace(s, c -> c == '-' || c >= 0xE000);
  }

  /** The number normaliser: every run of ASCII digits ({@code \d+}) becomes one space. */
  static String numbers(String s) {
    return runsToSpace(s, c -> c >= '0' && c <= '9');
  }

  /** {@code s} with every run of characters in {@code set} replaced by one space. */
  private static String runsToSpace(String s, IntPredicate set) {
    int first = 0;
    while (first < s.length() && !set.test(s.charAt(first))) {
      first++;
    }
    if (first == s.length()) {
      return s;
    }
    StringBuilder out = new StringBuilder(s.length());
    out.append(s, 0, first);
    for (int i = first; i < s.length(); ) {
      if (set.test(s.charAt(i))) {
        while (i < s.length() && set.test(s.charAt(i))) {
          i++;
        }
        out.append(' ');
      } else {
        out.append(s.charAt(i++));
      }
    }
    return out.toString();
  }

  /**
   * The shrink normaliser: runs of two or more ASCII whitespace characters ({@code \s{2,}}) become one space;
   * then a character repeated three or more times ({@code (.)\1{2,}}, ignoring ASCII case, line terminators never
   * counted) is kept twice, as first written; then the result is trimmed.
   */
  static String shrink(String s) {
    StringBuilder spaced = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); ) {
      int j = i;
      while (j < s.length() && RegexChars.isSpace(s.charAt(j))) {
        j++;
      }
      if (j - i >= 2) {
        spaced.append(' ');
        i = j;
      } else {
        spaced.append(s.charAt(i++));
      }
    }
    StringBuilder out = new StringBuilder(spaced.length());
    for (int i = 0; i < spaced.length(); ) {
      char c = spaced.charAt(i);
      int j = i + 1;
      if (!lineTerminator(c)) {
        char lower = asciiLower(c);
        while (j < spaced.length() && asciiLower(spaced.charAt(j)) == lower) {
          j++;
        }
      }
      if (j - i >= 3) {
        out.append(c).append(c);
        i = j;
      } else {
        out.append(c);
        i++;
      }
    }
    return out.toString().trim();
  }

  private static boolean lineTerminator(char c) {
    return c == '\n' || c == '\r' || c == '\u0085' || c == '\u2028' || c == '\u2029';
  }
}
