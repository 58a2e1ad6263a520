package org.stancemap.cli;

import java.io.Console;
import java.util.Locale;

/** Whether standard streams are attached to a terminal, across Java versions. */
final class Terminal {
  private Terminal() {}

  /**
   * {@code s} with every control character (C0, DEL, C1) and bidirectional-override character written as an escape
   * (a line feed as backslash-n, a tab as backslash-t, ESC as backslash-u001b, …), so that a file name, URL or
   * message taken from an input can neither forge a line of a report nor send escape sequences to a terminal.
   */
  static String printable(String s) {
    if (s == null) {
      return "null";
    }
    StringBuilder out = null;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean bad = c < 0x20 || c >= 0x7f && c < 0xa0 || c >= 0x202a && c <= 0x202e || c >= 0x2066 && c <= 0x2069;
      if (bad && out == null) {
        out = new StringBuilder(s.length() + 16).append(s, 0, i);
      }
      if (out != null) {
        if (!bad) {
          out.append(c);
        } else if (c == '\n') {
          out.append("\\n");
        } else if (c == '\t') {
          out.append("\\t");
        } else if (c == '\r') {
          out.append("\\r");
        } else {
          out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
        }
      }
    }
    return out == null ? s : out.toString();
  }

  /** {@link #printable} line by line: a message of several lines (a codebook's problems) keeps its line breaks. */
  static String printableLines(String s) {
    if (s == null) {
      return "null";
    }
    StringBuilder out = new StringBuilder();
    String[] lines = s.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      out.append(i > 0 ? "\n" : "").append(printable(lines[i]));
    }
    return out.toString();
  }

  /** True when stdin and stdout are a terminal (Java 22+ reports this exactly; older Java: a console exists). */
  static boolean interactive() {
    Console c = System.console();
    if (c == null) {
      return false;
    }
    try {
      // Console.isTerminal() exists from Java 22; on 21 a non-null console already means a terminal.
      return (Boolean) Console.class.getMethod("isTerminal").invoke(c);
    } catch (ReflectiveOperationException e) {
      return true;
    }
  }
}
