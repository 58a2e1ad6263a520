package org.stancemap.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.stancemap.analysis.Contradiction;
import org.stancemap.analysis.DocumentAnalysis;
import org.stancemap.analysis.Evidence;
import org.stancemap.analysis.RoleResult;
import org.stancemap.analysis.Scored;
import org.stancemap.analysis.StanceResult;
import org.stancemap.analysis.UnitAnalysis;
import org.stancemap.codebook.Stance;
import org.stancemap.text.Sentence;

/**
 * One self-contained HTML file (no scripts, no external resources) with every document's text, its units outlined
 * and every evidence sentence highlighted in its label's colour; hovering a sentence shows its labels and scores.
 * All document text is escaped.
 */
public final class HtmlReport {
  private HtmlReport() {}

  public static String render(List<DocumentAnalysis> docs, List<JsonReport.Failure> failures) {
    StringBuilder sb = new StringBuilder(begin(failures));
    for (DocumentAnalysis a : docs) {
      document(sb, a, "");
    }
    sb.append(end());
    return sb.toString();
  }

  /**
   * The start of a report: head, style, title, legend and the failures section. {@link #begin}, any number of
   * {@link #article}s and {@link #end} concatenated are what {@link #render} returns, so that a long report can be
   * written one document at a time.
   */
  public static String begin(List<JsonReport.Failure> failures) {
    StringBuilder sb = new StringBuilder();
    sb.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
        .append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">")
        .append("<title>Stancemap report</title><style>").append(CSS).append("</style></head><body>\n")
        .append("<h1>Stancemap report</h1>\n<p class=\"legend\"><span class=\"favor\">favor</span> "
            + "<span class=\"against\">against</span> <span class=\"narrative\">narrative</span> "
            + "<span class=\"technique\">technique</span> — hover a highlighted sentence for its labels.</p>\n");
    if (!failures.isEmpty()) {
      sb.append("<section class=\"failures\"><h2>Inputs that could not be analysed</h2><ul>");
      for (JsonReport.Failure f : failures) {
        sb.append("<li>").append(esc(f.reason())).append("</li>");
      }
      sb.append("</ul></section>\n");
    }
    return sb.toString();
  }

  /** One document's section of the report (see {@link #begin}). */
  public static String article(DocumentAnalysis a) {
    return article(a, "");
  }

  /**
   * One document's section with {@code extraHtml} (already escaped, well-formed HTML) at its end, inside the
   * section.
   */
  public static String article(DocumentAnalysis a, String extraHtml) {
    StringBuilder sb = new StringBuilder();
    document(sb, a, extraHtml);
    return sb.toString();
  }

  /** The end of a report (see {@link #begin}). */
  public static String end() {
    return "</body></html>\n";
  }

  private static void document(StringBuilder sb, DocumentAnalysis a, String extraHtml) {
    String text = a.document().text();
    sb.append("<article><h2>").append(esc(a.document().title() != null ? a.document().title()
        : a.document().source())).append("</h2>\n<p class=\"meta\">").append(esc(a.document().source()))
        .append(" · ").append(esc(a.document().language())).append(" · ").append(a.units().size())
        .append(" units</p>\n");
    if (!a.provenance().defaultThresholds()) {
      sb.append("<p class=\"meta\">").append(esc(TextReport.thresholdNote(a.provenance()))).append("</p>\n");
    }
    if (a.position() == null) {
      sb.append("<p class=\"unsupported\">Not analysed: language ").append(esc(a.document().language()))
          .append(" is not covered by the codebook's model.</p>").append(extraHtml).append("</article>\n");
      return;
    }
    if (a.status().equals(DocumentAnalysis.ANALYSED_VIA_GLOSS)) {
      sb.append("<p class=\"meta\">").append(esc(TextReport.glossNote(a))).append("</p>\n");
    }
    sb.append("<table class=\"summary\"><tr><th>position</th><td>").append(esc(a.position().label()))
        .append(fmt(a.position().score()));
    if (!a.position().voices().isEmpty()) {
      sb.append(" — voices: ").append(esc(a.position().voices().toString()));
    }
    sb.append("</td></tr>");
    for (Map.Entry<String, StanceResult> e : a.stance().entrySet()) {
      StanceResult r = e.getValue();
      sb.append("<tr><th>").append(esc(e.getKey())).append("</th><td class=\"").append(r.label().id()).append("\">")
          .append(esc(r.label().id())).append(fmt(r.score()));
      if (!r.evidence().isEmpty()) {
        sb.append(" <q>").append(esc(r.evidence().get(0).text())).append("</q>");
      }
      sb.append("</td></tr>");
    }
    row(sb, "narratives", a.narratives());
    row(sb, "techniques", a.techniques());
    if (!a.roles().isEmpty()) {
      sb.append("<tr><th>roles</th><td>");
      for (RoleResult r : a.roles()) {
        sb.append(esc(r.entity())).append(": ").append(esc(r.role())).append(fmt(r.score())).append("; ");
      }
      sb.append("</td></tr>");
    }
    for (Contradiction c : a.contradictions()) {
      sb.append("<tr><th>contradiction</th><td>").append(esc(c.a() + " ↔ " + c.b() + " (" + c.kind() + ", "
          + (c.subject() != null ? c.subject() : c.target()) + ")")).append(": <q>")
          .append(esc(c.quotesA().get(0).text())).append("</q> vs <q>").append(esc(c.quotesB().get(0).text()))
          .append("</q></td></tr>");
    }
    sb.append("</table>\n");
    for (UnitAnalysis u : a.units()) {
      unit(sb, u, text);
    }
    sb.append(extraHtml).append("</article>\n");
  }

  private static void row(StringBuilder sb, String name, List<Scored> ls) {
    if (ls.isEmpty()) {
      return;
    }
    sb.append("<tr><th>").append(name).append("</th><td>");
    for (Scored s : ls) {
      sb.append(esc(s.id())).append(fmt(s.score())).append("; ");
    }
    sb.append("</td></tr>");
  }

  private static void unit(StringBuilder sb, UnitAnalysis ua, String text) {
    Map<Integer, List<String>> labels = new LinkedHashMap<>();
    Map<Integer, String> cls = new LinkedHashMap<>();
    ua.stance().forEach((t, r) -> {
      if (r.label() != Stance.NONE) {
        for (Evidence e : r.evidence()) {
          labels.computeIfAbsent(e.start(), k -> new ArrayList<>()).add(r.label().id() + " " + t + fmt(e.score()));
          cls.putIfAbsent(e.start(), r.label().id());
        }
      }
    });
    mark(ua.narratives(), "narrative", labels, cls);
    mark(ua.techniques(), "technique", labels, cls);
    for (RoleResult r : ua.roles()) {
      for (Evidence e : r.evidence()) {
        labels.computeIfAbsent(e.start(), k -> new ArrayList<>()).add(r.entity() + ": " + r.role() + fmt(e.score()));
      }
    }
    sb.append("<div class=\"unit ").append(ua.unit().kind().id()).append(ua.relevant() ? "" : " off")
        .append("\" id=\"").append(esc(ua.unit().id())).append("\"><span class=\"kind\">")
        .append(esc(ua.unit().id() + " " + ua.unit().kind().id()))
        .append(ua.unit().author() != null ? " · " + esc(ua.unit().author()) : "")
        .append(ua.position() != null && ua.relevant() ? " · " + esc(ua.position().label()) : "")
        .append("</span><p>");
    int pos = ua.unit().span().start();
    for (Sentence s : ua.unit().sentences()) {
      sb.append(esc(text.substring(pos, s.span().start())));
      List<String> ls = labels.get(s.span().start());
      if (ls == null) {
        sb.append(esc(s.span().of(text)));
      } else {
        sb.append("<span class=\"s ").append(cls.getOrDefault(s.span().start(), "label")).append("\" title=\"")
            .append(esc(String.join("\n", ls))).append("\">").append(esc(s.span().of(text))).append("</span>");
      }
      pos = s.span().end();
    }
    sb.append(esc(text.substring(pos, ua.unit().span().end()))).append("</p></div>\n");
  }

  private static void mark(List<Scored> ls, String kind, Map<Integer, List<String>> labels,
      Map<Integer, String> cls) {
    for (Scored s : ls) {
      for (Evidence e : s.evidence()) {
        labels.computeIfAbsent(e.start(), k -> new ArrayList<>()).add(kind + ": " + s.id() + fmt(e.score()));
        cls.putIfAbsent(e.start(), kind);
      }
    }
  }

  private static String fmt(double d) {
    return String.format(Locale.ROOT, " (%.2f)", d);
  }

  /** Escapes text for HTML element content and double-quoted attributes. */
  public static String esc(String s) {
    StringBuilder sb = new StringBuilder(s.length() + 16);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '<' -> sb.append("&lt;");
        case '>' -> sb.append("&gt;");
        case '&' -> sb.append("&amp;");
        case '"' -> sb.append("&quot;");
        case '\'' -> sb.append("&#39;");
        default -> sb.append(c);
      }
    }
    return sb.toString();
  }

  private static final String CSS = """
      body{font:15px/1.5 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#222}
      article{border-top:2px solid #ccc;margin-top:2rem}
      .meta{color:#666;font-size:.9em}
      table.summary{border-collapse:collapse;margin:1rem 0;font-size:.9em}
      table.summary th{text-align:left;padding:2px 8px;vertical-align:top;color:#555}
      table.summary td{padding:2px 8px}
      .unit{border-left:3px solid #ddd;margin:.8rem 0;padding-left:.8rem;white-space:pre-wrap}
      .unit p{margin:.2rem 0}
      .unit.comment{border-color:#b58900}.unit.question,.unit.answer{border-color:#268bd2}
      .unit.caption{border-color:#6c71c4}.unit.title{font-weight:bold}.unit.off{opacity:.6}
      .kind{font-size:.75em;color:#888;display:block;white-space:normal}
      .s{border-radius:3px;padding:0 2px;cursor:help}
      .favor{background:#d9f2d9}.against{background:#f9d6d5}.narrative{background:#fff1c2}
      .technique{background:#e3dcf7}.label{background:#e0eef8}
      td.favor,td.against{background:none}
      .legend span{padding:0 4px;border-radius:3px}
      .failures{background:#fee;padding:.5rem 1rem}
      """;
}
