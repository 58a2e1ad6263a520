package org.stancemap.spark;

import static org.apache.spark.sql.types.DataTypes.BooleanType;
import static org.apache.spark.sql.types.DataTypes.DoubleType;
import static org.apache.spark.sql.types.DataTypes.FloatType;
import static org.apache.spark.sql.types.DataTypes.IntegerType;
import static org.apache.spark.sql.types.DataTypes.LongType;
import static org.apache.spark.sql.types.DataTypes.StringType;
import static org.apache.spark.sql.types.DataTypes.TimestampType;
import static org.apache.spark.sql.types.DataTypes.createArrayType;
import static org.apache.spark.sql.types.DataTypes.createMapType;
import static org.apache.spark.sql.types.DataTypes.createStructField;
import static org.apache.spark.sql.types.DataTypes.createStructType;

import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.stancemap.analysis.DocumentAnalysis;
import org.stancemap.analysis.Evidence;
import org.stancemap.analysis.PositionResult;
import org.stancemap.analysis.RoleResult;
import org.stancemap.analysis.Scored;
import org.stancemap.analysis.StanceResult;
import org.stancemap.analysis.UnitAnalysis;
import org.stancemap.analysis.Voice;
import org.stancemap.document.Document;
import org.stancemap.document.DocumentMeta;
import org.stancemap.document.SourceItem;
import org.stancemap.json.JsonWriter;
import org.stancemap.report.JsonReport;
import org.stancemap.store.Codec;
import org.stancemap.text.Sentence;
import scala.jdk.javaapi.CollectionConverters;

/**
 * The job's output tables and their schemas (docs/spark.md lists every column). Each input gives one result row
 * ({@link #RESULT}): a document with its units, labels and sentences nested, or an error; the tables are projections
 * of it, so that one pass of analysis feeds them all.
 */
final class Tables {
  private Tables() {}

  static final StructType EVIDENCE = struct(
      field("unit_id", StringType), field("start", IntegerType), field("end", IntegerType),
      field("text", StringType), field("score", DoubleType));

  static final StructType UNIT = struct(
      field("ord", IntegerType), field("unit_id", StringType), field("kind", StringType),
      field("start", IntegerType), field("end", IntegerType), field("relevant", BooleanType),
      field("author", StringType), field("date", StringType),
      field("position", StringType), field("position_score", DoubleType),
      field("stance", createMapType(StringType, StringType)),
      field("stance_score", createMapType(StringType, DoubleType)));

  static final StructType LABEL = struct(
      field("unit_id", StringType), field("dimension", StringType), field("target", StringType),
      field("label", StringType), field("mode", StringType), field("score", DoubleType),
      field("evidence", createArrayType(EVIDENCE)));

  static final StructType SENTENCE = struct(
      field("idx", IntegerType), field("unit_id", StringType), field("start", IntegerType),
      field("end", IntegerType), field("text", StringType), field("voice", StringType),
      field("voice_score", DoubleType), field("attitude", StringType), field("speaker", StringType),
      field("claim", createMapType(StringType, StringType)), field("vector", createArrayType(FloatType)));

  /** One row per input: {@code kind} is {@code document} or {@code error}. */
  static final StructType RESULT = struct(
      field("kind", StringType), field("location", StringType), field("source", StringType),
      field("month", StringType), field("error", StringType),
      field("doc_id", StringType), field("content_sha256", StringType), field("title", StringType),
      field("doc_title", StringType),
      field("author", StringType), field("url", StringType), field("published", TimestampType),
      field("external_id", StringType), field("parent_id", StringType), field("media_ref", StringType),
      field("extra", createMapType(StringType, StringType)),
      field("language", StringType), field("format", StringType), field("status", StringType),
      field("text", StringType), field("notes", createArrayType(StringType)), field("regions_json", StringType),
      field("furniture_json", StringType),
      field("position", StringType), field("position_score", DoubleType),
      field("position_scores", createMapType(StringType, DoubleType)),
      field("stance", createMapType(StringType, StringType)),
      field("stance_score", createMapType(StringType, DoubleType)),
      field("model", StringType), field("codebook", StringType), field("codebook_sha256", StringType),
      field("embedding", StringType), field("version", StringType), field("analysed_at", TimestampType),
      field("analysis_json", StringType),
      field("units", createArrayType(UNIT)), field("labels", createArrayType(LABEL)),
      field("sentences", createArrayType(SENTENCE)), field("sentence_count", LongType));

  /** The columns of the documents table: everything in a result but the nested rows and the error. */
  static final List<String> DOCUMENT_COLUMNS = List.of("doc_id", "content_sha256", "location", "title", "doc_title", "author",
      "url", "published", "external_id", "parent_id", "media_ref", "extra", "language", "format", "status", "text",
      "notes", "regions_json", "furniture_json", "position", "position_score", "position_scores", "stance",
      "stance_score", "model", "codebook", "codebook_sha256", "embedding", "version", "analysed_at",
      "sentence_count", "analysis_json", "source", "month");

  private static StructField field(String name, DataType type) {
    return createStructField(name, type, true);
  }

  private static StructType struct(StructField... fields) {
    return createStructType(fields);
  }

  /** The result row of an input that could not be read or analysed. */
  static Row error(String location, String source, String reason) {
    Object[] v = new Object[RESULT.size()];
    v[0] = "error";
    v[1] = location;
    v[2] = source == null ? "unknown" : source;
    v[3] = "undated";
    v[4] = reason;
    return RowFactory.create(v);
  }

