package org.stancemap.text;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Cuts a document's text into the units an analyst recognises, each with its sentences, all as spans into the
 * original text.
 *
 * <p>Blocks are runs of non-blank lines. Structural hints ({@link Region}s from HTML markup) win over guesses; the
 * rest is classified from the text itself:
 *
 * <ul>
 *   <li>a <b>listing page</b> (two or more blocks ending in a truncation mark such as {@code […]}) becomes one
 *       {@code entry} per post: a title-like block and the teaser after it, or a teaser alone;
 *   <li>a block describing an image ("A meme shows …", or with two or more {@code labeled “…”}) is a {@code caption};
 *   <li>{@code Q:}/{@code A:} markers, or two or more paragraphs that end in a question each followed by a
 *       non-question paragraph, make {@code question} and {@code answer} units;
 *   <li>comment headers ("Name says:", "Name on March 3, 2023 at 10:14") and comment-section markers
 *       ("12 Comments") make {@code comment} units, the header itself being page furniture, not a unit;
 *   <li>the first title-like block (short, no sentence punctuation at its end) and Markdown headings are
 *       {@code title}s; everything else is a {@code paragraph}.
 * </ul>
 *
 * <p>Design decision: a page whose comments carry no marker at all (as in text copied from a blog without its
 * markup) cannot be told apart from the article reliably; such comments come out as paragraphs, still as units of
 * their own, and contradictions between them are still reported.
 *
 * <p>Thread-safe and stateless.
 */
