package org.stancemap.report;

import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.stancemap.analysis.DocumentAnalysis;
import org.stancemap.analysis.Provenance;
import org.stancemap.json.Json;
import org.stancemap.json.JsonWriter;

/**
 * Writes a report of many documents in one format, one document at a time: {@link #begin}, then
 * {@link #document} for each analysis (with what a caller adds to it, such as an explanation), then {@link #end}
 * with the inputs that failed. The one place that frames each format; the adapters only call it.
 *
 * <p>Design decision: text and JSON go out as each document arrives. HTML lists the failed inputs at the top, so it
 * keeps each document's rendered section until {@link #end}, and writes the page then.
 */
public sealed interface ReportWriter permits ReportWriter.Text, ReportWriter.JsonDocument, ReportWriter.Html {
  /** The report formats. */
  enum Format { text, json, html }

  /**
   * What a caller adds to a document's report: fields appended to its JSON object, a text block appended to its text
   * report, an HTML fragment appended to its section. Each may be empty.
   */
  record Addition(Map<String, Json> json, String text, String html) {
    public static final Addition NONE = new Addition(Map.of(), "", "");

    public Addition {
      json = Collections.unmodifiableMap(new LinkedHashMap<>(json));
      Objects.requireNonNull(text, "text");
      Objects.requireNonNull(html, "html");
    }
  }

  /** A writer of {@code format} onto {@code out}; {@code colour} is for the text format (ANSI colour). */
  static ReportWriter of(Format format, Writer out, boolean colour) {
    return switch (format) {
      case text -> new Text(out, new TextReport(colour));
      case json -> new JsonDocument(out);
      case html -> new Html(out);
    };
  }

  /** Starts the report; {@code provenance} is the analyzer's. */
  void begin(Provenance provenance) throws IOException;

  /** Adds one document. */
  void document(DocumentAnalysis a, Addition addition) throws IOException;

  /** Ends the report with the inputs that could not be analysed. */
  void end(List<JsonReport.Failure> failures) throws IOException;

  /** The text report: each document's block as it comes, and a count of the failures at the end. */
  final class Text implements ReportWriter {
    private final Writer out;
    private final TextReport report;

    Text(Writer out, TextReport report) {
      this.out = out;
      this.report = report;
    }

    @Override
    public void begin(Provenance provenance) {}

    @Override
    public void document(DocumentAnalysis a, Addition addition) throws IOException {
      String r = report.render(a);
      if (!addition.text().isEmpty()) {
        // The document's report ends with a blank line; the addition goes before it.
        r = (r.endsWith("\n\n") ? r.substring(0, r.length() - 1) : r) + addition.text();
      }
      out.write(r);
      out.flush();
    }

    @Override
    public void end(List<JsonReport.Failure> failures) throws IOException {
      if (!failures.isEmpty()) {
        out.write(failures.size() + " input(s) could not be analysed; see the messages above.\n");
      }
      out.flush();
    }
  }

  /**
   * The JSON report of schema {@link JsonReport#SCHEMA}: one object with the provenance, the documents (each written
   * as it comes) and the failures.
   */
  final class JsonDocument implements ReportWriter {
    private final Writer out;
    private boolean first = true;

    JsonDocument(Writer out) {
      this.out = out;
    }

    @Override
    public void begin(Provenance provenance) throws IOException {
      out.write("{\n  \"schema\": \"" + JsonReport.SCHEMA + "\",\n  \"provenance\": "
          + JsonWriter.pretty(JsonReport.provenance(provenance), 1) + ",\n  \"documents\": [");
    }

    @Override
    public void document(DocumentAnalysis a, Addition addition) throws IOException {
      Json.Obj doc = JsonReport.document(a);
      if (!addition.json().isEmpty()) {
        Json.ObjBuilder b = Json.obj();
        doc.fields().forEach(b::put);
        addition.json().forEach(b::put);
        doc = b.build();
      }
      out.write((first ? "\n    " : ",\n    ") + JsonWriter.pretty(doc, 2));
      first = false;
      out.flush();
    }

    @Override
    public void end(List<JsonReport.Failure> failures) throws IOException {
      List<Json> fs = failures.stream().map(x -> (Json) Json.obj().put("source", x.source())
          .put("reason", x.reason()).build()).toList();
      out.write((first ? "]" : "\n  ]") + ",\n  \"failures\": " + JsonWriter.pretty(Json.arr(fs), 1) + "\n}\n");
      out.flush();
    }
  }

  /** The self-contained HTML report: written whole at the end, failures first (see the design note above). */
  final class Html implements ReportWriter {
    private final Writer out;
    private final List<String> articles = new ArrayList<>();

    Html(Writer out) {
      this.out = out;
    }

    @Override
    public void begin(Provenance provenance) {}

    @Override
    public void document(DocumentAnalysis a, Addition addition) {
      articles.add(HtmlReport.article(a, addition.html()));
    }

    @Override
    public void end(List<JsonReport.Failure> failures) throws IOException {
      out.write(HtmlReport.begin(failures));
      for (String article : articles) {
        out.write(article);
      }
      out.write(HtmlReport.end());
      out.flush();
    }
  }
}
