package org.stancemap.ask.llm;

import java.util.Arrays;
import java.util.List;
import org.stancemap.analysis.Evidence;
import org.stancemap.text.Span;
import org.stancemap.text.Unit;

/**
 * Finds a quote in a document's text, comparing with whitespace collapsed, and returns it as {@link Evidence}
 * whose text is the document's own characters at the span found. Immutable.
 */
final class Locator {
  private final String text;
  private final String normalised;
  private final int[] origin; // origin[i] = index in text of normalised char i
  private final List<Unit> units;

  Locator(String text, List<Unit> units) {
    this.text = text;
    this.units = List.copyOf(units);
    StringBuilder sb = new StringBuilder(text.length());
    int[] map = new int[text.length() + 1];
    boolean space = false;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (Span.isSpace(c)) {
        if (!space && sb.length() > 0) {
          map[sb.length()] = i;
          sb.append(' ');
        }
        space = true;
      } else {
        map[sb.length()] = i;
        sb.append(c);
        space = false;
      }
    }
    this.normalised = sb.toString();
    this.origin = Arrays.copyOf(map, sb.length() + 1);
  }

  /** The evidence for {@code quote}, or null when it does not occur in the text (or is shorter than 3 chars). */
  Evidence find(String quote, double score) {
    String q = Untrusted.norm(quote);
    if (q.length() < 3) {
      return null;
    }
    int at = normalised.indexOf(q);
    if (at < 0) {
      return null;
    }
    int start = origin[at];
    int end = origin[at + q.length() - 1] + 1;
    String unit = "document";
    for (Unit u : units) {
      if (u.span().start() <= start && end <= u.span().end()) {
        unit = u.id();
        break;
      }
    }
    return new Evidence(unit, start, end, text.substring(start, end), score);
  }
}
