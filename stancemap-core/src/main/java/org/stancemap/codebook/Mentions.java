package org.stancemap.codebook;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.stancemap.text.CharTrie;
import org.stancemap.text.RegexChars;
import org.stancemap.text.Span;

/**
 * Finds the codebook's targets and actors in text by their aliases: case-insensitive (except short acronyms, see
 * {@link #isAcronym}), whole words, with plural and possessive endings allowed ("Putin's", "Putins", "Russians").
 * Immutable and thread-safe.
 */
public final class Mentions {

  /** A mention of a target or actor. {@code implied} marks a phrase that implies a target without naming it. */
  public record Mention(String id, Span span, boolean implied) {}

  /**
   * One alias pattern, with the characters a match can start with (case-folded as the regex folds them), so that
   * the regex is only tried where it can match.
   */
  private record Matcherish(String id, Pattern pattern, boolean implied, char[] first, char[][][] literals) {
    Matcherish(String id, List<String> aliases, boolean implied) {
      this(id, compile(aliases), implied, firstChars(aliases), Mentions.literals(aliases));
    }
  }

  private final Matcherish[] all;
  /**
   * Every alias of the patterns that have {@link Matcherish#literals}, as the regex compares them ({@link #walk}):
   * folded characters, {@code '} for either apostrophe, and a space between two words (words never hold regex
   * whitespace: aliases are split on it) standing for any run of it. A node's values are the patterns whose alias
   * ends there.
   */
  private final CharTrie trie = new CharTrie();
  /**
   * For each case-folded ASCII character, the indices into {@link #all} of the patterns without literals (an alias
   * outside the BMP) that can start with it.
   */
  private final int[][] asciiStarts = new int[128][];
  /** The same for other BMP characters. */
  private final Map<Character, int[]> otherStarts = new HashMap<>();
  /** Patterns without a usable first character (an alias outside the BMP, or none): plain {@code find()}. */
  private final int[] unfiltered;

  private final List<Matcherish> targets = new ArrayList<>();
  private final List<Matcherish> actors = new ArrayList<>();

  public Mentions(Codebook codebook) {
    for (Target t : codebook.targets()) {
      List<String> named = new ArrayList<>(t.aliases());
      named.add(t.name());
      targets.add(new Matcherish(t.id(), named, false));
      if (!t.implied().isEmpty()) {
        targets.add(new Matcherish(t.id(), t.implied(), true));
      }
    }
    for (Actor a : codebook.actors()) {
      List<String> names = new ArrayList<>(a.aliases());
      if (!a.name().isBlank()) {
        names.add(a.name());
      }
      actors.add(new Matcherish(a.id(), names, false));
    }
    List<Matcherish> both = new ArrayList<>(targets);
    both.addAll(actors);
    this.all = both.toArray(Matcherish[]::new);
    Map<Character, List<Integer>> starts = new TreeMap<>();
    List<Integer> anywhere = new ArrayList<>();
    for (int i = 0; i < all.length; i++) {
      if (all[i].first() == null) {
        anywhere.add(i);
        continue;
      }
      if (all[i].literals() != null) {
        for (char[][] words : all[i].literals()) {
          CharTrie n = trie;
          for (int w = 0; w < words.length; w++) {
            n = (w > 0 ? n.childOrNew(' ') : n).path(new String(words[w]));
          }
          n.add(i);
        }
        continue;
      }
      for (char c : all[i].first()) {
        starts.computeIfAbsent(c, k -> new ArrayList<>()).add(i);
      }
    }
    for (var e : starts.entrySet()) {
      int[] idx = e.getValue().stream().mapToInt(Integer::intValue).toArray();
      if (e.getKey() < 128) {
        asciiStarts[e.getKey()] = idx;
      } else {
        otherStarts.put(e.getKey(), idx);
      }
    }
    this.unfiltered = anywhere.stream().mapToInt(Integer::intValue).toArray();
  }

  /**
   * How the case-insensitive Unicode regex compares characters ({@code java.util.regex} folds both sides the same
   * way), so that two characters the regex can match against each other always have the same fold.
   */
  static char fold(char c) {
    if (c < 128) {
      // the same result for ASCII, without two table lookups per character (this runs for most characters of a text)
      return c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c;
    }
    return Character.toLowerCase(Character.toUpperCase(c));
  }

  /** The folded first characters of the aliases; null if one starts outside the BMP or there is none. */
  static char[] firstChars(List<String> aliases) {
    if (aliases.stream().allMatch(String::isBlank)) {
      return null;
    }
    StringBuilder out = new StringBuilder();
    for (String a : aliases) {
      if (a.isBlank()) {
        continue;
      }
      char c = a.strip().replace('’', '\'').charAt(0);
      if (Character.isSurrogate(c)) {
        return null;
      }
      if (c == '\'') {
        out.append('\'').append(fold('’'));
      } else {
        out.append(fold(c));
      }
    }
    return out.chars().distinct().sorted().collect(StringBuilder::new, StringBuilder::appendCodePoint,
        StringBuilder::append).toString().toCharArray();
  }

