package org.stancemap.ask.question;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.stancemap.InvalidInputException;
import org.stancemap.codebook.Actor;
import org.stancemap.codebook.Codebook;
import org.stancemap.codebook.Label;
import org.stancemap.codebook.Mentions;
import org.stancemap.codebook.Position;
import org.stancemap.codebook.Stance;
import org.stancemap.text.Span;

/**
 * Reads an analyst's question into a {@link ParsedQuestion}, deterministically and driven by the codebook: targets
 * and actors by their aliases ({@link Mentions}), positions, narratives and techniques by their ids, names, cues
 * (positions) and {@link Synonyms}. Only English function words (question words, prepositions, month names) are
 * part of the code; no codebook label is. Immutable and thread-safe.
 */
public final class QuestionParser {
  /** The longest question accepted, in characters. */
  public static final int MAX_LENGTH = 2000;

  private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}][\\p{L}\\p{N}'’-]*");
  private static final String MONTHS_RE = "january|february|march|april|may|june|july|august|september|october"
      + "|november|december|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec";
  private static final String DATE_RE = "(\\d{4}-\\d{2}-\\d{2}|\\d{4}-\\d{2}|(?:" + MONTHS_RE + ")\\.?\\s+\\d{4}"
      + "|\\d{1,2}\\s+(?:" + MONTHS_RE + ")\\.?\\s+\\d{4}|(?:19|20)\\d{2})";
  private static final Pattern RANGE = Pattern.compile("\\b(?:between|from)\\s+" + DATE_RE
      + "\\s+(?:and|to|until|till|through)\\s+" + DATE_RE + "(?![\\p{L}\\p{N}])", Pattern.CASE_INSENSITIVE);
  private static final Pattern OPEN_START = Pattern.compile("\\b(since|after|from|starting)\\s+(?:in\\s+)?"
      + DATE_RE + "(?![\\p{L}\\p{N}-])", Pattern.CASE_INSENSITIVE);
  private static final Pattern OPEN_END = Pattern.compile("\\b(before|until|till|up\\s+to|by)\\s+" + DATE_RE
      + "(?![\\p{L}\\p{N}-])", Pattern.CASE_INSENSITIVE);
  private static final Pattern SINGLE = Pattern.compile("(?<![\\p{L}\\p{N}-])" + DATE_RE + "(?![\\p{L}\\p{N}-])",
      Pattern.CASE_INSENSITIVE);
  private static final Pattern QUOTED_SOURCE = Pattern.compile("\\b(from|in|by|at|on)\\s+[\"“]([^\"”]{1,120})[\"”]",
      Pattern.CASE_INSENSITIVE);
  private static final Pattern DOMAIN_SOURCE = Pattern.compile(
      "\\b(from|in|by|at|on)\\s+((?:https?://)?[\\w-]+(?:[./][\\w-]+)*\\.(?:[a-z]{2,6}))(?![\\p{L}\\p{N}])",
      Pattern.CASE_INSENSITIVE);
  private static final Pattern NAMED_SOURCE = Pattern.compile(
      "\\b(from|by|in|at)\\s+((?:the\\s+|The\\s+)?\\p{Lu}[\\p{L}\\p{N}'’&.-]*(?:\\s+(?:of\\s+|the\\s+|and\\s+|&\\s+)?"
      + "\\p{Lu}[\\p{L}\\p{N}'’&.-]*)*)");

  private static final Set<String> STOP = Set.of("a", "an", "the", "and", "or", "but", "of", "in", "on", "at", "to",
      "for", "from", "by", "with", "about", "as", "is", "are", "was", "were", "be", "been", "being", "do", "does",
      "did", "have", "has", "had", "what", "which", "who", "whom", "whose", "how", "when", "where", "why", "many",
      "much", "that", "this", "these", "those", "there", "their", "they", "them", "it", "its", "i", "me", "my", "we",
      "our", "you", "your", "he", "she", "his", "her", "any", "all", "some", "most", "more", "less", "than", "then",
      "so", "such", "not", "no", "can", "could", "would", "should", "will", "shall", "may", "might", "must", "between",
      "since", "before", "after", "until", "during", "into", "over", "under", "up", "down", "out", "if", "else", "one",
      "ones", "other", "others", "each", "per", "via", "vs", "versus", "compare", "compared", "comparison", "number",
      "count", "show", "tell", "list", "give", "find", "say", "says", "said", "saying", "text", "texts", "document",
      "documents", "source", "sources", "article", "articles", "corpus", "use", "uses", "used", "using", "talk",
      "talks", "talking", "mention", "mentions", "mentioned", "regarding", "concerning", "among", "across", "within",
      "please", "also", "just", "only", "very", "s", "let", "us", "there's", "what's", "who's", "how's");
  private static final Set<String> MONTH_WORDS = Set.of(MONTHS_RE.split("\\|"));
  private static final List<String> FAVOR_CUES = List.of("pro", "support", "supports", "supporting", "supported",
      "supporter", "supporters", "defend", "defends", "defending", "back", "backs", "backing", "side with",
      "sides with", "siding with", "stand with", "stands with", "standing with", "solidarity with", "favour",
      "favor", "in favour of", "in favor of", "praise", "praises", "praising", "cheer", "cheering");
  private static final List<String> AGAINST_CUES = List.of("anti", "against", "oppose", "opposes", "opposing",
      "opponents of", "condemn", "condemns", "condemning", "criticise", "criticises", "criticize", "criticizes",
      "criticising", "criticizing", "criticism of", "blame", "blames", "blaming", "denounce", "denounces",
      "attack", "attacks", "attacking", "hostile to", "hostility to");

  private record Term(String id, Pattern pattern) {}

  private final Codebook codebook;
  private final Mentions mentions;
  private final Map<String, Actor> actors = new LinkedHashMap<>();
  private final List<Term> positions;
  private final List<Term> narratives;
  private final List<Term> techniques;
  private final List<String> knownSources;

  /** A parser for questions about documents labelled with {@code codebook}, recognising {@code synonyms}. */
  public QuestionParser(Codebook codebook, Synonyms synonyms) {
    this(codebook, synonyms, List.of());
  }

  /**
   * @param knownSources sources of the corpus: {@code in X} is read as a source only when X is quoted, looks like a
   *     domain or file name, or occurs in one of these (so that "in Europe" is not a source filter)
   */
  public QuestionParser(Codebook codebook, Synonyms synonyms, Collection<String> knownSources) {
    this.codebook = codebook;
    this.mentions = new Mentions(codebook);
    codebook.actors().forEach(a -> actors.put(a.id(), a));
    this.knownSources = knownSources.stream().map(s -> s.toLowerCase(Locale.ROOT)).toList();
    this.positions = new ArrayList<>();
    for (Position p : codebook.positions()) {
      if (p.id().equals("unrelated")) {
        continue;
      }
      List<String> words = new ArrayList<>(names(p.id(), p.label() == null ? null : p.label().name(), false));
      if (p.label() != null) {
        words.addAll(p.label().cues());
      }
      words.addAll(synonyms.positions().getOrDefault(p.id(), List.of()));
      positions.add(new Term(p.id(), compile(words)));
    }
    this.narratives = labels(codebook.narratives(), synonyms.narratives(), false);
    this.techniques = labels(codebook.techniques(), synonyms.techniques(), true);
  }

  private static List<Term> labels(List<Label> labels, Map<String, List<String>> synonyms, boolean splitHyphen) {
    List<Term> out = new ArrayList<>();
    for (Label l : labels) {
      List<String> words = new ArrayList<>(names(l.id(), l.name(), splitHyphen));
      words.addAll(synonyms.getOrDefault(l.id(), List.of()));
      out.add(new Term(l.id(), compile(words)));
    }
    return out;
  }

  /** The ways a label's id and name can be written in a question. */
  private static List<String> names(String id, String name, boolean splitHyphen) {
    List<String> out = new ArrayList<>();
    out.add(id);
    out.add(id.replace('-', ' '));
    if (name != null && !name.isBlank()) {
      String n = name.strip();
      out.add(n);
      String bare = n.replaceAll("\\s*\\([^)]*\\)\\s*", " ").strip();
      out.add(bare);
      for (String part : bare.split("\\s*/\\s*")) {
        out.add(part);
        if (splitHyphen && part.contains(" ")) {
          for (String p : part.split("-")) {
            if (p.strip().length() > 3) {
              out.add(p.strip());
            }
          }
        }
        if (part.toLowerCase(Locale.ROOT).startsWith("the ")) {
          out.add(part.substring(4));
        }
      }
    }
    return out.stream().map(String::strip).filter(s -> s.length() > 2).distinct().toList();
  }

  /** Whole words, case-insensitive, any spaces or hyphens between words, plural and possessive endings allowed. */
  private static Pattern compile(List<String> words) {
    List<String> sorted = new ArrayList<>(words.stream().map(String::strip).filter(s -> !s.isEmpty()).distinct()
        .toList());
    sorted.sort(Comparator.comparingInt(String::length).reversed().thenComparing(Comparator.naturalOrder()));
    StringBuilder alt = new StringBuilder();
    for (String w : sorted) {
      if (!alt.isEmpty()) {
        alt.append('|');
      }
      String[] parts = w.replace('’', '\'').split("[\\s-]+");
      for (int i = 0; i < parts.length; i++) {
        if (i > 0) {
          alt.append("[\\s-]+");
        }
        alt.append(Pattern.quote(parts[i]));
      }
    }
    return Pattern.compile("(?<![\\p{L}\\p{N}])(?:" + alt + ")(?:e?s|'s|')?(?![\\p{L}\\p{N}])",
        Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
  }

  /**
   * Parses {@code question}.
   *
   * @throws InvalidInputException if the question is blank or longer than {@link #MAX_LENGTH}
   */
  public ParsedQuestion parse(String question) {
    if (question == null || question.isBlank()) {
      throw new InvalidInputException("the question is empty: ask something, e.g. \"What do campists say about "
          + "NATO?\"");
    }
    if (question.length() > MAX_LENGTH) {
      throw new InvalidInputException("the question is " + question.length() + " characters long; at most "
          + MAX_LENGTH + " are accepted");
    }
    String q = question.strip().replace('’', '\'').replaceAll("\\s+", " ");
    String lower = q.toLowerCase(Locale.ROOT);
    Span all = new Span(0, q.length());

    Set<String> targets = new LinkedHashSet<>();
    Map<String, Stance> stances = new LinkedHashMap<>();
    for (Mentions.Mention m : mentions.targets(q, all)) {
      targets.add(m.id());
      Stance s = stanceBefore(lower, m.span().start());
      if (s != Stance.NONE) {
        stances.putIfAbsent(m.id(), s);
      }
    }
    Set<String> actorIds = new LinkedHashSet<>();
    List<Span> actorSpans = new ArrayList<>();
    for (Mentions.Mention m : mentions.actors(q, all)) {
      actorIds.add(m.id());
      actorSpans.add(m.span());
      Actor a = actors.get(m.id());
      if (a != null && a.target() != null) {
        targets.add(a.target());
      }
    }
    List<Hit> hits = new ArrayList<>();
    hits.addAll(hits(positions, q, 'p'));
    hits.addAll(hits(narratives, q, 'n'));
    hits.addAll(hits(techniques, q, 't'));
    // A match inside a longer match of another label ("campism" in "criticise campism") does not count.
    hits.removeIf(h -> hits.stream().anyMatch(o -> o != h && o.start() <= h.start() && h.end() <= o.end()
        && o.end() - o.start() > h.end() - h.start()));
    hits.sort(Comparator.comparingInt(Hit::start));
    List<String> pos = hits.stream().filter(h -> h.dim() == 'p').map(Hit::id).distinct().toList();
    List<String> narr = hits.stream().filter(h -> h.dim() == 'n').map(Hit::id).distinct().toList();
    List<String> tech = hits.stream().filter(h -> h.dim() == 't').map(Hit::id).distinct().toList();

    List<Span> consumed = new ArrayList<>();
    Period period = period(q, consumed);
    List<String> sources = sources(q, consumed);
    QuestionKind kind = kind(lower, pos, narr, tech);
    List<String> keywords = keywords(q, consumed);
    return new ParsedQuestion(question.strip(), kind, List.copyOf(targets), stances, List.copyOf(actorIds), pos,
        narr, tech, sources, period, keywords);
  }

  private record Hit(String id, int start, int end, char dim) {}

  private static List<Hit> hits(List<Term> terms, String q, char dim) {
    List<Hit> out = new ArrayList<>();
    for (Term t : terms) {
      Matcher m = t.pattern().matcher(q);
      while (m.find()) {
        out.add(new Hit(t.id(), m.start(), m.end(), dim));
      }
    }
    return out;
  }

  private static List<String> find(List<Term> terms, String q) {
    record Hit(String id, int at) {}
    List<Hit> hits = new ArrayList<>();
    for (Term t : terms) {
      Matcher m = t.pattern().matcher(q);
      if (m.find()) {
        hits.add(new Hit(t.id(), m.start()));
      }
    }
    hits.sort(Comparator.comparingInt(Hit::at));
    return hits.stream().map(Hit::id).distinct().toList();
  }

  private static Stance stanceBefore(String lower, int at) {
    if (at >= 1 && lower.charAt(at - 1) == '-') {
      String before = lower.substring(0, at - 1);
      if (before.endsWith("pro")) {
        return Stance.FAVOR;
      }
      if (before.endsWith("anti")) {
        return Stance.AGAINST;
      }
    }
    String window = lower.substring(Math.max(0, at - 40), at).replaceAll("[^\\p{L}\\p{N}' ]", " ")
        .replaceAll("\\s+", " ").strip();
    String[] words = window.isEmpty() ? new String[0] : window.split(" ");
    // The four words before the mention (room for an article: "support the Ukrainian resistance").
    int from = Math.max(0, words.length - 4);
    String tail = " " + String.join(" ", Arrays.copyOfRange(words, from, words.length)) + " ";
    Stance found = Stance.NONE;
    int best = -1;
    for (String c : FAVOR_CUES) {
      int i = tail.lastIndexOf(" " + c + " ");
      if (i > best) {
        best = i;
        found = Stance.FAVOR;
      }
    }
    for (String c : AGAINST_CUES) {
      int i = tail.lastIndexOf(" " + c + " ");
      if (i > best) {
        best = i;
        found = Stance.AGAINST;
      }
    }
    return found;
  }

  private static Period period(String q, List<Span> consumed) {
    Matcher m = RANGE.matcher(q);
    if (m.find()) {
      consumed.add(new Span(m.start(), m.end()));
      LocalDate[] a = dateRange(m.group(1));
      LocalDate[] b = dateRange(m.group(2));
      if (!a[0].isBefore(b[1])) {
        throw new InvalidInputException("the period '" + m.group() + "' ends before it starts");
      }
      return new Period(a[0], b[1], m.group());
    }
    m = OPEN_START.matcher(q);
    if (m.find()) {
      consumed.add(new Span(m.start(), m.end()));
      LocalDate[] d = dateRange(m.group(2));
      return new Period(m.group(1).equalsIgnoreCase("after") ? d[1] : d[0], null, m.group());
    }
    m = OPEN_END.matcher(q);
    if (m.find()) {
      consumed.add(new Span(m.start(), m.end()));
      LocalDate[] d = dateRange(m.group(2));
      String w = m.group(1).toLowerCase(Locale.ROOT);
      return new Period(null, w.equals("before") ? d[0] : d[1], m.group());
    }
    m = SINGLE.matcher(q);
    if (m.find()) {
      consumed.add(new Span(m.start(), m.end()));
      LocalDate[] d = dateRange(m.group(1));
      return new Period(d[0], d[1], m.group());
    }
    return null;
  }

  /** The half-open day range a date expression covers: a day, a month or a year. */
  static LocalDate[] dateRange(String expr) {
    String e = expr.strip().toLowerCase(Locale.ROOT).replace(".", "");
    try {
      if (e.matches("\\d{4}-\\d{2}-\\d{2}")) {
        LocalDate d = LocalDate.parse(e);
        return new LocalDate[] {d, d.plusDays(1)};
      }
      if (e.matches("\\d{4}-\\d{2}")) {
        YearMonth ym = YearMonth.parse(e);
        return new LocalDate[] {ym.atDay(1), ym.plusMonths(1).atDay(1)};
      }
      if (e.matches("\\d{4}")) {
        int y = Integer.parseInt(e);
        return new LocalDate[] {LocalDate.of(y, 1, 1), LocalDate.of(y + 1, 1, 1)};
      }
      String[] parts = e.split("\\s+");
      if (parts.length == 3) {
        LocalDate d = LocalDate.of(Integer.parseInt(parts[2]), month(parts[1]), Integer.parseInt(parts[0]));
        return new LocalDate[] {d, d.plusDays(1)};
      }
      YearMonth ym = YearMonth.of(Integer.parseInt(parts[1]), month(parts[0]));
      return new LocalDate[] {ym.atDay(1), ym.plusMonths(1).atDay(1)};
    } catch (DateTimeException | NumberFormatException ex) {
      throw new InvalidInputException("the question names a date that does not exist: '" + expr + "'");
    }
  }

  private static int month(String word) {
    String w = word.substring(0, 3);
    List<String> names = List.of("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec");
    return names.indexOf(w) + 1;
  }

  private List<String> sources(String q, List<Span> consumed) {
    Set<String> out = new LinkedHashSet<>();
    for (Pattern p : List.of(QUOTED_SOURCE, DOMAIN_SOURCE)) {
      Matcher m = p.matcher(q);
      while (m.find()) {
        if (!overlaps(consumed, m.start(), m.end())) {
          out.add(m.group(2).strip());
          consumed.add(new Span(m.start(), m.end()));
        }
      }
    }
    Matcher m = NAMED_SOURCE.matcher(q);
    while (m.find()) {
      if (overlaps(consumed, m.start(), m.end())) {
        continue;
      }
      String name = m.group(2).strip().replaceAll("[.'’]+$", "");
      String key = name.toLowerCase(Locale.ROOT);
      String bare = key.startsWith("the ") ? key.substring(4) : key;
      boolean isLabel = !mentions.targets(name, new Span(0, name.length())).isEmpty()
          || !mentions.actors(name, new Span(0, name.length())).isEmpty()
          || !find(positions, name).isEmpty() || !find(narratives, name).isEmpty() || !find(techniques, name).isEmpty()
          || MONTH_WORDS.contains(bare.split(" ")[0]);
      if (isLabel) {
        continue;
      }
      boolean weak = m.group(1).equalsIgnoreCase("in") || m.group(1).equalsIgnoreCase("at");
      if (weak && knownSources.stream().noneMatch(s -> s.contains(bare))) {
        continue;
      }
      out.add(name);
      consumed.add(new Span(m.start(), m.end()));
    }
    return List.copyOf(out);
  }

  private static boolean overlaps(List<Span> spans, int start, int end) {
    return spans.stream().anyMatch(s -> s.start() < end && start < s.end());
  }

  private static QuestionKind kind(String lower, List<String> pos, List<String> narr, List<String> tech) {
    if (lower.matches(".*\\b(compare|comparison|versus|vs\\.?|differ|differs|difference|differences|contrast)\\b.*")
        || pos.size() >= 2) {
      return QuestionKind.COMPARE;
    }
    if (lower.matches(".*\\b(how many|how much|how often|number of|count)\\b.*")) {
      return QuestionKind.HOW_MANY;
    }
    if (lower.matches("^(who|whom|whose)\\b.*") || lower.matches(".*\\b(which|what) (sources|outlets|authors|"
        + "documents|sites|websites|blogs|publications|papers|groups|writers|texts|articles)\\b.*")) {
      return QuestionKind.WHO;
    }
    if (lower.matches(".*\\b(narratives?|stories|story|arguments?|claims?|talking points?|framings?|frames?|"
        + "storylines?|themes?)\\b.*") || !narr.isEmpty() && tech.isEmpty()) {
      return QuestionKind.NARRATIVES;
    }
    if (lower.matches(".*\\b(techniques?|rhetoric|rhetorical|devices?|fallac\\w*|persuasion|propaganda tricks?)\\b.*")
        || !tech.isEmpty()) {
      return QuestionKind.TECHNIQUES;
    }
    if (lower.matches(".*\\b(positions?|camps?|stances?|sides?|views?|react\\w*|responses?|respond\\w*|"
        + "attitudes?|think|opinions?)\\b.*") || !pos.isEmpty()) {
      return QuestionKind.POSITIONS;
    }
    return QuestionKind.OVERVIEW;
  }

  private static List<String> keywords(String q, List<Span> consumed) {
    Set<String> out = new LinkedHashSet<>();
    Matcher m = WORD.matcher(q);
    while (m.find()) {
      if (overlaps(consumed, m.start(), m.end())) {
        continue;
      }
      String w = m.group().toLowerCase(Locale.ROOT).replace('’', '\'');
      if (w.endsWith("'s")) {
        w = w.substring(0, w.length() - 2);
      }
      if (w.length() < 2 || STOP.contains(w) || MONTH_WORDS.contains(w) || w.matches("\\d+")) {
        continue;
      }
      out.add(w);
    }
    return List.copyOf(out);
  }

  /** The codebook this parser reads questions for. */
  public Codebook codebook() {
    return codebook;
  }
}
