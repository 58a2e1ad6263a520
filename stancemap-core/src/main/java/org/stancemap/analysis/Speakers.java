package org.stancemap.analysis;

import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.stancemap.text.Span;

/**
 * Finds who holds a reported claim: the words before a reporting cue in the same clause ("Campists claim …", "Some
 * on the left argue that …", "The Kremlin would have you believe …") or after "according to". Returns null when no
 * cue is found, or when the holder is the author ("we", "I") or nobody in particular ("we are told", "it is said").
 * A heuristic that only names the speaker; whether a sentence is reported is the voice head's decision.
 */
public final class Speakers {
  private static final Pattern VERB = Pattern.compile("\\b(?:claims?|claimed|says?|said|argues?|argued|insists?"
      + "|insisted|asserts?|asserted|maintains?|maintained|alleges?|alleged|contends?|contended|tells? us|told us"
      + "|would have (?:you|us) believe|wants? (?:you|us) to believe|keeps? telling us|keep saying|suggests?"
      + "|suggested|writes?|wrote|tweeted|declared|announced|denies|denied|believes?|thinks?|portrays?|calls? it)\\b",
      Pattern.CASE_INSENSITIVE);
  private static final Pattern ACCORDING = Pattern.compile("\\baccording to ((?:[\\p{L}\\p{N}'’.-]+\\s?){1,6})",
      Pattern.CASE_INSENSITIVE);
  private static final Pattern CLAUSE_START = Pattern.compile("[,;:()\"“”]\\s*");
  private static final Set<String> LEAD = Set.of("and", "but", "yet", "so", "now", "then", "still", "meanwhile",
      "of", "course", "when", "while", "as", "because", "if", "that");
  private static final Set<String> NOBODY = Set.of("we", "i", "it", "you", "one", "this", "that", "there");
  private static final int MAX_WORDS = 6;

  private Speakers() {}

  /** The span of {@code text} inside {@code sentence} that names the claim's holder, or null. */
  public static Span find(String text, Span sentence) {
    String s = sentence.of(text);
    Matcher a = ACCORDING.matcher(s);
    if (a.find()) {
      String who = a.group(1).replaceAll("[\\s,.;:]+$", "");
      return who.isEmpty() ? null : new Span(sentence.start() + a.start(1), sentence.start() + a.start(1)
          + who.length());
    }
    Matcher m = VERB.matcher(s);
    if (!m.find()) {
      return null;
    }
    int clause = 0;
    Matcher c = CLAUSE_START.matcher(s);
    while (c.find() && c.end() <= m.start()) {
      clause = c.end();
    }
    String before = s.substring(clause, m.start());
    String[] words = before.trim().split("\\s+");
    int from = Math.max(0, words.length - MAX_WORDS);
    while (from < words.length && LEAD.contains(words[from].toLowerCase(Locale.ROOT))) {
      from++;
    }
    if (from >= words.length || words[words.length - 1].isEmpty()) {
      return null;
    }
    String who = String.join(" ", Arrays.copyOfRange(words, from, words.length));
    if (NOBODY.contains(who.toLowerCase(Locale.ROOT)) || who.matches("(?i).*\\b(?:is|are|was|were|been)$")) {
      return null;
    }
    int at = s.lastIndexOf(who, m.start());
    return at < 0 ? null : new Span(sentence.start() + at, sentence.start() + at + who.length());
  }
}