  /**
   * Each alias as the regex sees it: its words, case-folded, {@code '} standing for either apostrophe. Null when
   * an alias holds a character outside the BMP (the regex then compares code points, not chars).
   */
  static char[][][] literals(List<String> aliases) {
    List<char[][]> out = new ArrayList<>();
    for (String a : aliases) {
      if (a.isBlank()) {
        continue;
      }
      String[] words = a.strip().split("\\s+");
      char[][] w = new char[words.length][];
      for (int i = 0; i < words.length; i++) {
        String word = words[i].replace('’', '\'');
        w[i] = new char[word.length()];
        for (int k = 0; k < word.length(); k++) {
          char c = word.charAt(k);
          if (Character.isSurrogate(c)) {
            return null;
          }
          w[i][k] = c == '\'' ? '\'' : fold(c);
        }
      }
      out.add(w);
    }
    return out.toArray(char[][][]::new);
  }

  /**
   * The patterns some alias of which matches the text at {@code q} as the regex would compare it (folded characters,
   * either apostrophe, {@code \s+} between words), ignoring the optional ending and the word boundary after it:
   * a necessary condition for a regex match at {@code q}. Writes their distinct indices into {@code out} and returns
   * how many. One walk down {@link #trie} replaces a comparison per alias of every pattern that starts with the
   * character at {@code q}.
   */
  private int walk(String text, int q, int end, int[] out) {
    int found = 0;
    CharTrie n = trie;
    int p = q;
    while (true) {
      for (int i : n.values()) {
        boolean dup = false;
        for (int k = 0; k < found && !dup; k++) {
          dup = out[k] == i;
        }
        if (!dup) {
          out[found++] = i;
        }
      }
      if (p >= end) {
        return found;
      }
      char t = text.charAt(p);
      CharTrie between = RegexChars.isSpace(t) ? n.child(' ') : null;
      if (between != null) {
        while (p < end && RegexChars.isSpace(text.charAt(p))) {
          p++;
        }
        n = between;
        continue;
      }
      n = n.child(t == '’' ? '\'' : fold(t));
      if (n == null) {
        return found;
      }
      p++;
    }
  }

  /**
   * Whether an alias is a short acronym in capitals ("US", "EU", "UK", "SMO"): two or three capital letters. Such an
   * alias matches only as written, so that the pronoun "us" is not the United States; longer ones ("NATO", "USA")
   * keep matching in any case ("Nato", "nato").
   */
  static boolean isAcronym(String alias) {
    return alias.length() >= 2 && alias.length() <= 3 && alias.chars().allMatch(c -> c >= 'A' && c <= 'Z');
  }

