package org.stancemap.ingest;

import java.util.Arrays;
import java.util.Map;
import opennlp.tools.langdetect.Language;
import opennlp.tools.ml.maxent.GISModel;
import opennlp.tools.ml.model.Context;
import opennlp.tools.util.normalizer.TwitterCharSequenceNormalizer;
import opennlp.tools.util.normalizer.UrlCharSequenceNormalizer;

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
 *       runs them, but only when the text holds what any of their patterns needs to match (see
 *       {@link #mayMatchTwitter}); otherwise they cannot change it and are skipped.</li>
 *   <li>The emoji, number and whitespace/repetition normalisers are simple enough to be written out
 *       ({@link #emoji}: note what its pattern really matches, {@link #numbers}, {@link #shrink}); {@code NGramLanguageModelTest} checks all of this against OpenNLP on seeded random texts
 *       built from the characters those patterns look at.</li>
 * </ul>
 * The one difference: OpenNLP adds the n-grams' weights in its hash map's order, this class in order of first
 * occurrence, so probabilities can differ in the last bits of a double (tests allow 1e-12); the language is the
 * same.
 */
final class NGramLanguageModel {
  private final String[] outcomes;
  private final double logPrior;
  /** Open-addressing table: packed n-gram (never 0) → index into {@link #outcomeIds} and {@link #weights}. */
  private final long[] keys;
  private final int[] slots;
  private final int mask;
  private final int[][] outcomeIds;
  private final double[][] weights;

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
    outcomeIds = new int[usable][];
    weights = new double[usable][];
    int next = 0;
    for (Map.Entry<String, Context> e : pmap.entrySet()) {
      long key = pack(e.getKey());
      if (key == 0) {
        continue; // longer than three characters, or with surrogates: no n-gram of the fast path can be it
      }
      int at = find(key);
      keys[at] = key;
      slots[at] = next;
      outcomeIds[next] = e.getValue().getOutcomes();
      weights[next] = e.getValue().getParameters();
      next++;
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

  /** The most probable language (the first in outcome order on a tie), or {@code null} outside the fast path. */
  String best(CharSequence text) {
    double[] p = probabilities(text);
    if (p == null) {
      return null;
    }
    int best = 0;
    for (int i = 1; i < p.length; i++) {
      if (p[i] > p[best]) {
        best = i;
      }
    }
    return outcomes[best];
  }

  private double[] probabilities(CharSequence text) {
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
    int n = t.length;
    // Distinct n-grams of this text: a small open-addressing set of packed keys.
    int capacity = Integer.highestOneBit(Math.max(16, 3 * n)) << 1;
    long[] seen = new long[capacity];
    int seenMask = capacity - 1;
    for (int len = 1; len <= 3; len++) {
      for (int start = 0; start + len <= n; start++) {
        long key = len;
        for (int k = start; k < start + len; k++) {
          key = (key << 16) | t[k];
        }
        int s = (int) mix(key) & seenMask;
        while (seen[s] != 0 && seen[s] != key) {
          s = (s + 1) & seenMask;
        }
        if (seen[s] == key) {
          continue;
        }
        seen[s] = key;
        int at = find(key);
        if (keys[at] == 0) {
          continue; // an n-gram the model has no weights for adds nothing, as in OpenNLP
        }
        int slot = slots[at];
        int[] ids = outcomeIds[slot];
        double[] w = weights[slot];
        for (int a = 0; a < ids.length; a++) {
          sums[ids[a]] += w[a];
        }
      }
    }
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
    if (mayMatchTwitter(s)) {
      s = TwitterCharSequenceNormalizer.getInstance().normalize(s).toString();
    }
    return shrink(numbers(s));
  }

  /**
   * Whether any of the Twitter normaliser's patterns could match: {@code #} or {@code @} (hashtags and users);
   * "rt" followed by a space or colon where no ASCII word character precedes it ({@code \brt[ :]}, read so loosely
   * that it covers both the older Unicode and the newer ASCII meaning of {@code \b}); an emoticon's eyes followed by
   * a nose or mouth ({@code [:;x]-?[()dop]}); and a laugh, h or j, vowels, the same letter, a vowel
   * ({@code ([hj])+([aieou])+(\1+\2+)+}). All ignore ASCII case, as the patterns do. False means no pattern can
   * match; true only means one might.
   */
  static boolean mayMatchTwitter(String s) {
    int n = s.length();
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      char l = asciiLower(c);
      switch (l) {
        case '#', '@' -> {
          return true;
        }
        case 'r' -> {
          if (i + 2 < n && asciiLower(s.charAt(i + 1)) == 't' && (s.charAt(i + 2) == ' ' || s.charAt(i + 2) == ':')
              && (i == 0 || !asciiWord(s.charAt(i - 1)))) {
            return true;
          }
        }
        case ':', ';', 'x' -> {
          if (i + 1 < n && "-()dop".indexOf(asciiLower(s.charAt(i + 1))) >= 0) {
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

  private static char asciiLower(char c) {
    return c >= 'A' && c <= 'Z' ? (char) (c + 32) : c;
  }

  private static boolean asciiWord(char c) {
    return c < 128 && (Character.isLetterOrDigit(c) || c == '_');
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
    int first = 0;
    while (first < s.length() && !emojiClass(s.charAt(first))) {
      first++;
    }
    if (first == s.length()) {
      return s;
    }
    StringBuilder out = new StringBuilder(s.length());
    out.append(s, 0, first);
    for (int i = first; i < s.length(); ) {
      if (emojiClass(s.charAt(i))) {
        while (i < s.length() && emojiClass(s.charAt(i))) {
          i++;
        }
        out.append(' ');
      } else {
        out.append(s.charAt(i++));
      }
    }
    return out.toString();
  }

  private static boolean emojiClass(char c) {
    return c == '-' || c >= 0xE000;
  }

  /** The number normaliser: every run of ASCII digits ({@code \d+}) becomes one space. */
  static String numbers(String s) {
    int first = 0;
    while (first < s.length() && !digit(s.charAt(first))) {
      first++;
    }
    if (first == s.length()) {
      return s;
    }
    StringBuilder out = new StringBuilder(s.length());
    out.append(s, 0, first);
    for (int i = first; i < s.length(); ) {
      if (digit(s.charAt(i))) {
        while (i < s.length() && digit(s.charAt(i))) {
          i++;
        }
        out.append(' ');
      } else {
        out.append(s.charAt(i++));
      }
    }
    return out.toString();
  }

  private static boolean digit(char c) {
    return c >= '0' && c <= '9';
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
      while (j < s.length() && space(s.charAt(j))) {
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

  private static boolean space(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == 0x0B || c == '\f' || c == '\r';
  }

  private static boolean lineTerminator(char c) {
    return c == '\n' || c == '\r' || c == '\u0085' || c == '\u2028' || c == '\u2029';
  }
}
