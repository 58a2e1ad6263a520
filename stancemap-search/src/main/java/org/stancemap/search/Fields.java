package org.stancemap.search;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.document.LongField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.stancemap.analysis.DocumentAnalysis;
import org.stancemap.analysis.RoleResult;
import org.stancemap.analysis.Scored;
import org.stancemap.analysis.StanceResult;
import org.stancemap.analysis.UnitAnalysis;
import org.stancemap.document.DocumentMeta;
import org.stancemap.text.Sentence;
import org.stancemap.text.Unit;

/**
 * The index schema: field names and the Lucene documents built from an {@link IndexedDocument}, one per sentence.
 * Keyword values are lower-cased on the way in, and the query parser lower-cases them on the way in too.
 */
final class Fields {
  private Fields() {}

  /** Bumped whenever the fields change; an index of another schema is rebuilt by the next sync. */
  static final String SCHEMA = "2"; // 2: narrative.rebuts (issue #17)

  // Analysed text.
  static final String TEXT = "text";
  static final String TITLE = "title";
  // Keywords that queries may filter on.
  static final String ID = "id";
  static final String SOURCE = "source";
  static final String URL = "url";
  static final String KIND = "kind";
  static final String LANG = "lang";
  static final String POSITION = "position";
  static final String NARRATIVE = "narrative";
  /** Narratives the text reports in order to reject them (mode {@code rebuts}); {@code narrative} holds those it uses. */
  static final String NARRATIVE_REBUTS = "narrative.rebuts";
  static final String TECHNIQUE = "technique";
  static final String ROLE = "role";
  static final String STANCE_PREFIX = "stance.";
  static final String ROLE_PREFIX = "role.";
  static final String DOC_PREFIX = "doc.";
  static final String DATE = "date";
  // Stored only.
  static final String UNIT_ID = "unit_id";
  static final String UNIT_TEXT = "unit_text";
  static final String UNIT_START = "unit_start";
  static final String START = "start";
  static final String END = "end";
  static final String SOURCE_NAME = "source_name";
  static final String LANGUAGE = "language";
  static final String VECTOR = "vector";

  static final Set<String> TEXT_FIELDS = Set.of(TEXT, TITLE);
  static final Set<String> KEYWORD_FIELDS = Set.of(ID, SOURCE, URL, KIND, LANG, POSITION, NARRATIVE, NARRATIVE_REBUTS,
      TECHNIQUE, ROLE);
  static final Set<String> DOC_LABEL_FIELDS = Set.of(POSITION, NARRATIVE, NARRATIVE_REBUTS, TECHNIQUE);

  /** The fields a query may name, for error messages. */
  static final String KNOWN = "text, title, source, date, position, narrative, narrative.rebuts, technique, "
      + "stance.<target>, role, role.<actor>, kind, lang, id, url, and doc.position, doc.narrative, doc.narrative.rebuts, "
      + "doc.technique, doc.stance.<target>";

  /** ISO 639-1 and 639-3 codes of the languages the pipeline names, so that {@code lang:en} and {@code lang:eng} both work. */
  private static final Map<String, String> LANGUAGE_ALIASES = aliases("en", "eng", "de", "deu", "fr", "fra", "es",
      "spa", "it", "ita", "ru", "rus", "uk", "ukr", "pl", "pol", "pt", "por", "nl", "nld");

