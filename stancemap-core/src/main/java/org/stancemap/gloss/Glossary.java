package org.stancemap.gloss;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.stancemap.InvalidInputException;

/**
 * A word glossary from one language into English, and the gloss it gives a text. Glossaries are data: a UTF-8 file
 * of {@code source<TAB>english} lines (see docs/multilingual.md). A source is a lower-case word, a fixed expression
 * of up to {@value #MAX_WORDS} words, or a {@code stem*} that any word beginning with the stem matches.
 *
 * <p>A word is glossed by the first rule that applies: the longest fixed expression starting at it; the word
 * itself; its hyphenated parts, each on its own; the longest stem it begins with; for compounding languages
 * (German, Dutch, the Scandinavian languages) two known parts, with a linking {@code s}, {@code es}, {@code n} or
 * {@code en} allowed after the first. A word that none of these knows is kept as written (names mostly). Elided
 * articles and prepositions ({@code l'}, {@code dell'}, {@code qu'}) are words of their own when the glossary lists
 * them. Everything between words is copied, with typographic quotes made English (« » „ ‚ become “ ” “ ‘).
 *
 * <p>Design decision: the gloss is not a translation (no reordering, no agreement), but the stance model reads
 * mostly which words a sentence uses about whom, and negation, names and the debate's fixed expressions survive a
 * gloss. The analysis marks such documents ({@code analysed-via-gloss}) so that a reader weighs their labels.
 */
public final class Glossary {
  /** The longest fixed expression, in words. */
  public static final int MAX_WORDS = 6;

  /** The languages a glossary ships for (ISO 639-3), as docs/multilingual.md lists them. */
  public static final List<String> SHIPPED_LANGUAGES = List.of("deu", "fra", "spa", "ita", "por", "pol");

  private static final int MIN_STEM = 3;
  private static final int MIN_PART = 3;
  private static final Set<String> COMPOUNDING = Set.of("deu", "nld", "swe", "dan", "nor", "nob");
  private static final Pattern LANGUAGE = Pattern.compile("[a-z]{3}");
  private static final Pattern VERSION = Pattern.compile("version ([0-9][0-9A-Za-z.-]*)");
  private static final Pattern SPACES = Pattern.compile("\\s+");
  /** Dotted capital abbreviations read as one word: EE.UU., U.S., R.F. */
  private static final Pattern ABBREVIATION = Pattern.compile("(?:\\p{Lu}{1,3}\\.){2,}");
  private static final Map<String, Optional<Glossary>> SHIPPED = new ConcurrentHashMap<>();

  private final String language;
  private final String version;
  private final Map<String, String> words;
  private final Map<String, String> stems;
  private final Map<String, String> phrases;
  private final int longestStem;
  private final boolean compounding;

  private Glossary(String language, String version, Map<String, String> words, Map<String, String> stems,
      Map<String, String> phrases) {
    this.language = language;
    this.version = version;
    this.words = Map.copyOf(words);
    this.stems = Map.copyOf(stems);
    this.phrases = Map.copyOf(phrases);
    this.longestStem = stems.keySet().stream().mapToInt(String::length).max().orElse(0);
    this.compounding = COMPOUNDING.contains(language);
  }

  /** The glossary that ships for {@code language} (ISO 639-3, e.g. {@code deu}), if there is one. */
  public static Optional<Glossary> shipped(String language) {
    if (language == null || !LANGUAGE.matcher(language).matches()) {
      return Optional.empty();
    }
    return SHIPPED.computeIfAbsent(language, Glossary::readShipped);
  }

