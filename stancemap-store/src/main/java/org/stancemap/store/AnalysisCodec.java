package org.stancemap.store;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.stancemap.analysis.Analyzer;
import org.stancemap.analysis.Contradiction;
import org.stancemap.analysis.DocumentAnalysis;
import org.stancemap.analysis.Evidence;
import org.stancemap.analysis.PositionResult;
import org.stancemap.analysis.Provenance;
import org.stancemap.analysis.RoleResult;
import org.stancemap.analysis.Scored;
import org.stancemap.analysis.StanceResult;
import org.stancemap.analysis.UnitAnalysis;
import org.stancemap.analysis.Voice;
import org.stancemap.codebook.Stance;
import org.stancemap.document.Document;
import org.stancemap.json.Json;
import org.stancemap.json.JsonParser;
import org.stancemap.text.Sentence;
import org.stancemap.text.Span;
import org.stancemap.text.Unit;
import org.stancemap.text.UnitKind;

/**
 * Reads a stored {@code stancemap.analysis/2} document back into a {@link DocumentAnalysis}, the inverse of
 * {@code JsonReport.document} for everything the JSON holds (scores keep the JSON's four decimals): writing the
 * decoded analysis again gives the same JSON.
 */
public final class AnalysisCodec {
  private AnalysisCodec() {}

  /** Decodes {@code json}; {@code document} supplies what the JSON does not carry (segmentation hints). */
  public static DocumentAnalysis decode(String json, Document document) {
    Json.Obj o = JsonParser.parse(json).asObj("analysis");
    Json pos = o.get("position");
    Map<String, StanceResult> stance = stances(o.get("stance"));
    List<UnitAnalysis> units = new ArrayList<>();
    int[] sentenceIndex = {0};
    for (Json u : o.get("units").asList("units")) {
      units.add(unit(u.asObj("unit"), sentenceIndex));
    }
    List<Contradiction> contradictions = new ArrayList<>();
    for (Json c : o.get("contradictions").asList("contradictions")) {
      Json.Obj co = c.asObj("contradiction");
      String a = co.get("a").asString("a");
      String b = co.get("b").asString("b");
      List<Evidence> quotes = evidence(co.get("quotes"));
      contradictions.add(new Contradiction(a, b, co.get("kind").asString("kind"), str(co.get("target")),
          str(co.get("subject")), co.get("same_voice") instanceof Json.Bool t && t.value(),
          co.get("score").asDouble("score"), quotes.stream().filter(e -> e.unit().equals(a)).toList(),
          quotes.stream().filter(e -> !e.unit().equals(a)).toList()));
    }
    Json.Obj p = o.get("provenance").asObj("provenance");
    Json threshold = p.get("label_threshold");
    Provenance provenance = new Provenance(str(p.get("model")), str(p.get("codebook")), str(p.get("version")),
        str(p.get("embedding")), threshold instanceof Json.Num
            ? threshold.asDouble("label_threshold") : Analyzer.Settings.DEFAULT_LABEL);
    return new DocumentAnalysis(document, o.get("status").asString("status"),
        pos instanceof Json.Null ? null : position(pos.asObj("position")), stance, scored(o.get("narratives")),
        scored(o.get("techniques")), roles(o.get("roles")), units, contradictions, provenance);
  }

  private static String str(Json j) {
    return j instanceof Json.Str s ? s.value() : null;
  }