  static Pattern compile(List<String> aliases) {
    List<String> sorted = new ArrayList<>(aliases.stream().filter(s -> !s.isBlank()).distinct().toList());
    sorted.sort(Comparator.comparingInt(String::length).reversed());
    StringBuilder alt = new StringBuilder();
    for (String a : sorted) {
      if (!alt.isEmpty()) {
        alt.append('|');
      }
      if (isAcronym(a.strip())) {
        alt.append("(?-i:").append(Pattern.quote(a.strip())).append(')');
        continue;
      }
      String[] words = a.strip().split("\\s+");
      for (int i = 0; i < words.length; i++) {
        if (i > 0) {
          alt.append("\\s+");
        }
        alt.append(Pattern.quote(words[i].replace('’', '\'')).replace("'", "\\E['’]\\Q"));
      }
    }
    return Pattern.compile("(?<![\\p{L}\\p{N}])(?:" + alt + ")(?:['’]s|s|['’])?(?![\\p{L}\\p{N}])",
        Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
  }

  /** Target mentions inside {@code span} of {@code text}, in text order. */
  public List<Mention> targets(String text, Span span) {
    return find(targets, text, span);
  }

  /** Actor mentions inside {@code span}, in text order; overlapping mentions resolved to the longest. */
  public List<Mention> actors(String text, Span span) {
    return resolve(find(actors, text, span));
  }

  /**
   * Drops every mention that another mention strictly contains (a longer span around it) and every repeat of a span
   * already kept, keeping the order of {@code all}. One sort and one sweep, so a text with many mentions and no full
   * stop (a transcript, a pasted table) costs n log n, not n squared: a span is covered exactly when an earlier span
   * in (start ascending, end descending) order, other than itself, ends at or after its end.
   */
  static List<Mention> resolve(List<Mention> all) {
    List<Span> order = new ArrayList<>(all.size());
    all.forEach(m -> order.add(m.span()));
    order.sort(Comparator.comparingInt(Span::start).thenComparing(Comparator.comparingInt(Span::end).reversed()));
    Set<Span> covered = new HashSet<>();
    int maxEnd = Integer.MIN_VALUE;
    for (int i = 0; i < order.size(); ) {
      Span s = order.get(i);
      int j = i;
      while (j < order.size() && order.get(j).equals(s)) {
        j++;
      }
      if (maxEnd >= s.end()) {
        covered.add(s);
      }
      maxEnd = Math.max(maxEnd, s.end());
      i = j;
    }
    List<Mention> out = new ArrayList<>();
    Set<Span> kept = new HashSet<>();
    for (Mention m : all) {
      if (!covered.contains(m.span()) && kept.add(m.span())) {
        out.add(m);
      }
    }
    return out;
  }

  /** Target and actor mentions inside {@code span}: {@code [targets, actors]} as the two methods return them. */
  public List<List<Mention>> both(String text, Span span) {
    List<List<Mention>> found = scan(text, span, 0, all.length);
    return List.of(merge(found, 0, targets.size()), resolve(merge(found, targets.size(), all.length)));
  }

  private List<Mention> find(List<Matcherish> ms, String text, Span span) {
    int from = ms == targets ? 0 : targets.size();
    return merge(scan(text, span, from, from + ms.size()), from, from + ms.size());
  }

  /** The mentions of patterns {@code [from, to)}, each pattern's in text order, concatenated, sorted by span. */
  private static List<Mention> merge(List<List<Mention>> found, int from, int to) {
    List<Mention> out = new ArrayList<>();
    for (int i = from; i < to; i++) {
      out.addAll(found.get(i));
    }
    out.sort(Comparator.comparing(Mention::span)); // stable: ties keep pattern order
    return out;
  }

  /**
   * The matches of each pattern in {@code [from, to)}, exactly as {@code Matcher.find()} over the span (transparent
   * bounds) returns them, but trying each regex only where its match could start: not after a letter or digit, and
   * where one of the pattern's aliases matches literally ({@link #walk}; for a pattern with an alias outside the
   * BMP, where the character is one its aliases begin with). A match always starts with one of the pattern's
   * aliases (compared case-folded, see {@link #fold}) right after the {@code (?<![\p{L}\p{N}])} look-behind, so no
   * match is lost; each candidate is confirmed by the regex itself.
   */
  private List<List<Mention>> scan(String text, Span span, int from, int to) {
    List<List<Mention>> out = new ArrayList<>(Collections.nCopies(all.length, List.of()));
    Matcher[] matchers = new Matcher[all.length];
    int[] next = new int[all.length];
    int[] candidates = new int[all.length];
    for (int q = span.start(); q < span.end(); q++) {
      if (q > 0) {
        char prev = text.charAt(q - 1);
        boolean letterOrNumber = prev < 128 ? RegexChars.isAsciiLetterOrDigit(prev)
            : !Character.isSurrogate(prev) && isLetterOrNumber(prev);
        if (letterOrNumber) {
          continue;
        }
      }
      int found = walk(text, q, span.end(), candidates);
      for (int k = 0; k < found; k++) {
        tryAt(candidates[k], q, from, to, text, span, matchers, next, out);
      }
      char c = fold(text.charAt(q));
      int[] starts = c < 128 ? asciiStarts[c] : otherStarts.get(c);
      if (starts != null) {
        for (int i : starts) {
          tryAt(i, q, from, to, text, span, matchers, next, out);
        }
      }
    }
    for (int i : unfiltered) {
      if (i >= from && i < to) {
        out.set(i, findAll(all[i], text, span));
      }
    }
    return out;
  }

  private void tryAt(int i, int q, int from, int to, String text, Span span, Matcher[] matchers, int[] next,
      List<List<Mention>> out) {
    if (i < from || i >= to || q < next[i]) {
      return;
    }
    Matcher x = matchers[i];
    if (x == null) {
      x = all[i].pattern().matcher(text);
      x.useTransparentBounds(true);
      matchers[i] = x;
    }
    x.region(q, span.end());
    if (x.lookingAt()) {
      if (out.get(i).isEmpty()) {
        out.set(i, new ArrayList<>(2));
      }
      out.get(i).add(new Mention(all[i].id(), new Span(x.start(), x.end()), all[i].implied()));
      next[i] = x.end();
    }
  }

  /** {@code [\p{L}\p{N}]} for one BMP character. */
  private static boolean isLetterOrNumber(char c) {
    return switch (Character.getType(c)) {
      case Character.UPPERCASE_LETTER, Character.LOWERCASE_LETTER, Character.TITLECASE_LETTER,
          Character.MODIFIER_LETTER, Character.OTHER_LETTER, Character.DECIMAL_DIGIT_NUMBER,
          Character.LETTER_NUMBER, Character.OTHER_NUMBER -> true;
      default -> false;
    };
  }

  /** The slow reference: every pattern's {@code find()} over the span. Kept for tests of {@link #scan}. */
  List<List<Mention>> scanWithRegexOnly(String text, Span span) {
    List<List<Mention>> out = new ArrayList<>();
    for (Matcherish m : all) {
      out.add(findAll(m, text, span));
    }
    return out;
  }

  private static List<Mention> findAll(Matcherish m, String text, Span span) {
    List<Mention> found = new ArrayList<>();
    Matcher x = m.pattern().matcher(text);
    x.region(span.start(), span.end());
    x.useTransparentBounds(true);
    while (x.find()) {
      found.add(new Mention(m.id(), new Span(x.start(), x.end()), m.implied()));
    }
    return found;
  }

  /** What {@link #scan} returns for every pattern, for tests. */
  List<List<Mention>> scanAll(String text, Span span) {
    return scan(text, span, 0, all.length);
  }
}
