package org.stancemap.search;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.index.Term;
import org.apache.lucene.queryparser.classic.ParseException;
import org.apache.lucene.queryparser.classic.QueryParser;
import org.apache.lucene.queryparser.classic.QueryParserConstants;
import org.apache.lucene.queryparser.classic.Token;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.PrefixQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.QueryVisitor;
import org.apache.lucene.search.RegexpQuery;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.WildcardQuery;
import org.apache.lucene.util.BytesRef;
import org.apache.lucene.util.automaton.ByteRunAutomaton;
import org.stancemap.InvalidInputException;

/**
 * Turns a query string into the parts the three search modes need: the ranked full-text query, the filter, the
 * text to embed and the terms to highlight.
 *
 * <p>Design decision: the syntax is Lucene's classic query syntax (so phrases, {@code AND}/{@code OR}/{@code NOT},
 * {@code +}/{@code -}, grouping, prefixes and slop work as analysts know them from other tools), with Stancemap's
 * fields on top: keyword fields match exact lower-cased values and {@code date:} understands periods, ranges and
 * comparisons. Top-level clauses on filter fields always restrict the result, whatever the default operator: clauses
 * on the same field are alternatives ({@code source:a source:b}), clauses on different fields all apply, and a
 * negated one excludes. Everything else ranks.
 */
final class QueryCompiler {

  /**
   * A compiled query.
   *
   * @param text the full-text query (positive text clauses and text exclusions), or null when the query has no
   *     text to rank by
   * @param filter what every hit must match (filters and text exclusions), or null for everything
   * @param embeddingText the words to embed for the semantic search (filters, operators and excluded words removed)
   * @param highlight which indexed terms of a sentence to highlight
   * @param dateFilter whether a top-level filter clause is on {@code date:} (undated documents never match it)
   */
  record Compiled(Query text, Query filter, String embeddingText, Highlight highlight, boolean dateFilter) {}

  /** The terms of the {@code text} field that positive clauses look for. */
  record Highlight(Set<BytesRef> terms, List<ByteRunAutomaton> patterns) {
    boolean matches(BytesRef term) {
      if (terms.contains(term)) {
        return true;
      }
      for (ByteRunAutomaton a : patterns) {
        if (a.run(term.bytes, term.offset, term.length)) {
          return true;
        }
      }
      return false;
    }
  }

  private final Analyzer analyzer;

  QueryCompiler(Analyzer analyzer) {
    this.analyzer = analyzer;
  }

  Compiled compile(String raw) {
    String q = raw.replace('\n', ' ').replace('\r', ' ').replace('\t', ' ');
    checkBalance(q);
    Query parsed;
    if (q.isBlank()) {
      parsed = new BooleanQuery.Builder().build();
    } else {
      try {
        parsed = new Parser(analyzer).parse(q);
      } catch (ParseException e) {
        throw syntaxError(q, e);
      } catch (IndexSearcher.TooManyClauses e) {
        throw new InvalidInputException("the query expands to too many terms (a wildcard or prefix such as 'a*' is "
            + "too broad): make it more specific");
      }
    }
    List<BooleanClause> clauses = parsed instanceof BooleanQuery b ? b.clauses()
        : List.of(new BooleanClause(parsed, BooleanClause.Occur.SHOULD));

    BooleanQuery.Builder text = new BooleanQuery.Builder();
    int positive = 0;
    BooleanQuery.Builder filter = new BooleanQuery.Builder();
    int filterClauses = 0;
    boolean positiveFilter = false;
    boolean dateFilter = false;
    Map<String, BooleanQuery.Builder> alternatives = new LinkedHashMap<>();
    List<Query> positiveText = new ArrayList<>();
    for (BooleanClause c : clauses) {
      Query cq = c.query();
      if (cq instanceof BooleanQuery bq && bq.clauses().isEmpty()) {
        continue; // only stop words
      }
      Set<String> fields = fields(cq);
      boolean isFilter = cq instanceof MatchAllDocsQuery
          || (!fields.isEmpty() && fields.stream().allMatch(Fields::isFilter));
      if (isFilter) {
        dateFilter |= fields.contains(Fields.DATE);
        switch (c.occur()) {
          case MUST_NOT -> filter.add(cq, BooleanClause.Occur.MUST_NOT);
          case MUST, FILTER -> {
            filter.add(cq, BooleanClause.Occur.FILTER);
            positiveFilter = true;
          }
          case SHOULD -> alternatives.computeIfAbsent(String.join(",", new TreeSet<>(fields)),
              k -> new BooleanQuery.Builder()).add(cq, BooleanClause.Occur.SHOULD);
        }
        filterClauses++;
      } else {
        text.add(cq, c.occur());
        if (c.occur() == BooleanClause.Occur.MUST_NOT) {
          filter.add(cq, BooleanClause.Occur.MUST_NOT);
          filterClauses++;
        } else {
          positive++;
          positiveText.add(cq);
        }
      }
    }
    for (BooleanQuery.Builder alt : alternatives.values()) {
      filter.add(alt.build(), BooleanClause.Occur.FILTER);
      positiveFilter = true;
    }
    if (filterClauses > 0 && !positiveFilter) {
      filter.add(MatchAllDocsQuery.INSTANCE, BooleanClause.Occur.FILTER);
    }
    Query f = filterClauses > 0 ? filter.build() : null;
    Query t = positive > 0 ? text.build() : null;
    return new Compiled(t, f, embeddingText(q), highlight(positiveText), dateFilter);
  }

