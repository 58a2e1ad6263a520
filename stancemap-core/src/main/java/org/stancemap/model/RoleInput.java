package org.stancemap.model;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.stancemap.text.Span;

/**
 * What the role head sees for one actor mention: a window from a few words before the mention to the end of what
 * the sentence says about it. A whole-sentence embedding cannot tell which of several actors is meant; a window
 * that starts just before the actor ("shelled [Kharkiv's civilians] again") or at it ("[Putin] ordered …")
 * carries the actor's part in the event. Applied identically to the codebook's bracketed role exemplars and to
 * mentions found in documents.
 *
 * <p>Design decision: the window is not embedded on its own. Its vector is the mean of the sentence's own
 * contextual token vectors over the window ({@link EmbeddingModel#embedSpans}), read from the pass that embeds the
 * sentence anyway, so a role costs no extra model work; the window's words still feed the lexical features.
 */
public final class RoleInput {
  static final int BEFORE_WORDS = 4;
  static final int AFTER_WORDS = 14;
  private static final Pattern BRACKETED = Pattern.compile("\\[([^\\[\\]]+)]");

  private RoleInput() {}

  /**
   * One mention's window.
   *
   * @param input the text to embed: the sentence as the other heads see it ({@link ClassifierInput#of}), or the
   *     whole sentence when that drops the clause holding the mention
   * @param span the window inside {@code input}, whose pooled token vectors are the role head's embedding
   * @param text the window's words, for the lexical features
   */
  public record Window(String input, Span span, String text) {
    public Window {
      if (!span.of(input).equals(text)) {
        throw new IllegalArgumentException("window text must be the span of the input: span=" + span + ", text="
            + text);
      }
    }
  }

  /** The window text around {@code [start, end)} of {@code sentence}. */
  public static String of(String sentence, int start, int end) {
    return span(sentence, start, end).of(sentence);
  }

  /** The window around {@code [start, end)} of {@code sentence}, placed in the text that will be embedded. */
  public static Window window(String sentence, int start, int end) {
    Span w = span(sentence, start, end);
    String input = ClassifierInput.of(sentence);
    int offset = sentence.length() - input.length(); // ClassifierInput keeps a suffix of the sentence
    if (start < offset) {
      return new Window(sentence, w, w.of(sentence)); // the mention is in the dropped clause: embed it all
    }
    Span shifted = new Span(Math.max(w.start(), offset) - offset, w.end() - offset);
    return new Window(input, shifted, shifted.of(input));
  }

  /** For a codebook exemplar with one actor in [brackets]: the window, brackets removed; else the whole text. */
  public static Window ofExemplar(String exemplar) {
    Matcher m = BRACKETED.matcher(exemplar);
    if (!m.find()) {
      String input = ClassifierInput.of(exemplar);
      return new Window(input, new Span(0, input.length()), input);
    }
    String plain = exemplar.substring(0, m.start()) + m.group(1) + exemplar.substring(m.end());
    return window(plain, m.start(), m.start() + m.group(1).length());
  }

  /** The window's character span in {@code sentence}, without leading or trailing white space. */
  private static Span span(String sentence, int start, int end) {
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
    while (s < e && Character.isWhitespace(sentence.charAt(s))) {
      s++;
    }
    while (e > s && Character.isWhitespace(sentence.charAt(e - 1))) {
      e--;
    }
    return new Span(s, e);
  }
}