  /**
   * The result row of an analysed item.
   *
   * @param codebookSha256 the SHA-256 of the codebook file the analysis used
   * @param vectors the sentences' embeddings, or null to leave them out
   */
  static Row document(SourceItem item, DocumentAnalysis a, String codebookSha256, List<float[]> vectors,
      Timestamp analysedAt) {
    Document d = a.document();
    DocumentMeta m = item.meta();
    PositionResult p = a.position();
    List<Row> units = new ArrayList<>();
    List<Row> labels = new ArrayList<>();
    List<Row> sentences = new ArrayList<>();
    addLabels(labels, null, a.stance(), a.narratives(), a.techniques(), a.roles(), p);
    String text = d.text();
    int ord = 0;
    int index = 0;
    for (UnitAnalysis u : a.units()) {
      PositionResult up = u.position();
      units.add(RowFactory.create(ord++, u.unit().id(), u.unit().kind().id(), u.unit().span().start(),
          u.unit().span().end(), u.relevant(), u.unit().author(), u.unit().date(), up == null ? null : up.label(),
          up == null ? null : up.score(), stanceLabels(u.stance()), stanceScores(u.stance())));
      addLabels(labels, u.unit().id(), u.stance(), u.narratives(), u.techniques(), u.roles(), up);
      Map<Integer, Voice> voices = new LinkedHashMap<>();
      for (Voice v : u.voices()) {
        voices.put(v.sentence().start(), v);
      }
      for (Sentence s : u.unit().sentences()) {
        Voice v = voices.get(s.span().start());
        float[] vec = vectors == null || index >= vectors.size() ? null : vectors.get(index);
        sentences.add(RowFactory.create(index, u.unit().id(), s.span().start(), s.span().end(), s.span().of(text),
            v == null ? null : v.kind(), v == null ? null : v.score(), v == null ? null : v.attitude(),
            v == null || v.speaker() == null ? null : v.speaker().of(text), v == null ? null : map(v.claim()),
            vec == null ? null : floats(vec)));
        index++;
      }
    }
    Map<String, Double> positionScores = p == null ? null : p.scores();
    return RowFactory.create("document", item.location(), item.sourceName(), Parsing.month(m.published()), null,
        d.id(), org.stancemap.text.Hashing.sha256(text), firstNonBlank(m.title(), d.title()), d.title(), m.author(),
        m.url(), m.published() == null ? null : Timestamp.from(m.published()), m.externalId(), m.parentId(),
        m.mediaRef(), map(m.extra()), d.language(), d.format().name().toLowerCase(Locale.ROOT), a.status(),
        text, seq(d.notes()), Codec.regions(d.regions()), Codec.spans(d.furniture()),
        p == null ? null : p.label(), p == null ? null : p.score(), positionScores == null ? null : map(positionScores),
        stanceLabels(a.stance()), stanceScores(a.stance()), a.provenance().model(), a.provenance().codebook(),
        codebookSha256, a.provenance().embedding(), a.provenance().version(), analysedAt,
        JsonWriter.compact(JsonReport.document(a)), seq(units), seq(labels), seq(sentences), (long) index);
  }

  private static void addLabels(List<Row> out, String unit, Map<String, StanceResult> stance, List<Scored> narratives,
      List<Scored> techniques, List<RoleResult> roles, PositionResult position) {
    stance.forEach((t, r) -> out.add(label(unit, "stance", t, r.label().id(), null, r.score(), r.evidence())));
    for (Scored s : narratives) {
      out.add(label(unit, "narrative", null, s.id(), s.mode(), s.score(), s.evidence()));
    }
    for (Scored s : techniques) {
      out.add(label(unit, "technique", null, s.id(), s.mode(), s.score(), s.evidence()));
    }
    for (RoleResult r : roles) {
      out.add(label(unit, "role", r.actor(), r.role(), null, r.score(), r.evidence()));
    }
    if (position != null) {
      out.add(label(unit, "position", null, position.label(), null, position.score(), List.of()));
    }
  }

  private static Row label(String unit, String dimension, String target, String label, String mode, double score,
      List<Evidence> evidence) {
    List<Row> ev = new ArrayList<>();
    for (Evidence e : evidence) {
      ev.add(RowFactory.create(e.unit(), e.start(), e.end(), e.text(), e.score()));
    }
    return RowFactory.create(unit, dimension, target, label, mode, score, seq(ev));
  }

  private static scala.collection.Map<String, String> stanceLabels(Map<String, StanceResult> stance) {
    Map<String, String> m = new LinkedHashMap<>();
    stance.forEach((t, r) -> m.put(t, r.label().id()));
    return map(m);
  }

  private static scala.collection.Map<String, Double> stanceScores(Map<String, StanceResult> stance) {
    Map<String, Double> m = new LinkedHashMap<>();
    stance.forEach((t, r) -> m.put(t, r.score()));
    return map(m);
  }

  private static scala.collection.Seq<Float> floats(float[] v) {
    List<Float> l = new ArrayList<>(v.length);
    for (float f : v) {
      l.add(f);
    }
    return seq(l);
  }

  static <T> scala.collection.Seq<T> seq(List<T> list) {
    return CollectionConverters.asScala(list).toSeq();
  }

  static <K, V> scala.collection.Map<K, V> map(Map<K, V> m) {
    return CollectionConverters.asScala(new LinkedHashMap<>(m));
  }

  private static String firstNonBlank(String a, String b) {
    return a != null && !a.isBlank() ? a : b;
  }
}
