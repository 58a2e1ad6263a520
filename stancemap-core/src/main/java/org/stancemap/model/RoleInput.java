package org.stancemap.model;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The text the role head sees for one actor mention: a window from a few words before the mention to the end of
 * what the sentence says about it. A whole-sentence embedding cannot tell which of several actors is meant; a
 * window that starts just before the actor ("shelled [Kharkiv's civilians] again") or at it ("[Putin] ordered …")
 * carries the actor's part in the event. Applied identically to the codebook's bracketed role exemplars and to
 * mentions found in documents.
 */
public final class RoleInput {
  static final int BEFORE_WORDS = 4;
  static final int AFTER_WORDS = 14;
  private static final Pattern BRACKETED = Pattern.compile("\\[([^\\[\\]]+)]");

  private RoleInput() {}

  /** The window around {@code [start, end)} of {@code sentence}. */
  public static String of(String sentence, int start, int end) {
    int s = start;
    for (int words = 0; s > 0 && words <= BEFORE_WORDS; ) {
      s--;
      if (Character.isWhitespace(sentence.charAt(s)) && s > 0 && !Character.isWhitespace(sentence.charAt(s - 1))) {
        words++;
      }
      if (".;:!?".indexOf(sentence.charAt(s)) >= 0) {
        s++;
        break;
      }
    }
    int e = end;
    for (int words = 0; e < sentence.length() && words < AFTER_WORDS; e++) {
      if (Character.isWhitespace(sentence.charAt(e)) && !Character.isWhitespace(sentence.charAt(e - 1))) {
        words++;
      }
    }
    return sentence.substring(s, e).strip();
  }

  /** For a codebook exemplar with one actor in [brackets]: the window, brackets removed. */
  public static String ofExemplar(String exemplar) {
    Matcher m = BRACKETED.matcher(exemplar);
    if (!m.find()) {
      return exemplar;
    }
    String plain = exemplar.substring(0, m.start()) + m.group(1) + exemplar.substring(m.end());
    return of(plain, m.start(), m.start() + m.group(1).length());
  }
}
