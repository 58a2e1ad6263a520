package org.stancemap.text;

/**
 * A half-open character range {@code [start, end)} into a document's text. Annotations always refer to text by
 * span, never by copy, so a quote can be checked against the original at any time.
 */
public record Span(int start, int end) implements Comparable<Span> {
  public Span {
    if (start < 0) {
      throw new IllegalArgumentException("start must not be negative: start=" + start);
    }
    if (start > end) {
      throw new IllegalArgumentException(
          "start index must not be larger than end index: start=" + start + ", end=" + end);
    }
  }

  public int length() {
    return end - start;
  }

  public boolean contains(Span other) {
    return start <= other.start && other.end <= end;
  }

  /** The characters this span covers in {@code text}. */
  public String of(CharSequence text) {
    if (end > text.length()) {
      throw new IllegalArgumentException(
          "span " + this + " ends after the text (length " + text.length() + ")");
    }
    return text.subSequence(start, end).toString();
  }

  /** The same range with leading and trailing whitespace of {@code text} removed (empty spans stay put). */
  public Span trim(CharSequence text) {
    int s = start;
    int e = end;
    while (s < e && isSpace(text.charAt(s))) {
      s++;
    }
    while (e > s && isSpace(text.charAt(e - 1))) {
      e--;
    }
    return new Span(s, e);
  }

  /** Whitespace, including the no-break spaces that web pages use for empty lines (U+00A0, U+2007, U+202F). */
  public static boolean isSpace(char c) {
    return Character.isWhitespace(c) || Character.isSpaceChar(c) || c == '\uFEFF';
  }

  /** True when {@code s} holds only {@link #isSpace} characters. */
  public static boolean isBlank(CharSequence s) {
    for (int i = 0; i < s.length(); i++) {
      if (!isSpace(s.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  @Override
  public int compareTo(Span o) {
    return start != o.start ? Integer.compare(start, o.start) : Integer.compare(end, o.end);
  }

  @Override
  public String toString() {
    return "[" + start + ", " + end + ")";
  }
}
