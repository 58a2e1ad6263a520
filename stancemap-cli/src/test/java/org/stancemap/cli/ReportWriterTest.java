package org.stancemap.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.stancemap.analysis.DocumentAnalysis;
import org.stancemap.document.Document;
import org.stancemap.json.Json;
import org.stancemap.json.JsonParser;
import org.stancemap.json.JsonWriter;
import org.stancemap.report.HtmlReport;
import org.stancemap.report.JsonReport;
import org.stancemap.report.ReportWriter;
import org.stancemap.report.TextReport;

/**
 * The streaming report writers give, document by document, the reports that the whole-report renderers give for
 * all documents at once, and put a caller's additions inside each document's part.
 */
class ReportWriterTest {
  private static final List<DocumentAnalysis> DOCS = List.of(
      Fixture.ANALYZER.analyze(Document.ofText("a.txt", "Putin's invasion is a crime.\n\nNATO is no friend of "
          + "workers either.", "eng")),
      Fixture.ANALYZER.analyze(Document.ofText("b.txt", "Sanctions hurt ordinary Russians more than the Kremlin.",
          "eng")));
  private static final List<JsonReport.Failure> FAILURES = List.of(new JsonReport.Failure("c.txt",
      "c.txt: is empty (0 bytes); nothing to analyse"));

  private static String write(ReportWriter.Format format, ReportWriter.Addition addition) throws IOException {
    StringWriter out = new StringWriter();
    ReportWriter w = ReportWriter.of(format, out, false);
    w.begin(Fixture.ANALYZER.provenance());
    for (DocumentAnalysis a : DOCS) {
      w.document(a, addition);
    }
    w.end(FAILURES);
    return out.toString();
  }

  @Test
  void eachFormatStreamsWhatTheWholeReportGives() throws IOException {
    Json whole = JsonReport.report(DOCS, FAILURES, Fixture.ANALYZER.provenance());
    assertEquals(JsonWriter.compact(whole), JsonWriter.compact(JsonParser.parse(write(ReportWriter.Format.json,
        ReportWriter.Addition.NONE))), "the JSON report, written a document at a time");
    assertEquals(HtmlReport.render(DOCS, FAILURES), write(ReportWriter.Format.html, ReportWriter.Addition.NONE));
    TextReport text = new TextReport(false);
    assertEquals(text.render(DOCS.get(0)) + text.render(DOCS.get(1))
        + "1 input(s) could not be analysed; see the messages above.\n",
        write(ReportWriter.Format.text, ReportWriter.Addition.NONE));
  }

  @Test
  void additionsGoInsideEachDocumentsPart() throws IOException {
    ReportWriter.Addition add = new ReportWriter.Addition(Map.of("explanation", Json.of("Cited.")),
        "  explanation: Cited.\n\n", "<p class=\"x\">Cited.</p>");
    List<Json> docs = JsonParser.parse(write(ReportWriter.Format.json, add)).asObj("report").get("documents")
        .asList("documents");
    docs.forEach(d -> assertEquals("Cited.", d.asObj("d").get("explanation").asString("explanation")));
    String html = write(ReportWriter.Format.html, add);
    assertEquals(2, html.split("<p class=\"x\">Cited.</p></article>", -1).length - 1,
        "the fragment ends each document's article: " + html.length());
    String text = write(ReportWriter.Format.text, add);
    assertEquals(2, text.split("  explanation: Cited.\n", -1).length - 1);
    assertTrue(text.indexOf("explanation: Cited.") < text.indexOf("b.txt"), "after the first document's block");
  }
}
