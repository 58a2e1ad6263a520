package org.stancemap.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stancemap.json.Json;
import org.stancemap.json.JsonParser;

/** The {@code analyze} command end to end, in-process, on the real model: outputs, bad inputs, exit codes. */
class AnalyzeCommandTest {
  record Run(int code, String out, String err) {}

  static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    String[] full = new String[args.length + 1];
    full[0] = args[0];
    full[1] = "--cache-dir=" + Fixture.CACHE;
    System.arraycopy(args, 1, full, 2, args.length - 1);
    int code = new StancemapTool().run(new PrintWriter(out), new PrintWriter(err), full);
    return new Run(code, out.toString(), err.toString());
  }

  private static final String GOOD = "Putin's invasion is a crime and the Ukrainian resistance deserves our support."
      + "\n\nWe must stand with Ukrainian workers and send them what they need to defend themselves.\n";

  /** A one-page PDF holding {@code lines}, drawn with PDFBox (the library the import reads PDFs with). */
  private static byte[] pdf(String... lines) throws IOException {
    try (org.apache.pdfbox.pdmodel.PDDocument doc = new org.apache.pdfbox.pdmodel.PDDocument();
        ByteArrayOutputStream out = new ByteArrayOutputStream()) {
      org.apache.pdfbox.pdmodel.PDPage page = new org.apache.pdfbox.pdmodel.PDPage();
      doc.addPage(page);
      try (org.apache.pdfbox.pdmodel.PDPageContentStream cs =
          new org.apache.pdfbox.pdmodel.PDPageContentStream(doc, page)) {
        cs.beginText();
        cs.setFont(new org.apache.pdfbox.pdmodel.font.PDType1Font(
            org.apache.pdfbox.pdmodel.font.Standard14Fonts.FontName.HELVETICA), 12);
        cs.setLeading(18);
        cs.newLineAtOffset(50, 700);
        for (String l : lines) {
          cs.showText(l);
          cs.newLine();
          cs.newLine();
        }
        cs.endText();
      }
      doc.save(out);
      return out.toByteArray();
    }
  }

  @Test
  void everyInputIsReadAsImportReadsIt(@TempDir Path dir) throws IOException {
    Files.write(dir.resolve("statement.pdf"), pdf("The Kremlin's invasion of Ukraine is a crime.",
        "We stand with the Ukrainian workers who resist it."));
    Files.writeString(dir.resolve("posts.csv"), "id,body\nq1,NATO expansion caused this war.\n"
        + "q2,Arms for Ukraine now; the occupiers must leave.\n", StandardCharsets.UTF_8);

    Run pdf = run("analyze", "--format", "json", dir.resolve("statement.pdf").toString());
    assertEquals(StancemapTool.OK, pdf.code(), pdf.err());
    Json.Obj doc = JsonParser.parse(pdf.out()).asObj("").get("documents").asList("documents").get(0).asObj("doc");
    assertTrue(doc.get("text").asString("text").contains("Kremlin's invasion of Ukraine is a crime"),
        "the PDF's text, not its bytes: " + doc.get("text"));
    assertTrue(doc.get("notes").toString().contains("read from PDF"), "says which format it read: " + doc);

    Run posts = run("analyze", "--format", "json", dir.resolve("posts.csv").toString());
    assertEquals(StancemapTool.OK, posts.code(), posts.err());
    List<Json> postDocs = JsonParser.parse(posts.out()).asObj("").get("documents").asList("documents");
    assertEquals(List.of(dir.resolve("posts.csv") + "#id=q1", dir.resolve("posts.csv") + "#id=q2"),
        postDocs.stream().map(d -> d.asObj("d").get("source").asString("source")).toList(),
        "an export named as an input: one document per post, located as import locates it");

    Run folder = run("analyze", "--format", "json", dir.toString());
    assertEquals(1, JsonParser.parse(folder.out()).asObj("").get("documents").asList("documents").size(),
        "a folder gives its documents (the PDF), not the posts of its exports");
    assertTrue(folder.err().contains("skipped 1 export file(s)"), folder.err());
  }

  @Test
  void badInputsAreReportedAndTheOthersStillRun(@TempDir Path dir) throws IOException {
    Files.writeString(dir.resolve("a-good.txt"), GOOD, StandardCharsets.UTF_8);
    Files.write(dir.resolve("b-empty.txt"), new byte[0]);
    Files.write(dir.resolve("c-binary.txt"), new byte[] {0x50, 0x4b, 0x03, 0x04, 0, 0, 0, 1, 2, 3});
    Files.writeString(dir.resolve("d-script.html"), "<html><body><script>alert(1)</script></body></html>");
    byte[] latin = "Caf\u00e9 owners say Putin\u2019s war must end. The Kremlin lies.".getBytes(
        Charset.forName("windows-1252"));
    Files.write(dir.resolve("e-cp1252.txt"), latin);
    Files.writeString(dir.resolve("f-good.md"), "# Solidarity\n\n" + GOOD, StandardCharsets.UTF_8);

    Run r = run("analyze", "--format", "json", dir.toString());

    assertEquals(StancemapTool.SOME_INPUTS_FAILED, r.code(), r.err());
    assertTrue(r.err().contains("b-empty.txt") && r.err().contains("empty"), r.err());
    assertTrue(r.err().contains("c-binary.txt") && r.err().contains("binary"), r.err());
    assertTrue(r.err().contains("d-script.html") && r.err().contains("no readable text"), r.err());
    Json.Obj json = JsonParser.parse(r.out()).asObj("");
    assertEquals("stancemap.analysis/2", json.get("schema").asString("schema"));
    List<Json> docs = json.get("documents").asList("documents");
    assertEquals(3, docs.size(), "the good, the windows-1252 and the Markdown file are analysed");
    assertEquals(3, json.get("failures").asList("failures").size());
    Json.Obj cp1252 = docs.get(1).asObj("doc");
    assertTrue(cp1252.get("text").asString("text").contains("Putin\u2019s"), "decoded as windows-1252");
    assertFalse(cp1252.get("notes").asList("notes").isEmpty(), "the fallback decoding is noted");
    for (Json d : docs) {
      checkEvidenceQuotesTheText(d.asObj("doc"));
    }
  }

  /** Every evidence quote, unit text and sentence span must be the document's own characters. */
  static void checkEvidenceQuotesTheText(Json.Obj doc) {
    String text = doc.get("text").asString("text");
    StringBuilder problems = new StringBuilder();
    walk(doc, text, problems);
    assertEquals("", problems.toString());
  }

  private static void walk(Json j, String text, StringBuilder problems) {
    if (j instanceof Json.Obj o) {
      if (o.has("start") && o.has("end") && o.has("text") && !o.has("schema")) {
        int s = (int) o.get("start").asLong("start");
        int e = (int) o.get("end").asLong("end");
        if (s < 0 || e > text.length() || s > e || !text.substring(s, e).equals(o.get("text").asString("t"))) {
          problems.append("span [").append(s).append(',').append(e).append(") does not quote the text\n");
        }
      }
      o.fields().forEach((k, v) -> {
        if (!k.equals("text")) {
          walk(v, text, problems);
        }
      });
    } else if (j instanceof Json.Arr a) {
      a.items().forEach(x -> walk(x, text, problems));
    }
  }

  @Test
  void htmlReportEscapesHostileDocuments(@TempDir Path dir) throws IOException {
    Files.writeString(dir.resolve("hostile.txt"), "<script>alert('x')</script> Putin's regime bombs cities.\n\n"
        + "<img src=x onerror=alert(1)> We stand with Ukraine's resistance <svg onload=alert(2)>.\n",
        StandardCharsets.UTF_8);
    Path out = dir.resolve("report.html");
    Run r = run("analyze", "--format", "html", "--out", out.toString(), dir.resolve("hostile.txt").toString());
    assertEquals(StancemapTool.OK, r.code(), r.err());
    String html = Files.readString(out, StandardCharsets.UTF_8);
    assertFalse(html.contains("<script>alert"), "script tag escaped");
    assertFalse(html.contains("<img src=x"), "img tag escaped");
    assertFalse(html.contains("<svg onload"), "svg escaped");
    assertTrue(html.contains("&lt;script&gt;alert"), "the text is still shown, escaped");
  }

  @Test
  void textReportShowsPositionAndStanceWithQuotes(@TempDir Path dir) throws IOException {
    Files.writeString(dir.resolve("doc.txt"), GOOD, StandardCharsets.UTF_8);
    Run r = run("analyze", "--no-color", dir.resolve("doc.txt").toString());
    assertEquals(StancemapTool.OK, r.code(), r.err());
    assertTrue(r.out().contains("position"), r.out());
    assertTrue(r.out().contains("russia    against"), r.out());
    assertTrue(r.out().contains("“Putin's invasion is a crime"), r.out());
    assertFalse(r.out().contains("\u001b["), "no colour when not on a terminal");
  }

  @Test
  void aLowerLabelThresholdReportsMoreLabelsAndSaysSo(@TempDir Path dir) throws IOException {
    Path doc = dir.resolve("doc.txt");
    Files.writeString(doc, GOOD, StandardCharsets.UTF_8);
    Json.Obj normal = JsonParser.parse(run("analyze", "-q", "--format", "json", doc.toString()).out()).asObj("");
    Run r = run("analyze", "-q", "--format", "json", "--label-threshold", "0.05", doc.toString());
    assertEquals(StancemapTool.OK, r.code(), r.err());
    Json.Obj low = JsonParser.parse(r.out()).asObj("");

    assertFalse(normal.get("provenance").asObj("p").has("label_threshold"), "the default is not written");
    assertEquals(0.05, low.get("provenance").asObj("p").get("label_threshold").asDouble("t"));
    Json.Obj lowDoc = low.get("documents").asList("d").get(0).asObj("doc");
    assertEquals(0.05, lowDoc.get("provenance").asObj("p").get("label_threshold").asDouble("t"));

    List<String> normalIds = ids(normal.get("documents").asList("d").get(0).asObj("doc"));
    List<String> lowIds = ids(lowDoc);
    assertTrue(lowIds.containsAll(normalIds), normalIds + " within " + lowIds);
    assertTrue(lowIds.size() > normalIds.size(), "more labels at 0.05: " + lowIds + " against " + normalIds);
    for (String field : List.of("narratives", "techniques")) {
      for (Json n : lowDoc.get(field).asList(field)) {
        assertTrue(n.asObj("n").get("score").asDouble("score") >= 0.05, n.toString());
      }
    }
    checkEvidenceQuotesTheText(lowDoc);

    Run text = run("analyze", "-q", "--no-color", "--label-threshold", "0.05", doc.toString());
    assertTrue(text.out().contains("note: narratives and techniques reported at probability 0.05 and above "
        + "(default 0.4)"), text.out());
    assertFalse(run("analyze", "-q", "--no-color", doc.toString()).out().contains("reported at probability"));
    Path html = dir.resolve("report.html");
    assertEquals(StancemapTool.OK, run("analyze", "-q", "--format", "html", "--out", html.toString(),
        "--label-threshold", "0.05", doc.toString()).code());
    assertTrue(Files.readString(html).contains("narratives and techniques reported at probability 0.05"));
  }

  @Test
  void labelThresholdOutsideZeroToOneOrWithTheStoreIsRefused(@TempDir Path dir) throws IOException {
    Path doc = dir.resolve("doc.txt");
    Files.writeString(doc, GOOD, StandardCharsets.UTF_8);
    for (String bad : List.of("0", "1", "1.5", "-0.2")) {
      Run r = run("analyze", "--label-threshold", bad, doc.toString());
      assertEquals(StancemapTool.USAGE, r.code(), bad);
      assertTrue(r.err().contains("--label-threshold must lie between 0 and 1"), r.err());
    }
    Run db = run("analyze", "--label-threshold", "0.2", "--db", dir.resolve("corpus.db").toString());
    assertEquals(StancemapTool.USAGE, db.code());
    assertTrue(db.err().contains("--label-threshold is for INPUT files, not --db"), db.err());
    assertFalse(Files.exists(dir.resolve("corpus.db")), "no store is created");
  }

  private static List<String> ids(Json.Obj doc) {
    List<String> out = new ArrayList<>();
    for (String field : List.of("narratives", "techniques")) {
      doc.get(field).asList(field).forEach(n -> out.add(field + ":" + n.asObj("n").get("id").asString("id")));
    }
    return out;
  }

  @Test
  void aLanguageWithAGlossaryIsReadThroughItAndQuotedInTheOriginal(@TempDir Path dir) throws IOException {
    Files.writeString(dir.resolve("de.txt"), "Die Gewerkschaften in der Ukraine kämpfen seit dem ersten Tag gegen "
        + "die Invasion. Wir unterstützen ihren Widerstand und fordern den Abzug aller russischen Truppen aus dem "
        + "ganzen Land.\n", StandardCharsets.UTF_8);
    Run r = run("analyze", "--format", "json", dir.resolve("de.txt").toString());
    assertEquals(StancemapTool.OK, r.code(), r.err());
    Json.Obj doc = JsonParser.parse(r.out()).asObj("").get("documents").asList("d").get(0).asObj("doc");
    assertEquals("deu", doc.get("language").asString("language"));
    assertEquals("analysed-via-gloss", doc.get("status").asString("status"));
    assertEquals("solidarity", doc.get("position").asObj("position").get("label").asString("label"));
    Json.Obj russia = doc.get("stance").asObj("stance").get("russia").asObj("russia");
    assertEquals("against", russia.get("label").asString("label"));
    String quote = russia.get("evidence").asList("e").get(0).asObj("e").get("text").asString("t");
    assertTrue(quote.contains("russischen Truppen"), "the evidence is the German sentence: " + quote);
    checkEvidenceQuotesTheText(doc);
    Run text = run("analyze", dir.resolve("de.txt").toString());
    assertTrue(text.out().contains("word-by-word English gloss"), text.out());
  }

  @Test
  void aUsersGlossaryReadsItsLanguageAndABrokenOneSaysWhereItIsBroken(@TempDir Path dir) throws IOException {
    // a tiny Dutch glossary, written for this test
    Path nld = dir.resolve("nld.tsv");
    Files.writeString(nld, "# test glossary: Dutch (nld) to English, version 0.1\nde\tthe\nvakbonden\tunions\n"
        + "in\tin\noekraïne\tUkraine\nvechten\tfight\nsinds\tsince\neerste\tfirst\ndag\tday\ntegen\tagainst\n"
        + "invasie\tinvasion\nwij\twe\nsteunen\tsupport\nhun\ttheir\nverzet\tresistance\nen\tand\n"
        + "eisen\tdemand\nterugtrekking\twithdrawal\nvan\tof\nalle\tall\nrussische\tRussian\ntroepen\ttroops\n"
        + "uit\tfrom\nhet\tthe\nhele\twhole\nland\tcountry\n", StandardCharsets.UTF_8);
    Files.writeString(dir.resolve("nl.txt"), "De vakbonden in Oekraïne vechten sinds de eerste dag tegen de invasie. "
        + "Wij steunen hun verzet en eisen de terugtrekking van alle Russische troepen uit het hele land.\n",
        StandardCharsets.UTF_8);
    Run r = run("analyze", "--format", "json", "--glossary", nld.toString(), dir.resolve("nl.txt").toString());
    assertEquals(StancemapTool.OK, r.code(), r.err());
    Json.Obj doc = JsonParser.parse(r.out()).asObj("").get("documents").asList("d").get(0).asObj("doc");
    assertEquals("analysed-via-gloss", doc.get("status").asString("status"));
    checkEvidenceQuotesTheText(doc);

    Path broken = dir.resolve("fra.tsv");
    Files.writeString(broken, "guerre\twar\nGuerre\twars\n", StandardCharsets.UTF_8);
    Run bad = run("analyze", "--glossary", broken.toString(), dir.resolve("nl.txt").toString());
    assertEquals(StancemapTool.USAGE, bad.code(), bad.err());
    assertTrue(bad.err().contains("--glossary") && bad.err().contains("line 2"), bad.err());

    // two files for one language: refused, naming both, rather than one silently winning
    Path other = Files.createDirectory(dir.resolve("other")).resolve("nld.tsv");
    Files.writeString(other, "de\tthe\n", StandardCharsets.UTF_8);
    Run twice = run("analyze", "--glossary", nld.toString(), "--glossary", other.toString(),
        dir.resolve("nl.txt").toString());
    assertEquals(StancemapTool.USAGE, twice.code(), twice.err());
    assertTrue(twice.err().contains("a second glossary for 'nld'") && twice.err().contains(nld.toString()),
        twice.err());
  }

  @Test
  void aLanguageWithoutAGlossaryIsReportedNotLabelled(@TempDir Path dir) throws IOException {
    Files.writeString(dir.resolve("nl.txt"), "De vakbonden in Oekraïne vechten sinds de eerste dag tegen de invasie. "
        + "Wij steunen hun verzet en eisen de terugtrekking van alle Russische troepen uit het hele land.\n",
        StandardCharsets.UTF_8);
    Run r = run("analyze", "--format", "json", dir.resolve("nl.txt").toString());
    assertEquals(StancemapTool.OK, r.code(), r.err());
    Json.Obj doc = JsonParser.parse(r.out()).asObj("").get("documents").asList("d").get(0).asObj("doc");
    assertEquals("nld", doc.get("language").asString("language"));
    assertEquals("unsupported-language", doc.get("status").asString("status"));
    assertEquals(Json.NULL, doc.get("position"));
    assertTrue(doc.get("narratives").asList("n").isEmpty());
  }

  @Test
  void usageErrorsExitWithTwo() {
    assertEquals(StancemapTool.USAGE, run("analyze", "--no-such-option", "x").code());
    assertEquals(StancemapTool.USAGE, run("analyze", "--encoding", "no-such-charset", "x").code());
  }

  @Test
  void missingFileIsAFailureNotACrash(@TempDir Path dir) {
    Run r = run("analyze", dir.resolve("nope.txt").toString());
    assertEquals(StancemapTool.SOME_INPUTS_FAILED, r.code());
    assertTrue(r.err().contains("no such file"), r.err());
  }

  @Test
  void brokenCodebookExitsWithThreeAndSaysWhere(@TempDir Path dir) throws IOException {
    Path cb = dir.resolve("cb.yaml");
    Files.writeString(cb, "format: stancemap.codebook/1\nid: x\nversion: 1\ntargets: []\nnarratives: "
        + "[{id: a, definition: d, exemplars: [one]}]\ntechniques: []\nroles: []\nactors: []\npositions: []\n");
    Files.writeString(dir.resolve("doc.txt"), GOOD);
    Run r = run("analyze", "--codebook", cb.toString(), dir.resolve("doc.txt").toString());
    assertEquals(StancemapTool.MODEL_OR_CODEBOOK, r.code(), r.err());
    assertTrue(r.err().contains("narratives[0].exemplars"), r.err());
  }

  @Test
  void outFileHoldsExactlyWhatStandardOutputWouldAndNoTemporaryFileRemains(@TempDir Path dir) throws IOException {
    Files.writeString(dir.resolve("a.txt"), GOOD, StandardCharsets.UTF_8);
    Files.writeString(dir.resolve("b.md"), "# Solidarity\n\n" + GOOD, StandardCharsets.UTF_8);
    Path reports = dir.resolve("reports");
    Path target = reports.resolve("out.json");
    Files.createDirectories(reports);
    Files.writeString(target, "an older report", StandardCharsets.UTF_8);
    Run toFile = run("analyze", "-q", "--format", "json", "--out", target.toString(), dir.resolve("a.txt").toString(),
        dir.resolve("b.md").toString());
    Run toStdout = run("analyze", "-q", "--format", "json", dir.resolve("a.txt").toString(),
        dir.resolve("b.md").toString());
    assertEquals(StancemapTool.OK, toFile.code(), toFile.err());
    assertEquals("", toFile.out(), "nothing on standard output with --out");
    assertEquals(toStdout.out(), Files.readString(target, StandardCharsets.UTF_8));
    try (var files = Files.list(reports)) {
      assertEquals(List.of(target), files.toList(), "the temporary file was moved, not left behind");
    }
  }
}
