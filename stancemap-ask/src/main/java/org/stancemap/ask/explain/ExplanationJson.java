package org.stancemap.ask.explain;

import org.stancemap.analysis.Evidence;
import org.stancemap.json.Json;

/** Writes an {@link Explanation} as JSON (part of schema {@code stancemap.explanation/1}, see docs/ask.md). */
public final class ExplanationJson {
  /** The schema id of a list of explanations. */
  public static final String SCHEMA = "stancemap.explanation/1";

  private ExplanationJson() {}

  public static Json.Obj of(Explanation e) {
    int[] n = {0};
    return Json.obj().put("document", e.document()).put("source", e.source()).put("narrative", e.narrative())
        .put("narrative_name", e.narrativeName()).put("text", e.text()).put("words", e.words())
        .put("quotes", Json.arr(e.quotes().stream().map(q -> (Json) quote(++n[0], q)).toList())).build();
  }

  static Json.Obj quote(int n, Evidence q) {
    return Json.obj().put("n", n).put("unit", q.unit()).put("start", q.start()).put("end", q.end())
        .put("quote", q.text()).build();
  }
}
