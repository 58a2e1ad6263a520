package org.stancemap.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.stancemap.codebook.Label;
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
}