public final class Segmenter {
  private static final int TITLE_MAX_WORDS = 20;
  private static final int TITLE_MAX_CHARS = 160;
  private static final Pattern CAPTION_START =
      Pattern.compile(
          "^(?:a|an|the|this|in the|one)\\s+(?:\\w+\\s+){0,3}?(?:meme|image|picture|cartoon|photo|photograph|"
              + "illustration|drawing|comic|poster|screenshot|graphic|gif)\\b.{0,80}?\\b(?:shows|depicts|features|"
              + "showing|depicting|has|is labeled|is labelled)\\b",
          Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
  private static final Pattern LABELED =
      Pattern.compile("\\b(?:labeled|labelled|captioned|reads|reading|saying|says)\\s*[:,]?\\s*[“\"‘']",
          Pattern.CASE_INSENSITIVE);
  private static final Pattern QUESTION_MARK =
      Pattern.compile("^(?:Q|Question|Interviewer)\\s*[:.]\\s*", Pattern.CASE_INSENSITIVE);
  private static final Pattern ANSWER_MARK =
      Pattern.compile("^(?:A|Answer)\\s*[:.]\\s*", Pattern.CASE_INSENSITIVE);
  private static final String MONTH =
      "(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|"
          + "oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)";
  private static final String DATE =
      "(?:" + MONTH + "\\.?\\s+\\d{1,2},?\\s+\\d{4}|\\d{1,2}\\s+" + MONTH + "\\.?,?\\s+\\d{4}|\\d{4}-\\d{2}-\\d{2}"
          + "|\\d{1,2}/\\d{1,2}/\\d{2,4})(?:,?\\s+(?:at\\s+)?\\d{1,2}:\\d{2}(?:\\s*[ap]\\.?m\\.?)?)?";
  private static final Pattern COMMENT_HEADER =
      Pattern.compile(
          "^(?<author>[^\\n]{1,60}?)\\s+(?:says|said|wrote|writes|commented|replied)\\s*:?\\s*(?:on\\s+)?"
              + "(?<date>" + DATE + ")?\\s*:?$|^(?<author2>[^\\n]{1,60}?)\\s+(?:on\\s+|[·|—–-]\\s*)(?<date2>" + DATE
              + ")\\s*(?:said|says|wrote)?\\s*:?$",
          Pattern.CASE_INSENSITIVE);
  private static final Pattern DATE_LINE = Pattern.compile("(?:on\\s+)?" + DATE, Pattern.CASE_INSENSITIVE);
  private static final Pattern COMMENTS_SECTION =
      Pattern.compile(
          "^(?:\\d+\\s+)?(?:comments?|responses?|replies|reader comments|discussion)(?:\\s+to\\s+.{1,120})?\\s*:?$"
              + "|^(?:leave a (?:reply|comment)|join the discussion)\\s*:?$",
          Pattern.CASE_INSENSITIVE);
  private static final Pattern REPLY_LINE =
      Pattern.compile("^(?:reply|↵\\s*reply|report|like|share)$", Pattern.CASE_INSENSITIVE);
  private static final Pattern MARKDOWN_HEADING = Pattern.compile("^(#{1,6})\\s+(.*?)\\s*#*\\s*$");
  private static final Pattern MARKDOWN_RULE = Pattern.compile("^\\s*(?:-{3,}|\\*{3,}|_{3,})\\s*$");

  private final SentenceSplitter splitter = new SentenceSplitter();

  /** A run of non-blank lines. */
  private record Block(Span span, boolean heading) {}

  /**
   * Segments {@code text}.
   *
   * @param regions structural hints from the input format (may be empty)
   * @param furniture spans that are page furniture, such as comment bylines, and never units
   * @param markdown whether to recognise Markdown headings and rules
   */
  public List<Unit> segment(String text, List<Region> regions, List<Span> furniture, boolean markdown) {
    List<Block> blocks = blocks(text, markdown);
    List<Unit> units = new ArrayList<>();
    List<Block> free = new ArrayList<>();
    int r = 0;
    List<Region> sorted = regions.stream().sorted((a, b) -> a.span().compareTo(b.span())).toList();
    for (Block b : blocks) {
      if (furniture.stream().anyMatch(f -> f.contains(b.span()))) {
        continue;
      }
      while (r < sorted.size() && sorted.get(r).span().end() <= b.span().start()) {
        r++;
      }
      Region inside = null;
      for (int k = r; k < sorted.size() && sorted.get(k).span().start() <= b.span().start(); k++) {
        if (sorted.get(k).span().contains(b.span())) {
          inside = sorted.get(k);
        }
      }
      if (inside == null) {
        free.add(b);
      } else {
        flush(text, free, units);
        free.clear();
        addRegionBlock(text, inside, b, units);
      }
    }
    flush(text, free, units);
    List<Unit> numbered = new ArrayList<>(units.size());
    int sentence = 0;
    for (int i = 0; i < units.size(); i++) {
      Unit u = units.get(i);
      List<Sentence> ss = new ArrayList<>(u.sentences().size());
      for (Sentence s : u.sentences()) {
        ss.add(new Sentence(sentence++, s.span()));
      }
      numbered.add(new Unit("u" + (i + 1), u.kind(), u.span(), ss, u.author(), u.date(), u.truncated()));
    }
    return numbered;
  }

  /** Convenience for plain text without hints. */
  public List<Unit> segment(String text) {
    return segment(text, List.of(), List.of(), false);
  }

  private void addRegionBlock(String text, Region region, Block b, List<Unit> units) {
    // Consecutive blocks of the same region form one unit (a comment of several paragraphs).
    if (!units.isEmpty()) {
      Unit last = units.get(units.size() - 1);
      if (last.kind() == region.kind() && region.span().contains(last.span())
          && last.span().start() >= region.span().start()) {
        Span merged = new Span(last.span().start(), b.span().end());
        units.set(units.size() - 1, unit(text, region.kind(), merged, region.author(), region.date(), false));
        return;
      }
    }
    units.add(unit(text, region.kind(), b.span(), region.author(), region.date(), false));
  }

  private void flush(String text, List<Block> blocks, List<Unit> units) {
    if (blocks.isEmpty()) {
      return;
    }
    int truncated = 0;
    for (Block b : blocks) {
      if (endsTruncated(text, b.span())) {
        truncated++;
      }
    }
    if (truncated >= 2) {
      listing(text, blocks, units);
    } else {
      article(text, blocks, units, units.isEmpty());
    }
  }

  private void listing(String text, List<Block> blocks, List<Unit> units) {
    for (int i = 0; i < blocks.size(); i++) {
      Block b = blocks.get(i);
      boolean title = b.heading() || titleLike(text, b.span());
      if (title && i + 1 < blocks.size() && !titleLike(text, blocks.get(i + 1).span())) {
        Block teaser = blocks.get(i + 1);
        Span span = new Span(b.span().start(), teaser.span().end());
        List<Sentence> sentences = new ArrayList<>();
        sentences.add(new Sentence(0, b.span()));
        for (Span s : splitter.split(text, teaser.span())) {
          sentences.add(new Sentence(0, s));
        }
        units.add(new Unit("", UnitKind.ENTRY, span, sentences, null, null, endsTruncated(text, teaser.span())));
        i++;
      } else if (title) {
        units.add(unit(text, UnitKind.TITLE, b.span(), null, null, false));
      } else {
        units.add(unit(text, UnitKind.ENTRY, b.span(), null, null, endsTruncated(text, b.span())));
      }
    }
  }

  private void article(String text, List<Block> blocks, List<Unit> units, boolean atTop) {
    boolean interview = isInterview(text, blocks);
    boolean inComments = false;
    boolean afterQuestion = false;
    String author = null;
    String date = null;
    boolean titleSeen = !atTop;
    Unit openComment = null;
    for (int i = 0; i < blocks.size(); i++) {
      Block b = blocks.get(i);
      String t = b.span().of(text).strip();
      if (b.heading()) {
        units.add(unit(text, UnitKind.TITLE, b.span(), null, null, false));
        titleSeen = true;
        inComments = COMMENTS_SECTION.matcher(t).matches();
        openComment = null;
        afterQuestion = false;
        continue;
      }
      if (REPLY_LINE.matcher(t).matches()) {
        openComment = null;
        continue;
      }
      if (COMMENTS_SECTION.matcher(t).matches()) {
        inComments = true;
        openComment = null;
        continue;
      }
      Matcher header = COMMENT_HEADER.matcher(t);
      int newline = t.indexOf('\n');
      if (newline > 0 && newline <= 120 && COMMENT_HEADER.matcher(t.substring(0, newline).strip()).matches()) {
        // "Anna says:" (and perhaps a date line) directly above the comment's text, in one block.
        Matcher h = COMMENT_HEADER.matcher(t.substring(0, newline).strip());
        h.matches();
        String a = h.group("author") != null ? h.group("author") : h.group("author2");
        String d = h.group("date") != null ? h.group("date") : h.group("date2");
        int bodyStart = b.span().start() + (b.span().of(text).indexOf('\n') + 1);
        int nextLine = text.indexOf('\n', bodyStart);
        if (d == null && nextLine > 0 && nextLine < b.span().end()
            && DATE_LINE.matcher(text.substring(bodyStart, nextLine).strip()).matches()) {
          d = text.substring(bodyStart, nextLine).strip();
          bodyStart = nextLine + 1;
        }
        Span body = new Span(bodyStart, b.span().end()).trim(text);
        if (body.length() > 0) {
          openComment = unit(text, UnitKind.COMMENT, body, a == null ? null : a.strip(), d, false);
          units.add(openComment);
          author = a == null ? null : a.strip();
          date = d;
          inComments = true;
          continue;
        }
      }
      if (t.length() <= 120 && !t.contains("\n") && header.matches()) {
        author = header.group("author") != null ? header.group("author") : header.group("author2");
        date = header.group("date") != null ? header.group("date") : header.group("date2");
        author = author == null ? null : author.strip();
        inComments = true;
        openComment = null;
        continue;
      }
      if (inComments) {
        if (openComment != null && author != null) {
          Span merged = new Span(openComment.span().start(), b.span().end());
          openComment = unit(text, UnitKind.COMMENT, merged, author, date, false);
          units.set(units.size() - 1, openComment);
        } else {
          openComment = unit(text, UnitKind.COMMENT, b.span(), author, date, false);
          units.add(openComment);
        }
        continue;
      }
      Matcher q = QUESTION_MARK.matcher(t);
      Matcher a = ANSWER_MARK.matcher(t);
      if (q.lookingAt() && t.length() > q.end()) {
        units.add(unit(text, UnitKind.QUESTION, skip(b.span(), text, q.end()), null, null, false));
        afterQuestion = true;
        continue;
      }
      if (a.lookingAt() && t.length() > a.end() && (afterQuestion || t.startsWith("Answer"))) {
        units.add(unit(text, UnitKind.ANSWER, skip(b.span(), text, a.end()), null, null, false));
        continue;
      }
      if (!titleSeen && titleLike(text, b.span())) {
        units.add(unit(text, UnitKind.TITLE, b.span(), null, null, false));
        // A short subtitle right under the title is part of the title block.
        if (i + 1 < blocks.size() && titleLike(text, blocks.get(i + 1).span())
            && wordCount(blocks.get(i + 1).span().of(text)) <= 12 && !isQuestion(text, blocks.get(i + 1))) {
          units.add(unit(text, UnitKind.TITLE, blocks.get(i + 1).span(), null, null, false));
          i++;
        }
        titleSeen = true;
        continue;
      }
      titleSeen = true;
      if (isCaption(t)) {
        units.add(unit(text, UnitKind.CAPTION, b.span(), null, null, false));
        afterQuestion = false;
        continue;
      }
      if (interview && isQuestion(text, b)) {
        units.add(unit(text, UnitKind.QUESTION, b.span(), null, null, false));
        afterQuestion = true;
        continue;
      }
      if (afterQuestion && interview) {
        units.add(unit(text, UnitKind.ANSWER, b.span(), null, null, false));
        continue;
      }
      units.add(unit(text, UnitKind.PARAGRAPH, b.span(), null, null, false));
    }
  }

  /** Two or more paragraphs ending in a question, each followed by a non-question paragraph. */
  private boolean isInterview(String text, List<Block> blocks) {
    int pairs = 0;
    // The first block may be a headline that asks a question; it does not start an interview.
    for (int i = 1; i + 1 < blocks.size(); i++) {
      if (isQuestion(text, blocks.get(i)) && !isQuestion(text, blocks.get(i + 1)) && !blocks.get(i + 1).heading()) {
        pairs++;
      }
    }
    return pairs >= 2;
  }

  private static boolean isQuestion(String text, Block b) {
    String t = b.span().of(text).strip();
    return !b.heading() && t.endsWith("?");
  }

  static boolean isCaption(String t) {
    if (CAPTION_START.matcher(t).lookingAt()) {
      return true;
    }
    Matcher m = LABELED.matcher(t);
    int n = 0;
    while (m.find()) {
      n++;
    }
    return n >= 2;
  }

  private static Span skip(Span span, String text, int chars) {
    int lead = 0;
    while (lead < span.length() && Character.isWhitespace(text.charAt(span.start() + lead))) {
      lead++;
    }
    return new Span(Math.min(span.end(), span.start() + lead + chars), span.end()).trim(text);
  }

  /** Short, no sentence punctuation at the end, not a truncated teaser. */
  static boolean titleLike(String text, Span span) {
    String t = span.of(text).strip();
    if (t.isEmpty() || t.length() > TITLE_MAX_CHARS || wordCount(t) > TITLE_MAX_WORDS) {
      return false;
    }
    if (endsTruncated(text, span)) {
      return false;
    }
    char last = t.charAt(t.length() - 1);
    if (".,;:".indexOf(last) >= 0) {
      return false;
    }
    if ("\"”'’".indexOf(last) >= 0 && QUOTED_END.matcher(t).find()) {
      return false; // a sentence that ends in a quotation
    }
    // A sentence boundary inside means it is prose, not a title.
    return !INNER_BOUNDARY.matcher(t).find();
  }

  private static final Pattern QUOTED_END = Pattern.compile("[.,!;:]['\"”’]$");
  private static final Pattern INNER_BOUNDARY = Pattern.compile("[a-z]{2}[.!?]\\s+[A-Z]");

  private static int wordCount(String t) {
    int n = 0;
    boolean in = false;
    for (int i = 0; i < t.length(); i++) {
      boolean space = Character.isWhitespace(t.charAt(i));
      if (!space && !in) {
        n++;
      }
      in = !space;
    }
    return n;
  }

  static boolean endsTruncated(String text, Span span) {
    String t = span.of(text).strip().toLowerCase(Locale.ROOT);
    return t.endsWith("[…]") || t.endsWith("[...]") || t.endsWith("[ … ]") || t.endsWith("read more")
        || t.endsWith("continue reading") || t.endsWith("continue reading →") || t.endsWith("read more »")
        || t.endsWith("…") || t.endsWith("...");
  }

  private Unit unit(String text, UnitKind kind, Span span, String author, String date, boolean truncated) {
    List<Sentence> sentences = new ArrayList<>();
    if (kind == UnitKind.TITLE) {
      sentences.add(new Sentence(0, span.trim(text)));
    } else {
      for (Span s : splitter.split(text, span)) {
        sentences.add(new Sentence(0, s));
      }
    }
    return new Unit("", kind, span.trim(text), sentences, author, date, truncated);
  }

  private static List<Block> blocks(String text, boolean markdown) {
    List<Block> blocks = new ArrayList<>();
    int n = text.length();
    int lineStart = 0;
    int blockStart = -1;
    int blockEnd = -1;
    while (lineStart <= n) {
      int lineEnd = text.indexOf('\n', lineStart);
      if (lineEnd < 0) {
        lineEnd = n;
      }
      String line = text.substring(lineStart, lineEnd);
      boolean blank = Span.isBlank(line);
      Matcher h = markdown ? MARKDOWN_HEADING.matcher(line) : null;
      boolean heading = h != null && h.matches() && !h.group(2).isBlank();
      boolean rule = markdown && MARKDOWN_RULE.matcher(line).matches();
      if (blank || heading || rule) {
        if (blockStart >= 0) {
          blocks.add(new Block(new Span(blockStart, blockEnd).trim(text), false));
          blockStart = -1;
        }
        if (heading) {
          int s = lineStart + h.start(2);
          int e = lineStart + h.end(2);
          blocks.add(new Block(new Span(s, e), true));
        }
      } else {
        if (blockStart < 0) {
          blockStart = lineStart;
        }
        blockEnd = lineEnd;
      }
      if (lineEnd >= n) {
        break;
      }
      lineStart = lineEnd + 1;
    }
    if (blockStart >= 0) {
      blocks.add(new Block(new Span(blockStart, blockEnd).trim(text), false));
    }
    List<Block> out = new ArrayList<>();
    for (Block b : blocks) {
      if (b.heading() || b.span().length() == 0) {
        if (b.span().length() > 0) {
          out.add(b);
        }
        continue;
      }
      out.addAll(lineParagraphs(text, b));
    }
    return out;
  }

  /** A line this long is not hard-wrapped prose: editors and mail wrap at 72 to 80 characters. */
  static final int LONG_LINE = 100;
  /** A line this short with no closing punctuation, before a line that starts a sentence, is a heading. */
  static final int HEADING_LINE = 80;

  /**
   * A block whose paragraphs are single lines (pasted articles, many exports: one line per paragraph, no blank
   * line between them) split into one block per line. The block qualifies when at least one line is longer than
   * {@link #LONG_LINE} characters and every line but the last ends a sentence (., !, ?, :, …, or a closing quote
   * or bracket after one) or is a short heading followed by a line that starts with a capital, digit or quote.
   * Hard-wrapped prose never qualifies, since its lines are short and most end mid-sentence.
   */
  private static List<Block> lineParagraphs(String text, Block b) {
    List<Span> lines = new ArrayList<>();
    int start = b.span().start();
    for (int i = start; i < b.span().end(); i++) {
      if (text.charAt(i) == '\n') {
        lines.add(new Span(start, i).trim(text));
        start = i + 1;
      }
    }
    lines.add(new Span(start, b.span().end()).trim(text));
    if (lines.size() < 2 || lines.stream().noneMatch(l -> l.length() > LONG_LINE)) {
      return List.of(b);
    }
    for (int k = 0; k + 1 < lines.size(); k++) {
      String line = lines.get(k).of(text);
      String next = lines.get(k + 1).of(text);
      boolean ends = ENDS_SENTENCE.matcher(line).find();
      boolean heading = line.length() <= HEADING_LINE && !next.isEmpty() && STARTS_SENTENCE.matcher(next).lookingAt();
      if (!ends && !heading) {
        return List.of(b);
      }
    }
    List<Block> out = new ArrayList<>();
    for (Span l : lines) {
      if (l.length() > 0) {
        out.add(new Block(l, false));
      }
    }
    return out;
  }

  private static final Pattern ENDS_SENTENCE = Pattern.compile("[.!?:…][\"'”’)\\]»]*\\s*$");
  private static final Pattern STARTS_SENTENCE = Pattern.compile("[\"'“‘«(\\[]?[\\p{Lu}\\p{N}]");
}