  // ---- the parser with Stancemap's fields ----

  private static final class Parser extends QueryParser {
    Parser(Analyzer analyzer) {
      super(Fields.TEXT, analyzer);
      setDefaultOperator(QueryParser.Operator.OR);
      setSplitOnWhitespace(true);
      setAllowLeadingWildcard(false);
    }

    @Override
    protected Query getFieldQuery(String field, String queryText, boolean quoted) throws ParseException {
      if (field.equals(Fields.DATE)) {
        return DateFilter.query(queryText);
      }
      if (Fields.isKeyword(field)) {
        return keyword(field, queryText);
      }
      checkText(field);
      return super.getFieldQuery(field, queryText, quoted);
    }

    @Override
    protected Query getFieldQuery(String field, String queryText, int slop) throws ParseException {
      if (field.equals(Fields.DATE)) {
        return DateFilter.query(queryText);
      }
      if (Fields.isKeyword(field)) {
        return keyword(field, queryText);
      }
      checkText(field);
      return super.getFieldQuery(field, queryText, slop);
    }

    @Override
    protected Query getRangeQuery(String field, String part1, String part2, boolean startInclusive,
        boolean endInclusive) throws ParseException {
      if (field.equals(Fields.DATE)) {
        return DateFilter.range(part1, part2, startInclusive, endInclusive);
      }
      checkKnown(field);
      throw new InvalidInputException("a range [A TO B] works on date: only, not on " + field + ":");
    }

    @Override
    protected Query getPrefixQuery(String field, String termStr) throws ParseException {
      if (Fields.isKeyword(field)) {
        return new PrefixQuery(new Term(field, Fields.keyword(termStr)));
      }
      noDate(field, termStr + "*");
      checkText(field);
      return super.getPrefixQuery(field, termStr);
    }

    @Override
    protected Query getWildcardQuery(String field, String termStr) throws ParseException {
      if (field.equals("*") && termStr.equals("*")) {
        return MatchAllDocsQuery.INSTANCE;
      }
      if (Fields.isKeyword(field)) {
        return new WildcardQuery(new Term(field, Fields.keyword(termStr)));
      }
      noDate(field, termStr);
      checkText(field);
      return super.getWildcardQuery(field, termStr);
    }

    @Override
    protected Query getFuzzyQuery(String field, String termStr, float minSimilarity) throws ParseException {
      noDate(field, termStr + "~");
      if (Fields.isKeyword(field)) {
        throw new InvalidInputException("fuzzy matching (~) works on text only, not on " + field + ":" + termStr);
      }
      checkText(field);
      return super.getFuzzyQuery(field, termStr, minSimilarity);
    }

    @Override
    protected Query getRegexpQuery(String field, String termStr) throws ParseException {
      noDate(field, "/" + termStr + "/");
      checkRegexpCost(termStr);
      if (Fields.isKeyword(field)) {
        return new RegexpQuery(new Term(field, Fields.keyword(termStr)));
      }
      checkText(field);
      return super.getRegexpQuery(field, termStr);
    }
  }

  /** The longest regular expression a query may hold, and the most times it may repeat a part ({m,n}). */
  static final int MAX_REGEXP_LENGTH = 200;
  static final int MAX_REGEXP_REPEAT = 50;
  private static final Pattern REPEAT = Pattern.compile("\\{(\\d+)(?:,(\\d*))?\\}");

