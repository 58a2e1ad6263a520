package org.stancemap.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.stancemap.analysis.DocumentAnalysis;
import org.stancemap.analysis.Evidence;
import org.stancemap.analysis.Scored;
import org.stancemap.analysis.StanceResult;
import org.stancemap.analysis.UnitAnalysis;
import org.stancemap.ask.answer.AnswerJson;
import org.stancemap.ask.explain.Explainer;
import org.stancemap.ask.explain.Explanation;
import org.stancemap.ask.explain.ExplanationJson;
import org.stancemap.ask.llm.LlmChat;
import org.stancemap.ask.llm.LlmLabeler;
import org.stancemap.ask.llm.LlmLabels;
import org.stancemap.codebook.Codebook;
import org.stancemap.codebook.Stance;
import org.stancemap.json.Json;
import org.stancemap.report.HtmlReport;

/**
 * What {@code analyze --explain} and {@code analyze --llm-url} add to each document's report: the offline
 * explanation of its dominant narrative ({@link Explainer}) and the language model's verified labels
 * ({@link LlmLabeler}), reported beside the offline labels, never in their place. A model that fails leaves the
 * offline analysis as it is and is reported on stderr.
 */
final class AnalyzeExtras {
  /** The additions for one document; each part is null when its option was not given. */
  record Extra(Explanation explanation, LlmLabels labels, String llmModel, String llmError) {}

  private final Explainer explainer;
  private final LlmLabeler labeler;
  private final String model;
  private final PrintWriter err;
  private final boolean quiet;

  /**
   * @param explainer null without {@code --explain}
   * @param chat null without {@code --llm-url}
   */
  AnalyzeExtras(Codebook codebook, boolean explain, LlmChat chat, PrintWriter err, boolean quiet) {
    this.explainer = explain ? new Explainer(codebook) : null;
    this.labeler = chat == null ? null : new LlmLabeler(codebook, chat);
    this.model = chat == null ? null : chat.model();
    this.err = err;
    this.quiet = quiet;
  }

  /** Whether any addition was asked for. */
  boolean active() {
    return explainer != null || labeler != null;
  }

  /** The additions for {@code a}; a model failure is reported on stderr (unless quiet) and kept in the result. */
  Extra of(DocumentAnalysis a) {
    Explanation e = explainer == null ? null : explainer.explain(a);
    LlmLabels labels = null;
    String error = null;
    if (labeler != null) {
      List<org.stancemap.text.Unit> units = a.units().stream().map(UnitAnalysis::unit).toList();
      switch (labeler.label(a.document(), units)) {
        case LlmLabeler.Result.Labelled l -> labels = l.labels();
        case LlmLabeler.Result.Failed f -> {
          error = f.message();
          if (!quiet) {
            synchronized (err) {
              err.println("stancemap: language model: " + Terminal.printable(a.document().source()) + ": " + error
                  + "; the offline analysis stands");
              err.flush();
            }
          }
        }
      }
    }
    return new Extra(e, labels, model, error);
  }

  /** What {@code x} adds to a document's report, in each format. */
  static org.stancemap.report.ReportWriter.Addition addition(Extra x) {
    Json.ObjBuilder b = Json.obj();
    json(x, b);
    return new org.stancemap.report.ReportWriter.Addition(b.build().fields(), text(x), html(x));
  }

  /** The text report's lines for {@code x}, indented like the document's report, ending with a blank line. */
  static String text(Extra x) {
    StringBuilder sb = new StringBuilder();
    if (x.explanation() != null) {
      Explanation e = x.explanation();
      sb.append("  explanation (offline, ").append(e.words()).append(" words)\n    ").append(e.text()).append('\n');
      for (int i = 0; i < e.quotes().size(); i++) {
        Evidence q = e.quotes().get(i);
        sb.append("    [").append(i + 1).append("] \u201c").append(q.text()).append("\u201d (").append(q.unit())
            .append(", chars ").append(q.start()).append('-').append(q.end()).append(")\n");
      }
    }
    if (x.llmModel() != null) {
      sb.append("  model labels (verified, ").append(x.llmModel()).append(")\n");
      if (x.labels() == null) {
        sb.append("    none: ").append(x.llmError()).append("; the offline labels above stand\n");
      } else {
        LlmLabels l = x.labels();
        List<String> st = new ArrayList<>();
        for (Map.Entry<String, StanceResult> s : l.stance().entrySet()) {
          if (s.getValue().label() != Stance.NONE) {
            st.add(s.getKey() + " " + s.getValue().label().id());
          }
        }
        sb.append("    stance      ").append(st.isEmpty() ? "-" : String.join(", ", st)).append('\n');
        sb.append("    narratives  ").append(ids(l.narratives())).append('\n');
        sb.append("    techniques  ").append(ids(l.techniques())).append('\n');
        sb.append("    position    ").append(l.position() == null ? "-" : l.position()).append('\n');
        for (org.stancemap.ask.answer.Answer.Removal r : l.dropped()) {
          sb.append("    dropped ").append(r.kind()).append(" \u201c").append(r.text()).append("\u201d: ")
              .append(r.reason()).append('\n');
        }
      }
    }
    return sb.append('\n').toString();
  }

