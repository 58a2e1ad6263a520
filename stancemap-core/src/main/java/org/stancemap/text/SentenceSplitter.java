package org.stancemap.text;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Rule-based English sentence splitter that returns spans into the original text (trimmed of whitespace). It
 * splits after {@code . ! ? …} and truncation marks such as {@code […]} when the next word starts a sentence, keeps
 * common abbreviations and initials together, and splits a leading title that a scraped page glued to its text
 * with two or more spaces. Thread-safe and stateless.
 */
public final class SentenceSplitter {
  private static final Set<String> ABBREVIATIONS =
      Set.of(
          "mr", "mrs", "ms", "dr", "prof", "st", "vs", "etc", "e.g", "i.e", "no", "jr", "sr", "u.s", "u.k",
          "gen", "col", "lt", "sgt", "rev", "fig", "approx", "inc", "ltd", "co", "cf", "al", "ed", "eds", "vol",
          "pp", "p", "mt", "ft", "gov", "sen", "rep", "pres", "capt", "maj", "cmdr", "adm", "jan", "feb", "mar",
          "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "u.n", "e.u", "a.m", "p.m");
  private static final int GLUED_TITLE_MAX_WORDS = 15;

  /** Splits {@code span} of {@code text} into sentence spans, in order; blank spans give an empty list. */
  public List<Span> split(CharSequence text, Span span) {
    List<Span> out = new ArrayList<>();
    int start = span.start();
    int end = span.end();
    int glued = gluedTitleEnd(text, start, end);
    if (glued > 0) {
      addTrimmed(text, start, glued, out);
      start = glued;
    }
    int sentenceStart = start;
    int i = start;
    while (i < end) {
      char c = text.charAt(i);
      int boundary = -1;
      if (c == '.' || c == '!' || c == '?' || c == '…') {
        int j = i + 1;
        while (j < end && (text.charAt(j) == '.' || text.charAt(j) == '!' || text.charAt(j) == '?'
            || text.charAt(j) == '…')) {
          j++;
        }
        j = skipClosers(text, j, end);
        if (c == '.' && j == i + 1 && isAbbreviation(text, sentenceStart, i)) {
          boundary = -1;
        } else if (j >= end || (Character.isWhitespace(text.charAt(j)) && startsSentence(text, j, end))) {
          boundary = j;
        }
        i = Math.max(i + 1, boundary > 0 ? boundary : j);
      } else if (c == '[' && isTruncationMark(text, i, end)) {
        int j = text.toString().indexOf(']', i) + 1;
        j = skipClosers(text, j, end);
        if (j >= end || (Character.isWhitespace(text.charAt(j)) && startsSentence(text, j, end))) {
          boundary = j;
        }
        i = j;
      } else {
        i++;
      }
      if (boundary > 0) {
        addTrimmed(text, sentenceStart, boundary, out);
        sentenceStart = boundary;
      }
    }
    addTrimmed(text, sentenceStart, end, out);
    return out;
  }

  /** True when a truncation mark such as {@code […]} or {@code [...]} starts at {@code i}. */
  public static boolean isTruncationMark(CharSequence text, int i, int end) {
    String rest = text.subSequence(i, Math.min(end, i + 6)).toString();
    return rest.startsWith("[…]") || rest.startsWith("[...]") || rest.startsWith("[ … ]");
  }

  private static int skipClosers(CharSequence text, int j, int end) {
    while (j < end && "\"'”’)]»".indexOf(text.charAt(j)) >= 0) {
      j++;
    }
    return j;
  }

  private static boolean startsSentence(CharSequence text, int j, int end) {
    int k = j;
    while (k < end && Character.isWhitespace(text.charAt(k))) {
      k++;
    }
    if (k >= end) {
      return true;
    }
    char n = text.charAt(k);
    return Character.isUpperCase(n) || Character.isDigit(n) || "\"'“‘([«¿¡-–—*#@".indexOf(n) >= 0
        || Character.isLetter(n) && !Character.isLowerCase(n);
  }

  private static boolean isAbbreviation(CharSequence text, int sentenceStart, int dot) {
    int k = dot - 1;
    while (k >= sentenceStart && (Character.isLetter(text.charAt(k)) || text.charAt(k) == '.')) {
      k--;
    }
    String word = text.subSequence(k + 1, dot).toString().toLowerCase(Locale.ROOT);
    if (word.isEmpty()) {
      return false;
    }
    if (word.length() == 1 && Character.isUpperCase(text.charAt(dot - 1))) {
      return true; // an initial: "J. Smith"
    }
    return ABBREVIATIONS.contains(word);
  }

  /**
   * Where a title glued to the following text ends: a short run of words without sentence punctuation, then two or
   * more spaces, then a capital letter, at the start of the span. Returns -1 when there is none.
   */
  private static int gluedTitleEnd(CharSequence text, int start, int end) {
    int limit = Math.min(end, start + 160);
    for (int i = start + 1; i + 2 < limit; i++) {
      if (text.charAt(i) == ' ' && text.charAt(i + 1) == ' ' && text.charAt(i - 1) != ' ') {
        char before = text.charAt(i - 1);
        int k = i;
        while (k < end && text.charAt(k) == ' ') {
          k++;
        }
        if (k >= end || !Character.isUpperCase(text.charAt(k)) || ".!?:;,".indexOf(before) >= 0) {
          return -1;
        }
        String prefix = text.subSequence(start, i).toString();
        if (prefix.contains("\n") || prefix.strip().split("\\s+").length > GLUED_TITLE_MAX_WORDS
            || prefix.matches("(?s).*[.!?]\\s.*")) {
          return -1;
        }
        return k;
      }
      if (text.charAt(i) == '\n') {
        return -1;
      }
    }
    return -1;
  }

  private static void addTrimmed(CharSequence text, int s, int e, List<Span> out) {
    Span t = new Span(s, e).trim(text);
    if (t.length() > 0) {
      out.add(t);
    }
  }
}