  private static UnitAnalysis unit(Json.Obj u, int[] sentenceIndex) {
    List<Sentence> sentences = new ArrayList<>();
    List<Voice> voices = new ArrayList<>();
    for (Json s : u.get("sentences").asList("sentences")) {
      Json.Obj so = s.asObj("sentence");
      sentences.add(new Sentence(sentenceIndex[0]++, span(so)));
      if (so.has("voice")) {
        Json.Obj v = so.get("voice").asObj("voice");
        voices.add(new Voice(span(so), v.get("kind").asString("kind"), v.get("score").asDouble("score"),
            str(v.get("attitude")), v.has("attitude_score") ? v.get("attitude_score").asDouble("attitude_score") : 0,
            v.has("speaker") ? span(v.get("speaker").asObj("speaker")) : null, claim(so)));
      }
    }
    Unit unit = new Unit(u.get("id").asString("id"), UnitKind.valueOf(u.get("kind").asString("kind")
        .toUpperCase(Locale.ROOT)), span(u), sentences, str(u.get("author")), str(u.get("date")),
        u.get("truncated") instanceof Json.Bool b && b.value());
    Json pos = u.get("position");
    PositionResult position = pos instanceof Json.Null ? null : new PositionResult(pos.asObj("position")
        .get("label").asString("label"), pos.asObj("position").get("score").asDouble("score"), Map.of(), Map.of());
    return new UnitAnalysis(unit, stances(u.get("stance")), scored(u.get("narratives")), scored(u.get("techniques")),
        roles(u.get("roles")), position, u.get("relevant") instanceof Json.Bool b && b.value(), voices);
  }

  /** A sentence record's claim stance ({@code stance}: target → favor or against), empty when absent. */
  private static Map<String, String> claim(Json.Obj sentence) {
    Map<String, String> out = new LinkedHashMap<>();
    if (sentence.has("stance")) {
      sentence.get("stance").asObj("stance").fields().forEach((k, v) -> out.put(k, v.asString("stance." + k)));
    }
    return out;
  }

  private static Span span(Json.Obj o) {
    return new Span((int) o.get("start").asLong("start"), (int) o.get("end").asLong("end"));
  }

  private static PositionResult position(Json.Obj p) {
    Map<String, Double> scores = new LinkedHashMap<>();
    p.get("scores").asObj("scores").fields().forEach((k, v) -> scores.put(k, v.asDouble("scores." + k)));
    Map<String, List<String>> voices = new LinkedHashMap<>();
    if (p.has("voices")) {
      p.get("voices").asObj("voices").fields().forEach((k, v) -> voices.put(k, v.asList("voices." + k).stream()
          .map(x -> x.asString("voice")).toList()));
    }
    return new PositionResult(p.get("label").asString("label"), p.get("score").asDouble("score"), scores, voices);
  }

  private static Map<String, StanceResult> stances(Json j) {
    Map<String, StanceResult> out = new LinkedHashMap<>();
    j.asObj("stance").fields().forEach((t, v) -> {
      Json.Obj s = v.asObj("stance." + t);
      out.put(t, new StanceResult(Stance.parse(s.get("label").asString("label"), "stance." + t),
          s.get("score").asDouble("score"), s.get("mentioned") instanceof Json.Bool b && b.value(),
          evidence(s.get("evidence"))));
    });
    return out;
  }

  private static List<Scored> scored(Json j) {
    List<Scored> out = new ArrayList<>();
    for (Json x : j.asList("labels")) {
      Json.Obj s = x.asObj("label");
      out.add(new Scored(s.get("id").asString("id"), str(s.get("name")), s.get("score").asDouble("score"),
          evidence(s.get("evidence")), s.has("mode") ? s.get("mode").asString("mode") : Scored.USES));
    }
    return out;
  }

  private static List<RoleResult> roles(Json j) {
    List<RoleResult> out = new ArrayList<>();
    for (Json x : j.asList("roles")) {
      Json.Obj r = x.asObj("role");
      out.add(new RoleResult(str(r.get("entity")), str(r.get("actor")), str(r.get("mention")),
          r.get("role").asString("role"), r.get("score").asDouble("score"), evidence(r.get("evidence"))));
    }
    return out;
  }

  private static List<Evidence> evidence(Json j) {
    List<Evidence> out = new ArrayList<>();
    for (Json x : j.asList("evidence")) {
      Json.Obj e = x.asObj("evidence");
      out.add(new Evidence(e.get("unit").asString("unit"), (int) e.get("start").asLong("start"),
          (int) e.get("end").asLong("end"), e.get("text").asString("text"), e.get("score").asDouble("score")));
    }
    return out;
  }
}
