package org.stancemap.text;

/**
 * The character classes of {@code java.util.regex} without {@code UNICODE_CHARACTER_CLASS}, for code that finds
 * where a pattern can match before it runs the pattern (mentions, claim and role cues, language detection). They
 * are ASCII-only: {@code \s} is space, tab, line feed, vertical tab, form feed and return, and a character outside
 * ASCII is in neither class.
 */
public final class RegexChars {
  private RegexChars() {}

  /** {@code \s}. */
  public static boolean isSpace(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == 0x0B || c == '\f' || c == '\r';
  }

  /** {@code [A-Za-z]}. */
  public static boolean isAsciiLetter(char c) {
    return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z';
  }

  /** {@code [A-Za-z0-9]}. */
  public static boolean isAsciiLetterOrDigit(char c) {
    return isAsciiLetter(c) || c >= '0' && c <= '9';
  }

  /** {@code [A-Za-z0-9_]}: the word characters of {@code \w}, and of {@code \b} in every reading. */
  public static boolean isAsciiWord(char c) {
    return isAsciiLetterOrDigit(c) || c == '_';
  }
}
