package org.stancemap.ask.answer;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.stancemap.ask.answer.Answer.DocumentRef;
import org.stancemap.ask.answer.Answer.LabelFinding;
import org.stancemap.ask.answer.Answer.PositionFinding;
import org.stancemap.ask.question.ParsedQuestion;
import org.stancemap.codebook.Stance;
import org.stancemap.json.Json;

/** Writes an {@link Answer} as JSON, schema {@code stancemap.answer/1} (documented in {@code docs/ask.md}). */
public final class AnswerJson {
  private AnswerJson() {}

  public static Json.Obj of(Answer a) {
    Json.ObjBuilder b = Json.obj().put("schema", Answer.SCHEMA).put("question", question(a.question()));
    Answer.Summary s = a.summary();
    b.put("summary", Json.obj().put("units", s.units()).put("documents", s.documents()).put("sources", s.sources())
        .put("from", date(s.from())).put("to", date(s.to())).put("undated_units", s.undatedUnits()).build());
    b.put("positions", Json.arr(a.positions().stream().map(AnswerJson::position).toList()));
    b.put("documents", Json.arr(a.documents().stream().map(AnswerJson::document).toList()));
    b.put("citations", Json.arr(a.citations().stream().map(AnswerJson::citation).toList()));
    Json generated = Json.NULL;
    if (a.generated() != null) {
      Answer.Generated g = a.generated();
      generated = Json.obj().put("model", g.model()).put("text", g.text()).put("cited", ints(g.cited()))
          .put("removed", removed(g.removed())).build();
    }
    b.put("generated", generated);
    b.put("llm_error", a.llmError());
    b.put("notes", strings(a.notes()));
    return b.build();
  }

  /** The removals list, as in {@code generated.removed}. */
  public static Json removed(List<Answer.Removal> removed) {
    return Json.arr(removed.stream().map(r -> (Json) Json.obj().put("kind", r.kind()).put("text", r.text())
        .put("reason", r.reason()).build()).toList());
  }

  static Json question(ParsedQuestion q) {
    Json.ObjBuilder st = Json.obj();
    for (Map.Entry<String, Stance> e : q.stances().entrySet()) {
      st.put(e.getKey(), e.getValue().id());
    }
    Json period = q.period() == null ? Json.NULL : Json.obj().put("from", date(q.period().from()))
        .put("to", date(q.period().to() == null ? null : q.period().to().minusDays(1)))
        .put("text", q.period().text()).build();
    return Json.obj().put("text", q.text()).put("kind", q.kind().id()).put("targets", strings(q.targets()))
        .put("stances", st.build()).put("actors", strings(q.actors())).put("positions", strings(q.positions()))
        .put("narratives", strings(q.narratives())).put("techniques", strings(q.techniques()))
        .put("sources", strings(q.sources())).put("period", period).put("keywords", strings(q.keywords())).build();
  }

  private static Json position(PositionFinding p) {
    return Json.obj().put("id", p.id()).put("name", p.name()).put("units", p.units()).put("documents", p.documents())
        .put("sources", p.sources()).put("from", date(p.from())).put("to", date(p.to()))
        .put("quotes", ints(p.quotes()))
        .put("narratives", Json.arr(p.narratives().stream().map(AnswerJson::label).toList()))
        .put("techniques", Json.arr(p.techniques().stream().map(AnswerJson::label).toList()))
        .put("document_ids", strings(p.documentIds())).build();
  }

  private static Json label(LabelFinding l) {
    return Json.obj().put("id", l.id()).put("name", l.name()).put("units", l.units()).put("documents", l.documents())
        .put("best_score", l.bestScore()).put("quotes", ints(l.quotes())).build();
  }

  private static Json document(DocumentRef d) {
    return Json.obj().put("id", d.id()).put("title", d.title()).put("source", d.source()).put("url", d.url())
        .put("published", date(d.published())).put("position", d.position()).put("units", d.units()).build();
  }

  /** One citation object, as in {@code citations[]}. */
  public static Json citation(Citation c) {
    return Json.obj().put("n", c.n()).put("document", c.document()).put("title", c.title()).put("source", c.source())
        .put("date", date(c.date())).put("url", c.url()).put("unit", c.unit()).put("start", c.start())
        .put("end", c.end()).put("quote", c.quote()).put("supports", c.supports()).build();
  }

  static Json date(LocalDate d) {
    return d == null ? Json.NULL : Json.of(d.toString());
  }

  static Json strings(List<String> l) {
    return Json.arr(l.stream().map(Json::of).toList());
  }

  static Json ints(List<Integer> l) {
    return Json.arr(l.stream().map(i -> Json.of((long) i)).toList());
  }
}