  /**
   * Refuses a regular expression whose automaton would be too costly to build: a bounded repetition expands into
   * one state per repeat, so {@code [a-z]{1,100000}} took 27 s of CPU to compile. Length and repeat counts are
   * checked before Lucene sees the expression.
   */
  static void checkRegexpCost(String regexp) {
    if (regexp.length() > MAX_REGEXP_LENGTH) {
      throw new InvalidInputException("the regular expression is " + regexp.length() + " characters long; at most "
          + MAX_REGEXP_LENGTH + " are allowed");
    }
    Matcher m = REPEAT.matcher(regexp);
    while (m.find()) {
      for (String n : new String[] {m.group(1), m.group(2)}) {
        if (n != null && !n.isEmpty() && (n.length() > 3 || Integer.parseInt(n) > MAX_REGEXP_REPEAT)) {
          throw new InvalidInputException("the regular expression repeats a part " + n + " times (" + m.group()
              + "); at most " + MAX_REGEXP_REPEAT + " are allowed: use * or + for \"any number\"");
        }
      }
    }
  }

  /** The values of the fields whose values do not depend on the codebook. */
  private static final List<String> STANCES = List.of("favor", "against", "none");
  private static final List<String> KINDS = Arrays.stream(org.stancemap.text.UnitKind.values())
      .map(org.stancemap.text.UnitKind::id).toList();

  private static Query keyword(String field, String value) {
    String v = Fields.keyword(value);
    if (v.isEmpty()) {
      throw new InvalidInputException(field + ": needs a value, for example " + field + ":value");
    }
    String bare = field.startsWith(Fields.DOC_PREFIX) ? field.substring(Fields.DOC_PREFIX.length()) : field;
    if (bare.startsWith(Fields.STANCE_PREFIX) && !STANCES.contains(v)) {
      throw new InvalidInputException(field + ":" + value + " matches nothing: a stance is one of "
          + String.join(", ", STANCES));
    }
    if (bare.equals(Fields.KIND) && !v.contains("*") && !KINDS.contains(v)) {
      throw new InvalidInputException(field + ":" + value + " matches nothing: a unit kind is one of "
          + String.join(", ", KINDS));
    }
    return new TermQuery(new Term(field, v));
  }

  private static void noDate(String field, String value) {
    if (field.equals(Fields.DATE)) {
      throw new InvalidInputException("date:" + value + " is not a date: " + DateFilter.FORMS);
    }
  }

  private static void checkText(String field) {
    if (!Fields.TEXT_FIELDS.contains(field)) {
      checkKnown(field);
    }
  }

  private static void checkKnown(String field) {
    if (!Fields.TEXT_FIELDS.contains(field) && !Fields.isFilter(field)) {
      throw new InvalidInputException("unknown field '" + field + ":' in the query: use one of " + Fields.KNOWN
          + " (to search for a word followed by a colon, escape the colon: \\:)");
    }
  }

  private static Set<String> fields(Query q) {
    Set<String> fields = new HashSet<>();
    q.visit(new QueryVisitor() {
      @Override
      public boolean acceptField(String field) {
        fields.add(field);
        return true;
      }
    });
    return fields;
  }

  private static Highlight highlight(List<Query> positive) {
    Set<BytesRef> terms = new HashSet<>();
    List<ByteRunAutomaton> patterns = new ArrayList<>();
    QueryVisitor v = new QueryVisitor() {
      @Override
      public boolean acceptField(String field) {
        return field.equals(Fields.TEXT);
      }

      @Override
      public void consumeTerms(Query query, Term... ts) {
        for (Term t : ts) {
          terms.add(BytesRef.deepCopyOf(t.bytes()));
        }
      }

      @Override
      public void consumeTermsMatching(Query query, String field, Supplier<ByteRunAutomaton> automaton) {
        patterns.add(automaton.get());
      }

      @Override
      public QueryVisitor getSubVisitor(BooleanClause.Occur occur, Query parent) {
        return occur == BooleanClause.Occur.MUST_NOT ? QueryVisitor.EMPTY_VISITOR : this;
      }
    };
    positive.forEach(q -> q.visit(v));
    return new Highlight(Set.copyOf(terms), List.copyOf(patterns));
  }

  // ---- the words to embed ----