  private static Map<String, String> aliases(String... pairs) {
    Map<String, String> m = new HashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      m.put(pairs[i], pairs[i + 1]);
      m.put(pairs[i + 1], pairs[i]);
    }
    return Map.copyOf(m);
  }

  /** True when {@code field} is a keyword field (exact, lower-cased match). */
  static boolean isKeyword(String field) {
    if (KEYWORD_FIELDS.contains(field)) {
      return true;
    }
    String f = field.startsWith(DOC_PREFIX) ? field.substring(DOC_PREFIX.length()) : null;
    if (f != null) {
      return DOC_LABEL_FIELDS.contains(f) || (f.startsWith(STANCE_PREFIX) && f.length() > STANCE_PREFIX.length());
    }
    return (field.startsWith(STANCE_PREFIX) && field.length() > STANCE_PREFIX.length())
        || (field.startsWith(ROLE_PREFIX) && field.length() > ROLE_PREFIX.length());
  }

  /** True for fields that restrict rather than rank: keywords and the date. */
  static boolean isFilter(String field) {
    return field.equals(DATE) || isKeyword(field);
  }

  static String keyword(String value) {
    return value.trim().toLowerCase(Locale.ROOT);
  }

  /** The analyser of the text fields: English (standard tokenizer, possessives, lower case, stop words, Porter stemmer). */
  static Analyzer textAnalyzer() {
    return new EnglishAnalyzer();
  }

  /** The Lucene documents of one indexed document: one per sentence, in document order. */
  static List<Document> documents(IndexedDocument in) {
    DocumentMeta meta = in.meta();
    DocumentAnalysis a = in.analysis();
    String text = a.document().text();
    List<Document> out = new ArrayList<>();
    List<Field> shared = new ArrayList<>();
    shared.add(new StringField(ID, meta.id(), Field.Store.YES));
    if (meta.title() != null) {
      shared.add(new TextField(TITLE, meta.title(), Field.Store.YES));
    }
    if (meta.source() != null) {
      shared.add(new StringField(SOURCE, keyword(meta.source()), Field.Store.NO));
      shared.add(new StoredField(SOURCE_NAME, meta.source()));
    }
    if (meta.url() != null) {
      shared.add(new StringField(URL, meta.url(), Field.Store.YES));
    }
    if (meta.published() != null) {
      shared.add(new LongField(DATE, meta.published().toEpochMilli(), Field.Store.YES));
    }
    shared.add(new StoredField(LANGUAGE, meta.language()));
    String lang = keyword(meta.language());
    shared.add(new StringField(LANG, lang, Field.Store.NO));
    if (LANGUAGE_ALIASES.containsKey(lang)) {
      shared.add(new StringField(LANG, LANGUAGE_ALIASES.get(lang), Field.Store.NO));
    }
    if (a.position() != null) {
      shared.add(new StringField(DOC_PREFIX + POSITION, keyword(a.position().label()), Field.Store.YES));
    }
    for (Scored s : a.narratives()) {
      shared.add(new StringField(DOC_PREFIX + (s.rebutted() ? NARRATIVE_REBUTS : NARRATIVE), keyword(s.id()),
          Field.Store.NO));
    }
    for (Scored s : a.techniques()) {
      shared.add(new StringField(DOC_PREFIX + TECHNIQUE, keyword(s.id()), Field.Store.NO));
    }
    for (Map.Entry<String, StanceResult> e : a.stance().entrySet()) {
      shared.add(new StringField(DOC_PREFIX + STANCE_PREFIX + keyword(e.getKey()), e.getValue().label().id(),
          Field.Store.NO));
    }
    int index = 0;
    for (UnitAnalysis ua : a.units()) {
      Unit u = ua.unit();
      String unitText = u.span().of(text);
      for (Sentence s : u.sentences()) {
        Document d = new Document();
        shared.forEach(d::add);
        d.add(new StoredField(UNIT_ID, u.id()));
        d.add(new StringField(KIND, u.kind().id(), Field.Store.YES));
        d.add(new StoredField(UNIT_TEXT, unitText));
        d.add(new StoredField(UNIT_START, u.span().start()));
        d.add(new TextField(TEXT, s.span().of(text), Field.Store.YES));
        d.add(new StoredField(START, s.span().start()));
        d.add(new StoredField(END, s.span().end()));
        if (ua.position() != null) {
          d.add(new StringField(POSITION, keyword(ua.position().label()), Field.Store.YES));
        }
        for (Scored n : ua.narratives()) {
          d.add(new StringField(n.rebutted() ? NARRATIVE_REBUTS : NARRATIVE, keyword(n.id()), Field.Store.YES));
        }
        for (Scored t : ua.techniques()) {
          d.add(new StringField(TECHNIQUE, keyword(t.id()), Field.Store.YES));
        }
        for (Map.Entry<String, StanceResult> e : ua.stance().entrySet()) {
          String target = keyword(e.getKey());
          d.add(new StringField(STANCE_PREFIX + target, e.getValue().label().id(), Field.Store.NO));
          d.add(new StoredField("stance", target + ":" + e.getValue().label().id()));
        }
        for (RoleResult r : ua.roles()) {
          d.add(new StringField(ROLE, keyword(r.role()), Field.Store.NO));
          d.add(new StringField(ROLE_PREFIX + keyword(r.actor()), keyword(r.role()), Field.Store.NO));
        }
        if (in.hasVectors()) {
          d.add(new KnnFloatVectorField(VECTOR, normalised(in.vector(index)), VectorSimilarityFunction.DOT_PRODUCT));
        }
        out.add(d);
        index++;
      }
    }
    return out;
  }

  /** A unit-length copy of {@code v} (dot product equals cosine only on unit vectors). */
  static float[] normalised(float[] v) {
    double n = 0;
    for (float x : v) {
      n += (double) x * x;
    }
    float[] out = new float[v.length];
    if (n == 0) {
      throw new IllegalArgumentException("a sentence vector must not be all zeros");
    }
    double inv = 1 / Math.sqrt(n);
    for (int i = 0; i < v.length; i++) {
      out[i] = (float) (v[i] * inv);
    }
    return out;
  }
}
