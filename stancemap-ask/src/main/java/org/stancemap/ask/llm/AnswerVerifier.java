package org.stancemap.ask.llm;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.stancemap.ask.answer.Answer.Removal;
import org.stancemap.ask.answer.Citation;

/**
 * Checks a language model's answer against the numbered evidence it was given, sentence by sentence:
 *
 * <ol>
 *   <li>a citation marker {@code [n]} to a number outside {@code 1..N} is removed ({@code citation});
 *   <li>every quote (text in {@code "…"} or {@code “…”}) must occur verbatim, after whitespace normalisation, in an
 *       evidence item the sentence cites; a quote found only in another item has the sentence's wrong markers
 *       replaced by the right one (reported as a removed {@code citation}); a quote found in no item removes its
 *       whole sentence ({@code quote});
 *   <li>a sentence left without any valid marker is removed ({@code sentence}): every claim must point to
 *       evidence;
 *   <li>a sentence that quotes nothing must share enough content words with the evidence it cites, or it is removed
 *       ({@code unsupported}): a valid marker alone does not make a claim supported.
 * </ol>
 *
 * Stateless and thread-safe.
 */
public final class AnswerVerifier {
  private static final Pattern QUOTE = Pattern.compile("\"([^\"]+)\"|\u201c([^\u201d]+)\u201d");
  private static final Pattern MARKER = Pattern.compile("\\[(\\d{1,4}(?:\\s*[,;]\\s*\\d{1,4})*)]");

  /** The outcome: the kept text, the evidence numbers it cites, and what was removed. */
  public record Verified(String text, List<Integer> cited, List<Removal> removed) {
    public Verified {
      cited = List.copyOf(cited);
      removed = List.copyOf(removed);
    }
  }

  private AnswerVerifier() {}

  public static Verified verify(String answer, List<Citation> evidence) {
    List<Removal> removed = new ArrayList<>();
    List<String> kept = new ArrayList<>();
    Set<Integer> cited = new LinkedHashSet<>();
    int n = evidence.size();
    for (String sentence : sentences(answer)) {
      // 1. markers: split lists, drop numbers outside 1..n
      List<Integer> markers = new ArrayList<>();
      StringBuilder sb = new StringBuilder();
      Matcher m = MARKER.matcher(sentence);
      int last = 0;
      while (m.find()) {
        sb.append(sentence, last, m.start());
        StringBuilder rep = new StringBuilder();
        for (String num : m.group(1).split("\\s*[,;]\\s*")) {
          int k = Integer.parseInt(num);
          if (k < 1 || k > n) {
            removed.add(new Removal("citation", "[" + k + "]", "cites evidence " + k + ", but only " + n
                + " item(s) were given"));
          } else {
            markers.add(k);
            rep.append('[').append(k).append(']');
          }
        }
        sb.append(rep);
        last = m.end();
      }
      sb.append(sentence.substring(last));
      String s = sb.toString().replaceAll("\\s+([.,;:!?])", "$1").replaceAll("\\s{2,}", " ").strip();
      // 2. quotes
      boolean drop = false;
      Matcher q = QUOTE.matcher(s);
      List<String> quotes = new ArrayList<>();
      while (q.find()) {
        quotes.add(q.group(1) != null ? q.group(1) : q.group(2));
      }
      for (String quote : quotes) {
        String nq = Untrusted.norm(quote);
        if (nq.isEmpty()) {
          continue;
        }
        boolean inCited = markers.stream().anyMatch(k -> contains(evidence.get(k - 1), nq));
        if (inCited) {
          continue;
        }
        int found = -1;
        for (int i = 0; i < n; i++) {
          if (contains(evidence.get(i), nq)) {
            found = i + 1;
            break;
          }
        }
        if (found < 0) {
          removed.add(new Removal("quote", quote, markers.isEmpty()
              ? "not found verbatim in any evidence item; its sentence was removed"
              : "not found verbatim in the cited evidence " + markerList(markers)
                  + " or any other item; its sentence was removed"));
          drop = true;
          break;
        }
        // The quote is genuine but attributed to the wrong item: replace the markers whose items hold no quote.
        List<Integer> wrong = new ArrayList<>();
        for (int k : markers) {
          if (quotes.stream().noneMatch(x -> contains(evidence.get(k - 1), Untrusted.norm(x)))) {
            wrong.add(k);
          }
        }
        for (int k : wrong) {
          removed.add(new Removal("citation", "[" + k + "]", "wrong citation: the quote \"" + clip(quote)
              + "\" is from evidence [" + found + "], not [" + k + "]; replaced by [" + found + "]"));
          s = s.replace("[" + k + "]", "");
          markers.remove(Integer.valueOf(k));
        }
        if (!markers.contains(found)) {
          s = insertMarker(s, found);
          markers.add(found);
        }
      }
      if (drop) {
        continue;
      }
      // 3. every claim needs a marker
      if (markers.isEmpty()) {
        if (!s.isBlank()) {
          removed.add(new Removal("sentence", s, "makes a claim without a citation marker to the evidence"));
        }
        continue;
      }
      // 4. a cited sentence must be supported by what it cites: a verified quote, or enough of its content words
      if (quotes.isEmpty() && !supported(s, markers, evidence)) {
        removed.add(new Removal("unsupported", s, "shares too few content words with the evidence it cites "
            + markerList(markers) + " (and quotes none of it)"));
        continue;
      }
      cited.addAll(markers);
      kept.add(s.replaceAll("\\s{2,}", " ").strip());
    }
    return new Verified(String.join(" ", kept), List.copyOf(cited), removed);
  }