  private static final Pattern FIELD = Pattern.compile("([A-Za-z_][A-Za-z0-9_.]*):");
  private static final Set<String> OPERATORS = Set.of("AND", "OR", "NOT", "&&", "||");

  /** The query's own words for the embedding: filters, operators, syntax and excluded words removed. */
  static String embeddingText(String q) {
    List<String> words = new ArrayList<>();
    collect(q, words);
    return String.join(" ", words).trim();
  }

  private static void collect(String q, List<String> out) {
    int i = 0;
    int n = q.length();
    boolean negate = false;
    while (i < n) {
      char c = q.charAt(i);
      if (c == ' ') {
        i++;
        continue;
      }
      boolean neg = negate;
      negate = false;
      if (c == '-' || c == '!') {
        neg = true;
        i++;
      } else if (c == '+') {
        i++;
      }
      if (i >= n) {
        break;
      }
      int wordEnd = scanBare(q, i);
      String word = q.substring(i, wordEnd);
      if (OPERATORS.contains(word)) {
        negate = word.equals("NOT");
        i = wordEnd;
        continue;
      }
      String field = null;
      Matcher m = FIELD.matcher(q).region(i, n);
      if (m.lookingAt()) {
        field = m.group(1);
        i = m.end();
      }
      int end = scanValue(q, i);
      String value = q.substring(i, end);
      i = end;
      if (neg || (field != null && !Fields.TEXT_FIELDS.contains(field))) {
        continue;
      }
      if (value.startsWith("(") && value.endsWith(")") && value.length() >= 2) {
        collect(value.substring(1, value.length() - 1), out);
      } else {
        String plain = value.replaceAll("(?:[~^][0-9.]*)+$", "")
            .replaceAll("\\\\(.)", "$1").replaceAll("[\"*?()\\[\\]{}]", " ").trim();
        if (plain.codePoints().anyMatch(Character::isLetterOrDigit)) {
          out.add(plain);
        }
      }
    }
  }

  private static int scanBare(String q, int i) {
    int j = i;
    while (j < q.length() && q.charAt(j) != ' ') {
      j++;
    }
    return j;
  }

  /** The end of one value: a quoted phrase, a parenthesised group, a bracketed range, or a bare word. */
  private static int scanValue(String q, int i) {
    int n = q.length();
    if (i >= n) {
      return n;
    }
    char c = q.charAt(i);
    int j;
    if (c == '"') {
      j = i + 1;
      while (j < n && q.charAt(j) != '"') {
        j += q.charAt(j) == '\\' ? 2 : 1;
      }
      j = Math.min(n, j + 1);
    } else if (c == '(' || c == '[' || c == '{') {
      int depth = 0;
      j = i;
      boolean quoted = false;
      while (j < n) {
        char d = q.charAt(j);
        if (d == '\\') {
          j += 2;
          continue;
        }
        if (d == '"') {
          quoted = !quoted;
        } else if (!quoted && (d == '(' || d == '[' || d == '{')) {
          depth++;
        } else if (!quoted && (d == ')' || d == ']' || d == '}')) {
          depth--;
          if (depth == 0) {
            j++;
            break;
          }
        }
        j++;
      }
      j = Math.min(n, j);
    } else {
      j = i;
      while (j < n && q.charAt(j) != ' ' && q.charAt(j) != '(' && q.charAt(j) != ')') {
        j += q.charAt(j) == '\\' ? 2 : 1;
      }
      j = Math.min(n, j);
      if (j == i) {
        j = i + 1; // a stray parenthesis
      }
    }
    // a boost or slop glued to the value
    while (j < n && (q.charAt(j) == '^' || q.charAt(j) == '~')) {
      j++;
      while (j < n && (Character.isDigit(q.charAt(j)) || q.charAt(j) == '.')) {
        j++;
      }
    }
    return j;
  }

  // ---- syntax errors ----

