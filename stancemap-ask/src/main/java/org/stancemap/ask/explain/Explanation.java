package org.stancemap.ask.explain;

import java.util.List;
import org.stancemap.analysis.Evidence;

/**
 * An explanation of a document's dominant narrative: at most {@link Explainer#MAX_WORDS} words, every clause
 * followed by a citation marker {@code [n]} that points to {@code quotes.get(n - 1)}, a verbatim sentence of the
 * document.
 *
 * @param narrative the dominant narrative's id, or null when the document carries none
 * @param text the explanation, with markers
 * @param words the number of words of {@code text}, markers not counted
 */
public record Explanation(String document, String source, String narrative, String narrativeName, String text,
    int words, List<Evidence> quotes) {
  public Explanation {
    quotes = List.copyOf(quotes);
  }
}