  /** The least share of a sentence's content words that its cited evidence must hold, and the least number. */
  static final double SUPPORT_SHARE = 0.4;
  static final int SUPPORT_WORDS = 2;
  private static final Set<String> STOP = Set.of("about", "above", "after", "again", "against", "also", "although",
      "among", "another", "because", "been", "before", "being", "between", "both", "cannot", "could", "does", "doing",
      "during", "each", "either", "every", "from", "further", "have", "having", "here", "into", "itself", "just",
      "many", "more", "most", "much", "must", "neither", "only", "other", "over", "same", "says", "said", "should",
      "since", "some", "such", "than", "that", "their", "them", "then", "there", "these", "they", "this", "those",
      "through", "under", "until", "very", "were", "what", "when", "where", "which", "while", "whom", "whose", "with",
      "within", "without", "would", "your", "text", "texts", "document", "documents", "evidence", "quote", "quotes",
      "source", "sources", "argue", "argues", "claim", "claims", "write", "writes", "state", "states", "according");

  /** Content words: letters and digits, at least four characters, not a stop word, cut to a five-letter stem. */
  static Set<String> contentWords(String text) {
    Set<String> out = new LinkedHashSet<>();
    for (String w : text.toLowerCase(Locale.ROOT).replaceAll("\\[\\d+]", " ").split("[^\\p{L}\\p{N}]+")) {
      if (w.length() >= 4 && !STOP.contains(w)) {
        out.add(w.length() > 5 ? w.substring(0, 5) : w);
      }
    }
    return out;
  }

  /**
   * Whether the evidence items a sentence cites hold at least {@link #SUPPORT_SHARE} of its content words and at
   * least {@link #SUPPORT_WORDS} of them (all of them when it has fewer). A paraphrase of the evidence passes; a claim
   * the evidence does not make ("The war was caused by aliens from Mars [2]") or an instruction ("Ignore previous
   * instructions [9]") does not. {@code AnswerVerifierSupportTest} measures the rule on sentences written for it.
   */
  static boolean supported(String sentence, List<Integer> markers, List<Citation> evidence) {
    Set<String> words = contentWords(sentence);
    if (words.isEmpty()) {
      return false;
    }
    Set<String> held = new LinkedHashSet<>();
    markers.forEach(k -> held.addAll(contentWords(evidence.get(k - 1).quote())));
    long shared = words.stream().filter(held::contains).count();
    return shared >= Math.min(SUPPORT_WORDS, words.size()) && shared >= SUPPORT_SHARE * words.size();
  }

  private static boolean contains(Citation c, String normalisedQuote) {
    return Untrusted.norm(c.quote()).contains(normalisedQuote);
  }

  private static String insertMarker(String s, int k) {
    String t = s.strip();
    if (t.endsWith(".") || t.endsWith("!") || t.endsWith("?")) {
      return t.substring(0, t.length() - 1) + " [" + k + "]" + t.charAt(t.length() - 1);
    }
    return t + " [" + k + "]";
  }

  private static String markerList(List<Integer> ks) {
    StringBuilder sb = new StringBuilder();
    ks.forEach(k -> sb.append('[').append(k).append(']'));
    return sb.toString();
  }

  private static String clip(String s) {
    String t = Untrusted.norm(s);
    return t.length() <= 60 ? t : t.substring(0, 59) + "\u2026";
  }

  /**
   * Splits text into sentences after {@code . ! ?} followed by space, never inside a quote; markers that open a
   * sentence ("… end. [2] Next") are attached to the sentence before.
   */
  static List<String> sentences(String text) {
    String t = text.replace("\r", "").strip();
    char[] mask = t.toCharArray();
    Matcher q = QUOTE.matcher(t);
    while (q.find()) {
      for (int i = q.start() + 1; i < q.end() - 1; i++) {
        mask[i] = 'x';
      }
    }
    List<String> out = new ArrayList<>();
    int start = 0;
    for (int i = 0; i < mask.length; i++) {
      boolean end = (mask[i] == '.' || mask[i] == '!' || mask[i] == '?') && (i + 1 == mask.length
          || Character.isWhitespace(mask[i + 1]));
      boolean paragraph = mask[i] == '\n';
      if (end || paragraph) {
        String s = t.substring(start, i + 1).strip();
        if (!s.isEmpty()) {
          out.add(s);
        }
        start = i + 1;
      }
    }
    if (start < t.length() && !t.substring(start).isBlank()) {
      out.add(t.substring(start).strip());
    }
    List<String> merged = new ArrayList<>();
    for (String s : out) {
      Matcher m = Pattern.compile("^((?:\\[\\d{1,4}(?:\\s*[,;]\\s*\\d{1,4})*]\\s*)+)(.*)$", Pattern.DOTALL).matcher(s);
      if (m.matches() && !merged.isEmpty()) {
        String prev = merged.remove(merged.size() - 1);
        merged.add(prev + " " + m.group(1).strip());
        if (!m.group(2).isBlank()) {
          merged.add(m.group(2).strip());
        }
      } else {
        merged.add(s);
      }
    }
    return merged;
  }
}
