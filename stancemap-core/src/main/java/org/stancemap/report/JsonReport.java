package org.stancemap.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeMap;
import org.stancemap.analysis.Contradiction;
import org.stancemap.analysis.DocumentAnalysis;
import org.stancemap.analysis.Evidence;
import org.stancemap.analysis.PositionResult;
import org.stancemap.analysis.Provenance;
import org.stancemap.analysis.RoleResult;
import org.stancemap.analysis.Scored;
import org.stancemap.analysis.StanceResult;
import org.stancemap.analysis.UnitAnalysis;
import org.stancemap.json.Json;
import org.stancemap.text.Sentence;
import org.stancemap.text.Unit;

/**
 * The JSON output, schema {@code stancemap.analysis/2} (documented in docs/output-format.md). Key order is fixed and
 * numbers have at most four decimals, so the same analysis always gives the same bytes.
 */
public final class JsonReport {
  public static final String SCHEMA = "stancemap.analysis/2";

  private JsonReport() {}

  /** A failed input, listed in the output beside the documents. */
  public record Failure(String source, String reason) {}

  public static Json.Obj report(List<DocumentAnalysis> docs, List<Failure> failures, Provenance provenance) {
    List<Json> ds = docs.stream().map(JsonReport::document).map(Json.class::cast).toList();
    List<Json> fs = failures.stream().map(f -> (Json) Json.obj().put("source", f.source()).put("reason", f.reason())
        .build()).toList();
    return Json.obj()
        .put("schema", SCHEMA)
        .put("provenance", provenance(provenance))
        .put("documents", Json.arr(ds))
        .put("failures", Json.arr(fs))
        .build();
  }

  public static Json.Obj document(DocumentAnalysis a) {
    Json.ObjBuilder b = Json.obj()
        .put("id", a.document().id())
        .put("source", a.document().source())
        .put("title", a.document().title())
        .put("format", a.document().format().name().toLowerCase(Locale.ROOT))
        .put("language", a.document().language())
        .put("status", a.status())
        .put("notes", Json.arr(a.document().notes().stream().map(Json::of).toList()))
        .put("position", a.position() == null ? Json.NULL : position(a.position()));
    Json.ObjBuilder stance = Json.obj();
    a.stance().forEach((t, r) -> stance.put(t, stance(r)));
    b.put("stance", stance.build())
        .put("narratives", scored(a.narratives()))
        .put("techniques", scored(a.techniques()))
        .put("roles", roles(a.roles()))
        .put("units", Json.arr(a.units().stream().map(u -> unit(u, a.document().text())).toList()))
        .put("contradictions", Json.arr(a.contradictions().stream().map(c -> contradiction(c)).toList()))
        .put("provenance", provenance(a.provenance()))
        .put("text", a.document().text());
    return b.build();
  }

  /** A report's or document's provenance; {@code label_threshold} only when it is not the default. */
  public static Json provenance(Provenance p) {
    Json.ObjBuilder b = Json.obj().put("model", p.model()).put("codebook", p.codebook()).put("version", p.version())
        .put("embedding", p.embedding());
    if (!p.defaultThresholds()) {
      b.put("label_threshold", p.labelThreshold());
    }
    return b.build();
  }

  static Json position(PositionResult p) {
    Json.ObjBuilder scores = Json.obj();
    new TreeMap<>(p.scores()).forEach((k, v) -> scores.put(k, v.doubleValue()));
    Json.ObjBuilder voices = Json.obj();
    new TreeMap<>(p.voices()).forEach((k, v) -> voices.put(k, Json.arr(v.stream().map(Json::of).toList())));
    Json.ObjBuilder b = Json.obj().put("label", p.label()).put("score", p.score()).put("scores", scores.build());
    if (!p.voices().isEmpty()) {
      b.put("voices", voices.build());
    }
    return b.build();
  }

  static Json stance(StanceResult r) {
    return Json.obj().put("label", r.label().id()).put("score", r.score()).put("mentioned", r.mentioned())
        .put("evidence", evidence(r.evidence())).build();
  }

  static Json evidence(List<Evidence> ev) {
    List<Json> out = new ArrayList<>();
    for (Evidence e : ev) {
      out.add(Json.obj().put("unit", e.unit()).put("start", e.start()).put("end", e.end()).put("text", e.text())
          .put("score", e.score()).build());
    }
    return Json.arr(out);
  }

  static Json scored(List<Scored> ls) {
    return Json.arr(ls.stream().map(s -> (Json) Json.obj().put("id", s.id()).put("name", s.name())
        .put("mode", s.mode()).put("score", s.score()).put("evidence", evidence(s.evidence())).build()).toList());
  }

  static Json roles(List<RoleResult> rs) {
    return Json.arr(rs.stream().map(r -> (Json) Json.obj().put("entity", r.entity()).put("actor", r.actor())
        .put("mention", r.mention()).put("role", r.role()).put("score", r.score())
        .put("evidence", evidence(r.evidence())).build()).toList());
  }

  /** A sentence's voice: its kind and probability, and for a reported claim the author's attitude and speaker. */
  static Json voice(org.stancemap.analysis.Voice v, String text) {
    Json.ObjBuilder b = Json.obj().put("kind", v.kind()).put("score", v.score());
    if (v.attitude() != null) {
      b.put("attitude", v.attitude()).put("attitude_score", v.attitudeScore());
    }
    if (v.speaker() != null) {
      b.put("speaker", Json.obj().put("start", v.speaker().start()).put("end", v.speaker().end())
          .put("text", v.speaker().of(text)).build());
    }
    return b.build();
  }

  static Json unit(UnitAnalysis ua, String text) {
    Unit u = ua.unit();
    Json.ObjBuilder b = Json.obj().put("id", u.id()).put("kind", u.kind().id()).put("start", u.span().start())
        .put("end", u.span().end()).put("text", u.span().of(text));
    List<Json> sentences = new ArrayList<>();
    for (Sentence s : u.sentences()) {
      Json.ObjBuilder sb = Json.obj().put("start", s.span().start()).put("end", s.span().end());
      ua.voice(s.span()).ifPresent(v -> {
        sb.put("voice", voice(v, text));
        Json.ObjBuilder claim = Json.obj();
        v.claim().forEach(claim::put);
        sb.put("stance", claim.build());
      });
      sentences.add(sb.build());
    }
    if (u.author() != null) {
      b.put("author", u.author());
    }
    if (u.date() != null) {
      b.put("date", u.date());
    }
    if (u.truncated()) {
      b.put("truncated", true);
    }
    b.put("sentences", Json.arr(sentences)).put("relevant", ua.relevant());
    b.put("position", ua.position() == null ? Json.NULL
        : Json.obj().put("label", ua.position().label()).put("score", ua.position().score()).build());
    Json.ObjBuilder stance = Json.obj();
    ua.stance().forEach((t, r) -> stance.put(t, stance(r)));
    b.put("stance", stance.build()).put("narratives", scored(ua.narratives()))
        .put("techniques", scored(ua.techniques())).put("roles", roles(ua.roles()));
    return b.build();
  }

  static Json contradiction(Contradiction c) {
    List<Evidence> quotes = new ArrayList<>(c.quotesA());
    quotes.addAll(c.quotesB());
    return Json.obj().put("a", c.a()).put("b", c.b()).put("kind", c.kind()).put("target", c.target())
        .put("subject", c.subject()).put("same_voice", c.sameVoice()).put("score", c.score())
        .put("quotes", evidence(quotes)).build();
  }
}