  private static Optional<Glossary> readShipped(String language) {
    String resource = "/org/stancemap/gloss/" + language + ".tsv";
    try (InputStream in = Glossary.class.getResourceAsStream(resource)) {
      if (in == null) {
        return Optional.empty();
      }
      List<String> lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).lines().toList();
      return Optional.of(parse(language, resource, lines));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the shipped glossary " + resource, e);
    }
  }

  /**
   * Reads a glossary file named after its language's ISO 639-3 code ({@code ukr.tsv}: Ukrainian), as
   * {@code --glossary} takes it; errors name the file and line.
   */
  public static Glossary load(Path file) throws IOException {
    String name = file.getFileName() == null ? "" : file.getFileName().toString();
    int dot = name.indexOf('.');
    String language = dot < 0 ? name : name.substring(0, dot);
    if (!LANGUAGE.matcher(language).matches()) {
      throw new IllegalArgumentException("glossary " + file + ": the file name must be its language's ISO 639-3 "
          + "code, such as ukr.tsv for Ukrainian; '" + language + "' is not one");
    }
    return load(file, language);
  }

  /**
   * Reads a glossary the user gave with {@code --glossary} ({@link #load(Path)}), for the CLI and the Spark job
   * alike: a bad name or line, or a file that cannot be read, becomes an {@link InvalidInputException} that names the
   * option and the file.
   */
  public static Glossary loadGiven(Path file) {
    try {
      return load(file);
    } catch (IllegalArgumentException e) {
      throw new InvalidInputException("--glossary " + file + ": " + e.getMessage());
    } catch (IOException e) {
      throw new InvalidInputException("--glossary " + file + ": cannot read it: " + e.getMessage(), e);
    }
  }

  /**
   * Reads the glossaries a user gave with {@code --glossary} ({@link #loadGiven}), in order, and refuses a second file
   * for one language: which of the two should win is the user's call, not ours.
   */
  public static List<Glossary> loadAllGiven(List<Path> files) {
    List<Glossary> out = new ArrayList<>();
    Map<String, Path> byLanguage = new HashMap<>();
    for (Path f : files) {
      Glossary read = loadGiven(f);
      Path before = byLanguage.putIfAbsent(read.language(), f);
      if (before != null) {
        throw new InvalidInputException("--glossary " + f + ": a second glossary for '" + read.language()
            + "' (the first is " + before + "); give one file per language");
      }
      out.add(read);
    }
    return List.copyOf(out);
  }

  /** Reads a glossary file for {@code language}; errors name the file and line. */
  public static Glossary load(Path file, String language) throws IOException {
    if (language == null || !LANGUAGE.matcher(language).matches()) {
      throw new IllegalArgumentException("glossary " + file + ": the language must be an ISO 639-3 code such as "
          + "deu or fra, not '" + language + "'");
    }
    return parse(language, file.toString(), Files.readAllLines(file, StandardCharsets.UTF_8));
  }

  /** Parses glossary lines; {@code where} names the source in error messages. */
  static Glossary parse(String language, String where, List<String> lines) {
    Map<String, String> words = new HashMap<>();
    Map<String, String> stems = new HashMap<>();
    Map<String, String> phrases = new HashMap<>();
    Map<String, Integer> firstLine = new HashMap<>();
    String version = "unversioned";
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      if (i == 0 && !line.isEmpty() && line.charAt(0) == '\uFEFF') {
        line = line.substring(1);
      }
      if (line.isBlank()) {
        continue;
      }
      if (line.startsWith("#")) {
        Matcher v = VERSION.matcher(line);
        if (i == 0 && v.find()) {
          version = v.group(1).replaceAll("\\.$", "");
        }
        continue;
      }
      int tab = line.indexOf('\t');
      if (tab <= 0 || line.indexOf('\t', tab + 1) >= 0) {
        throw new IllegalArgumentException(where + " line " + (i + 1) + ": expected 'source<TAB>english' with "
            + "exactly one tab: " + line);
      }
      String source = normalise(line.substring(0, tab).strip());
      String english = line.substring(tab + 1).strip();
      Integer seen = firstLine.putIfAbsent(source, i + 1);
      if (seen != null) {
        throw new IllegalArgumentException(where + " line " + (i + 1) + ": source '" + source
            + "' is already on line " + seen);
      }
      if (source.endsWith("*")) {
        String stem = source.substring(0, source.length() - 1);
        if (stem.length() < MIN_STEM || stem.contains(" ")) {
          throw new IllegalArgumentException(where + " line " + (i + 1) + ": a stem entry needs at least "
              + MIN_STEM + " letters of one word before '*': " + source);
        }
        stems.put(stem, english);
      } else if (source.contains(" ")) {
        if (source.split(" ").length > MAX_WORDS) {
          throw new IllegalArgumentException(where + " line " + (i + 1) + ": a fixed expression has at most "
              + MAX_WORDS + " words: " + source);
        }
        phrases.put(source, english);
      } else {
        words.put(source, english);
      }
    }
    if (words.isEmpty() && stems.isEmpty() && phrases.isEmpty()) {
      throw new IllegalArgumentException(where + ": no 'source<TAB>english' entries");
    }
    return new Glossary(language, version, words, stems, phrases);
  }

  /** Lower case, one apostrophe and single spaces, as sources are compared. */
  static String normalise(String s) {
    return SPACES.matcher(s.toLowerCase(Locale.ROOT).replace('\u2019', '\'').replace('\u02BC', '\''))
        .replaceAll(" ");
  }

  public String language() {
    return language;
  }

  public String version() {
    return version;
  }

  /** The number of entries. */
  public int size() {
    return words.size() + stems.size() + phrases.size();
  }

  private record Token(int start, int end, String key, boolean elided) {}

  /** The English gloss of {@code text}, aligned to it. */
  public Glossed gloss(String text) {
    List<Token> tokens = tokens(text);
    StringBuilder english = new StringBuilder(text.length() + 16);
    List<Glossed.Piece> pieces = new ArrayList<>();
    int at = 0;
    int known = 0;
    int k = 0;
    while (k < tokens.size()) {
      Token first = tokens.get(k);
      copyBetween(text, at, first.start(), english, pieces);
      int n = phraseLength(text, tokens, k);
      String out;
      boolean isKnown = true;
      if (n > 0) {
        out = phrases.get(key(tokens, k, n));
      } else {
        n = 1;
        String g = word(first.key());
        if (g == null) {
          isKnown = false;
          out = text.substring(first.start(), first.end());
        } else {
          out = g;
        }
      }
      Token last = tokens.get(k + n - 1);
      if (last.elided() && !out.isEmpty()) {
        out = out + " ";
      }
      int e0 = english.length();
      english.append(out);
      pieces.add(new Glossed.Piece(first.start(), last.end(), e0, english.length(), true));
      known += isKnown ? n : 0;
      at = last.end();
      k += n;
    }
    copyBetween(text, at, text.length(), english, pieces);
    return new Glossed(text, english.toString(), pieces, tokens.size(), known);
  }

  private static void copyBetween(String text, int from, int to, StringBuilder english, List<Glossed.Piece> pieces) {
    for (int i = from; i < to; i++) {
      char c = text.charAt(i);
      char e = switch (c) {
        case '\u00AB', '\u201E' -> '\u201C';
        case '\u00BB' -> '\u201D';
        case '\u201A' -> '\u2018';
        default -> c;
      };
      int e0 = english.length();
      english.append(e);
      pieces.add(new Glossed.Piece(i, i + 1, e0, e0 + 1, false));
    }
  }

  /** The number of tokens of the longest fixed expression starting at token {@code k}, or 0. */
  private int phraseLength(String text, List<Token> tokens, int k) {
    if (phrases.isEmpty()) {
      return 0;
    }
    for (int n = Math.min(MAX_WORDS, tokens.size() - k); n >= 2; n--) {
      if (!joinedBySpaces(text, tokens, k, n)) {
        continue;
      }
      if (phrases.containsKey(key(tokens, k, n))) {
        return n;
      }
    }
    return 0;
  }

  private static boolean joinedBySpaces(String text, List<Token> tokens, int k, int n) {
    for (int j = k; j < k + n - 1; j++) {
      for (int i = tokens.get(j).end(); i < tokens.get(j + 1).start(); i++) {
        if (!Character.isWhitespace(text.charAt(i))) {
          return false;
        }
      }
    }
    return true;
  }

  private static String key(List<Token> tokens, int k, int n) {
    StringBuilder b = new StringBuilder();
    for (int j = k; j < k + n; j++) {
      if (j > k && !tokens.get(j - 1).elided()) {
        b.append(' ');
      }
      b.append(tokens.get(j).key());
    }
    return b.toString();
  }

  /** The gloss of one word, or null when the glossary does not know it. */
  String word(String key) {
    String g = words.get(key);
    if (g != null) {
      return g;
    }
    if (key.indexOf('-') > 0) {
      List<String> parts = new ArrayList<>();
      for (String part : key.split("-")) {
        if (part.isEmpty()) {
          continue;
        }
        String p = word(part);
        if (p == null) {
          return null;
        }
        parts.add(p);
      }
      return parts.isEmpty() ? null : String.join(" ", parts);
    }
    g = stem(key);
    if (g != null) {
      return g;
    }
    return compounding ? compound(key) : null;
  }

  private String stem(String key) {
    for (int len = Math.min(key.length(), longestStem); len >= MIN_STEM; len--) {
      String g = stems.get(key.substring(0, len));
      if (g != null) {
        return g;
      }
    }
    return null;
  }

  /** Two known parts, the first with an optional linking element: the longest known head wins. */
  private String compound(String key) {
    for (int split = MIN_PART; split <= key.length() - MIN_PART; split++) {
      String head = key.substring(split);
      String h = words.get(head);
      if (h == null) {
        h = stem(head);
      }
      if (h == null) {
        continue;
      }
      String m = modifier(key.substring(0, split));
      if (m != null) {
        return (m + " " + h).strip();
      }
    }
    return null;
  }

  private String modifier(String part) {
    String g = words.get(part);
    if (g != null) {
      return g;
    }
    for (String link : new String[] {"s", "es", "n", "en"}) {
      if (part.length() - link.length() >= MIN_PART && part.endsWith(link)) {
        g = words.get(part.substring(0, part.length() - link.length()));
        if (g != null) {
          return g;
        }
      }
    }
    return stem(part);
  }

  /** The words of {@code text}: letter and digit runs with inner hyphens, dotted abbreviations, elisions. */
  private List<Token> tokens(String text) {
    List<Token> out = new ArrayList<>();
    Matcher abbreviation = ABBREVIATION.matcher(text);
    int i = 0;
    int n = text.length();
    while (i < n) {
      int c = text.codePointAt(i);
      if (!isWordChar(c)) {
        i += Character.charCount(c);
        continue;
      }
      abbreviation.region(i, n);
      if (abbreviation.lookingAt()) {
        int end = abbreviation.end();
        out.add(new Token(i, end, normalise(text.substring(i, end)), false));
        i = end;
        continue;
      }
      int j = i;
      while (j < n) {
        int d = text.codePointAt(j);
        if (isWordChar(d)) {
          j += Character.charCount(d);
        } else if ((d == '-' || d == '\u2010') && j + 1 < n && isWordChar(text.codePointAt(j + 1))) {
          j++;
        } else {
          break;
        }
      }
      if (j + 1 < n && isApostrophe(text.charAt(j)) && isWordChar(text.codePointAt(j + 1))) {
        int k = j + 1;
        while (k < n && isWordChar(text.codePointAt(k))) {
          k += Character.charCount(text.codePointAt(k));
        }
        String whole = normalise(text.substring(i, k));
        if (words.containsKey(whole)) { // aujourd'hui, po'
          out.add(new Token(i, k, whole, false));
          i = k;
          continue;
        }
        String elided = normalise(text.substring(i, j + 1));
        if (words.containsKey(elided)) {
          out.add(new Token(i, j + 1, elided, true));
          i = j + 1;
          continue;
        }
      }
      out.add(new Token(i, j, normalise(text.substring(i, j)), false));
      i = j;
    }
    return out;
  }

  private static boolean isWordChar(int c) {
    return Character.isLetterOrDigit(c) || Character.getType(c) == Character.NON_SPACING_MARK;
  }

  private static boolean isApostrophe(char c) {
    return c == '\'' || c == '\u2019' || c == '\u02BC';
  }
}