  /** Unclosed quotes and unbalanced brackets, reported at the character that opens or closes them. */
  private static void checkBalance(String q) {
    List<Integer> open = new ArrayList<>();
    List<Character> kinds = new ArrayList<>();
    int quote = -1;
    int slash = -1;
    for (int i = 0; i < q.length(); i++) {
      char c = q.charAt(i);
      if (c == '\\') {
        if (i + 1 >= q.length()) {
          throw at(q, i, "the query ends with a lone backslash", "remove it, or write \\\\ to search for a backslash");
        }
        i++;
        continue;
      }
      if (c == '"') {
        quote = quote < 0 ? i : -1;
        continue;
      }
      if (quote >= 0) {
        continue;
      }
      if (c == '/') {
        slash = slash < 0 ? i : -1;
        continue;
      }
      if (slash >= 0) {
        continue;
      }
      if (c == '(' || c == '[' || c == '{') {
        open.add(i);
        kinds.add(c);
      } else if (c == ')' || c == ']' || c == '}') {
        char want = c == ')' ? '(' : c == ']' ? '[' : '{';
        if (open.isEmpty()) {
          throw at(q, i, "'" + c + "' closes nothing", "remove it or add the matching '" + want + "' before it");
        }
        char got = kinds.remove(kinds.size() - 1);
        open.remove(open.size() - 1);
        // [a TO b} and {a TO b] are legal ranges
        boolean range = (got == '[' || got == '{') && (c == ']' || c == '}');
        if (got != want && !range) {
          throw at(q, i, "'" + c + "' does not match the '" + got + "' it closes", "balance the brackets");
        }
      }
    }
    if (quote >= 0) {
      throw at(q, quote, "this quote is never closed", "add the closing \" after the phrase");
    }
    if (slash >= 0) {
      throw at(q, slash, "a '/' starts a regular expression (/.../) that is never closed",
          "write \\/ for a slash, or quote the words (\"24/7\")");
    }
    if (!open.isEmpty()) {
      int i = open.get(open.size() - 1);
      char c = kinds.get(kinds.size() - 1);
      throw at(q, i, "'" + c + "' is never closed", "add the matching '" + (c == '(' ? ')' : c == '[' ? ']' : '}')
          + "'");
    }
  }

  private static InvalidInputException syntaxError(String q, ParseException outer) {
    if (outer.getCause() instanceof IndexSearcher.TooManyClauses) {
      return new InvalidInputException("the query has more than " + IndexSearcher.getMaxClauseCount() + " terms or "
          + "clauses, the most one search may hold: split it into several searches, or use a wildcard or a field "
          + "filter instead of a long list of alternatives");
    }
    // QueryParserBase.parse wraps the parser's own exception, which carries the tokens, as the cause
    ParseException e = outer.getCause() instanceof ParseException inner ? inner : outer;
    Token last = e.currentToken;
    Token next = last == null ? null : last.next;
    if (next != null) {
      int pos = Math.max(0, next.beginColumn - 1);
      if (next.kind == QueryParserConstants.EOF) {
        String after = last.image == null ? "" : last.image;
        return at(q, q.length(), "the query ends after '" + after + "' where a term was expected",
            "add a word or phrase after it, or remove it");
      }
      String hint = switch (next.kind) {
        case QueryParserConstants.AND, QueryParserConstants.OR, QueryParserConstants.NOT ->
            "an operator needs a term on each side (write it in lower case to search for the word)";
        case QueryParserConstants.COLON -> "a field name goes right before the colon, e.g. source:name";
        case QueryParserConstants.RPAREN -> "a group needs something inside it";
        case QueryParserConstants.CARAT -> "a boost goes after a term, e.g. word^2";
        default -> "check the operators and fields around it";
      };
      return at(q, pos, "unexpected '" + next.image + "'", hint);
    }
    if (e != outer && e.getMessage() != null && !e.getMessage().contains("column")) {
      // a refusal of the parser's own (such as a leading wildcard), without a token position
      return new InvalidInputException("invalid query: " + e.getMessage().replace("WildcardQuery", "a wildcard")
          + "; start the word with a letter, or quote it\n  " + q);
    }
    Matcher m = Pattern.compile("column (\\d+)").matcher(String.valueOf(outer.getMessage()));
    int pos = m.find() ? Math.max(0, Integer.parseInt(m.group(1)) - 1) : 0;
    return at(q, Math.min(pos, q.length()), "the query cannot be read here", "check quotes, brackets and escapes");
  }

  /** A message with the query, a caret under {@code pos} (0-based) and the 1-based position. */
  static InvalidInputException at(String q, int pos, String what, String fix) {
    String caret = " ".repeat(Math.min(pos, q.length())) + "^";
    return new InvalidInputException("invalid query at position " + (pos + 1) + ": " + what + "; " + fix + "\n  "
        + q + "\n  " + caret);
  }
}