  private static String ids(List<Scored> ls) {
    if (ls.isEmpty()) {
      return "-";
    }
    List<String> out = new ArrayList<>();
    for (Scored s : ls) {
      out.add(s.id() + String.format(Locale.ROOT, " %.2f", s.score()));
    }
    return String.join(", ", out);
  }

  /** Adds {@code explanation} and {@code llm} to a document's JSON object (schema stancemap.analysis/2). */
  static void json(Extra x, Json.ObjBuilder b) {
    if (x.explanation() != null) {
      b.put("explanation", ExplanationJson.of(x.explanation()));
    }
    if (x.llmModel() != null) {
      Json.ObjBuilder l = Json.obj().put("model", x.llmModel());
      if (x.labels() == null) {
        l.put("error", x.llmError());
      } else {
        LlmLabels ls = x.labels();
        Json.ObjBuilder st = Json.obj();
        ls.stance().forEach((k, v) -> st.put(k, Json.obj().put("label", v.label().id()).put("score", v.score())
            .put("evidence", evidence(v.evidence())).build()));
        l.put("stance", st.build()).put("narratives", scored(ls.narratives()))
            .put("techniques", scored(ls.techniques()))
            .put("position", ls.position() == null ? Json.NULL : Json.obj().put("label", ls.position())
                .put("evidence", evidence(ls.positionEvidence())).build())
            .put("dropped", AnswerJson.removed(ls.dropped())).put("error", Json.NULL);
      }
      b.put("llm", l.build());
    }
  }

  private static Json scored(List<Scored> ls) {
    return Json.arr(ls.stream().map(s -> (Json) Json.obj().put("id", s.id()).put("name", s.name())
        .put("score", s.score()).put("evidence", evidence(s.evidence())).build()).toList());
  }

  private static Json evidence(List<Evidence> ev) {
    return Json.arr(ev.stream().map(e -> (Json) Json.obj().put("unit", e.unit()).put("start", e.start())
        .put("end", e.end()).put("text", e.text()).put("score", e.score()).build()).toList());
  }

  /** The HTML paragraphs for {@code x}, escaped, to go at the end of the document's article. */
  static String html(Extra x) {
    StringBuilder sb = new StringBuilder();
    if (x.explanation() != null) {
      Explanation e = x.explanation();
      sb.append("<p class=\"explanation\"><b>Explanation</b> (offline): ").append(HtmlReport.esc(e.text()));
      for (int i = 0; i < e.quotes().size(); i++) {
        sb.append("<br>[").append(i + 1).append("] \u201c").append(HtmlReport.esc(e.quotes().get(i).text()))
            .append("\u201d");
      }
      sb.append("</p>\n");
    }
    if (x.llmModel() != null) {
      sb.append("<p class=\"llm\"><b>Model labels</b> (verified, ").append(HtmlReport.esc(x.llmModel()))
          .append("): ");
      if (x.labels() == null) {
        sb.append("none: ").append(HtmlReport.esc(x.llmError())).append("; the offline labels stand");
      } else {
        LlmLabels l = x.labels();
        sb.append("narratives ").append(HtmlReport.esc(ids(l.narratives()))).append("; techniques ")
            .append(HtmlReport.esc(ids(l.techniques()))).append("; position ")
            .append(HtmlReport.esc(l.position() == null ? "-" : l.position())).append("; ")
            .append(l.dropped().size()).append(" dropped by verification");
      }
      sb.append("</p>\n");
    }
    return sb.toString();
  }
}
