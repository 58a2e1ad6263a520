package org.stancemap.model;

import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;
import org.stancemap.codebook.Codebook;
import org.stancemap.codebook.Mentions;
import org.stancemap.codebook.Polarity;
import org.stancemap.text.Span;

/**
 * Two features for a stance head: how many negative and positive cues stand next to the target's mentions in a
 * sentence (see {@link Polarity}). A sentence embedding says what a sentence is about; these say which way it
 * points at the target, which small exemplar sets cannot teach an embedding classifier. A cue within three words
 * after a negation ("not", "never", "n't") counts for the other side. Immutable and thread-safe.
 */
public final class TargetPolarity {
  static final int BEFORE_WORDS = 4;
  static final int AFTER_WORDS = 10;
  static final double CAP = 3.0;
  static final Pattern NEGATION = Pattern.compile("^(?:not|no|never|nor|without|hardly|.*n['’]t)$");

  private final Mentions mentions;
  private final String[][] beforeNegative;
  private final String[][] beforePositive;
  private final String[][] afterNegative;
  private final String[][] afterPositive;

  public TargetPolarity(Codebook codebook) {
    this.mentions = new Mentions(codebook);
    Polarity p = codebook.polarity();
    this.beforeNegative = Cues.compile(p.beforeNegative());
    this.beforePositive = Cues.compile(p.beforePositive());
    this.afterNegative = Cues.compile(p.afterNegative());
    this.afterPositive = Cues.compile(p.afterPositive());
  }

  /** {@code [negative, positive]}, each in [0, 1]; zeros when the sentence does not name the target. */
  public float[] features(String sentence, String target) {
    return features(Cues.words(sentence), targets(sentence), target);
  }

  /** The target mentions of a whole sentence, as {@link #features(Cues.Words, List, String)} takes them. */
  List<Mentions.Mention> targets(String sentence) {
    return mentions.targets(sentence, new Span(0, sentence.length()));
  }

  /** The same from the sentence's words and target mentions, computed once for all targets. */
  float[] features(Cues.Words w, List<Mentions.Mention> targets, String target) {
    double neg = 0;
    double pos = 0;
    List<String> words = w.words();
    List<Span> spans = w.spans();
    for (Mentions.Mention mention : targets) {
      if (!mention.id().equals(target)) {
        continue;
      }
      int first = -1;
      int last = -1;
      for (int i = 0; i < spans.size(); i++) {
        if (spans.get(i).end() > mention.span().start() && spans.get(i).start() < mention.span().end()) {
          first = first < 0 ? i : first;
          last = i;
        }
      }
      if (first < 0) {
        continue;
      }
      for (int i = Math.max(0, first - BEFORE_WORDS); i < first; i++) {
        int sign = negated(words, i) ? -1 : 1;
        if (cue(words, i, beforeNegative)) {
          if (sign > 0) { neg++; } else { pos++; }
        } else if (cue(words, i, beforePositive)) {
          if (sign > 0) { pos++; } else { neg++; }
        }
      }
      for (int i = last + 1; i < Math.min(words.size(), last + 1 + AFTER_WORDS); i++) {
        int sign = negated(words, i) ? -1 : 1;
        if (cue(words, i, afterNegative)) {
          if (sign > 0) { neg++; } else { pos++; }
        } else if (cue(words, i, afterPositive)) {
          if (sign > 0) { pos++; } else { neg++; }
        }
      }
    }
    return new float[] {(float) (Math.min(neg, CAP) / CAP), (float) (Math.min(pos, CAP) / CAP)};
  }

  private static boolean negated(List<String> words, int i) {
    for (int k = Math.max(0, i - 3); k < i; k++) {
      if (negation(words.get(k))) {
        return true;
      }
    }
    return false;
  }

  /** Whether a word matches {@link #NEGATION} (words hold no line terminators, so {@code .*} spans any prefix). */
  static boolean negation(String w) {
    return switch (w) {
      case "not", "no", "never", "nor", "without", "hardly" -> true;
      default -> w.endsWith("n't") || w.endsWith("n’t");
    };
  }

  private static boolean cue(List<String> words, int i, String[][] cues) {
    return Cues.at(words, i, cues);
  }

  /** The embedding with the polarity features appended, as the stance heads take it. */
  public static float[] append(float[] embedding, float[] features, float scale) {
    float[] out = Arrays.copyOf(embedding, embedding.length + features.length);
    for (int i = 0; i < features.length; i++) {
      out[embedding.length + i] = features[i] * scale;
    }
    return out;
  }
}
