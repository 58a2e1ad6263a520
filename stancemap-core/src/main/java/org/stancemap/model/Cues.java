package org.stancemap.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.stancemap.codebook.Label;
import org.stancemap.text.CharTrie;
import org.stancemap.text.Span;

/**
 * Word-prefix cue matching shared by the polarity and label-cue features: a cue is one or more words, all matched
 * exactly but the last, which is matched as a prefix ("fascis" matches "fascist" and "fascism").
 */
public final class Cues {
  private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}'’-]+");
  static final double CAP = 2.0;

  private Cues() {}

  /** Lower-cased words of {@code text} and their spans. */
  record Words(List<String> words, List<Span> spans) {}

  static Words words(String text) {
    List<String> words = new ArrayList<>();
    List<Span> spans = new ArrayList<>();
    Matcher m = WORD.matcher(text);
    while (m.find()) {
      words.add(m.group().toLowerCase(Locale.ROOT).replace('’', '\''));
      spans.add(new Span(m.start(), m.end()));
    }
    return new Words(words, spans);
  }

  private static final Pattern SPACE = Pattern.compile("\\s+");

  /** Cues split into lower-cased words, once, by whoever holds them. */
  static String[][] compile(List<String> cues) {
    return cues.stream().map(c -> SPACE.split(c.toLowerCase(Locale.ROOT).replace('’', '\'').strip()))
        .toArray(String[][]::new);
  }

  /** Whether one of {@code cues} starts at word {@code i}. */
  static boolean at(List<String> words, int i, String[][] cues) {
    for (String[] parts : cues) {
      if (i + parts.length > words.size()) {
        continue;
      }
      boolean ok = true;
      for (int k = 0; k < parts.length && ok; k++) {
        String w = words.get(i + k);
        ok = k == parts.length - 1 ? w.startsWith(parts[k]) : w.equals(parts[k]);
      }
      if (ok) {
        return true;
      }
    }
    return false;
  }

  /** The cues of each label, compiled. */
  static String[][][] compileLabels(List<Label> labels) {
    return labels.stream().map(l -> compile(l.cues())).toArray(String[][][]::new);
  }

  /** One feature per label: the number of its cues in {@code text}, capped at {@value #CAP}, scaled to [0, 1]. */
  static float[] labelFeatures(String text, String[][][] labels) {
    return labelFeatures(words(text), labels);
  }

  static float[] labelFeatures(Words w, String[][][] labels) {
    float[] f = new float[labels.length];
    for (int l = 0; l < labels.length; l++) {
      String[][] cues = labels[l];
      if (cues.length == 0) {
        continue;
      }
      int n = 0;
      for (int i = 0; i < w.words().size(); i++) {
        if (at(w.words(), i, cues)) {
          n++;
        }
      }
      f[l] = (float) (Math.min(n, CAP) / CAP);
    }
    return f;
  }

  /**
   * The cues of several labels in one character trie, for {@link #features}: the same values as
   * {@link #labelFeatures(Words, String[][][])} with one walk per word instead of a comparison per cue and word. A
   * cue's words joined by single spaces are a prefix of the text's words from {@code i} joined the same way exactly
   * when the cue starts at word {@code i} (whole words but the last, which is a prefix), since neither holds spaces.
   * Immutable and thread-safe.
   */
  static final class LabelIndex {
    private final int labels;
    /** Each cue's words joined by single spaces; a node's values are the labels whose cue ends there. */
    private final CharTrie root = new CharTrie();

    LabelIndex(String[][][] cues) {
      this.labels = cues.length;
      for (int l = 0; l < cues.length; l++) {
        for (String[] parts : cues[l]) {
          root.path(String.join(" ", parts)).add(l);
        }
      }
    }

    /** One feature per label: at how many words one of its cues starts, capped at {@value #CAP}, in [0, 1]. */
    float[] features(Words w) {
      int[] count = new int[labels];
      int[] lastAt = new int[labels];
      Arrays.fill(lastAt, -1);
      List<String> words = w.words();
      for (int i = 0; i < words.size(); i++) {
        CharTrie n = root;
        mark(n, i, count, lastAt);
        walk:
        for (int j = i; j < words.size(); j++) {
          if (j > i) {
            n = n.child(' ');
            if (n == null) {
              break;
            }
            mark(n, i, count, lastAt);
          }
          String word = words.get(j);
          for (int k = 0; k < word.length(); k++) {
            n = n.child(word.charAt(k));
            if (n == null) {
              break walk;
            }
            mark(n, i, count, lastAt);
          }
        }
      }
      float[] f = new float[labels];
      for (int l = 0; l < labels; l++) {
        f[l] = (float) (Math.min(count[l], CAP) / CAP);
      }
      return f;
    }

    private static void mark(CharTrie n, int i, int[] count, int[] lastAt) {
      for (int l : n.values()) {
        if (lastAt[l] != i) {
          lastAt[l] = i;
          count[l]++;
        }
      }
    }
  }
}
