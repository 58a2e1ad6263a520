package org.stancemap.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stancemap.json.Json;
import org.stancemap.json.JsonParser;
import org.stancemap.store.DocumentDetail;
import org.stancemap.store.DocumentQuery;
import org.stancemap.store.Entry;
import org.stancemap.store.LabelRow;
import org.stancemap.store.Store;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * import, analyze --db, export and import-report end to end, in-process, on real SQLite files and the real model;
 * every export is parsed back and checked against the store.
 */
class StoreCommandsTest {
  record Run(int code, String out, String err) {}

  static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = new StancemapTool().run(new PrintWriter(out), new PrintWriter(err), args);
    return new Run(code, out.toString(), err.toString());
  }

  static final String[] TEXTS = {
      "Putin's invasion is a crime and the Ukrainian resistance deserves our support.\n\nWe must stand with "
          + "Ukrainian workers and send them what they need to defend themselves.\n",
      "# NATO and the war\n\nNATO expansion provoked this war. The main enemy is at home, and the left should oppose "
          + "its own government, not Russia.\n\nNegotiations now, not more weapons, would stop the killing.\n",
      "Neither Washington nor Moscow: this is a war between two imperialist blocs, and workers have no side to take "
          + "in it.\n\nThe union “Захист праці” asked for generators — we sent them.\n",
      "Our bake sale raised money for the school library. Thanks to everyone who brought cakes!\n"};

  static Path corpus;
  static Path db;
  static Path base;

  @BeforeAll
  static void importAndAnalyse(@TempDir Path dir) throws IOException {
    base = dir;
    corpus = dir.resolve("corpus");
    Files.createDirectories(corpus.resolve("sub"));
    for (int i = 0; i < TEXTS.length; i++) {
      Files.writeString(corpus.resolve((i % 2 == 0 ? "" : "sub/") + "t" + i + (i == 1 ? ".md" : ".txt")), TEXTS[i],
          StandardCharsets.UTF_8);
    }
    db = dir.resolve("corpus.db");
    Run imp = run("import", corpus.toString(), "--db", db.toString(), "-q");
    assertEquals(0, imp.code(), imp.err());
    assertTrue(imp.out().startsWith("imported 4, unchanged 0, duplicates 0, new versions 0, failed 0"), imp.out());
    Run an = run("analyze", "--db", db.toString(), "--cache-dir=" + Fixture.CACHE, "-q");
    assertEquals(0, an.code(), an.err());
    assertTrue(an.out().startsWith("analysed 4 document(s), 0 already up to date, 0 failed"), an.out());
  }

  @Test
  void aSecondImportAndAnalysisChangeNothing() {
    Run imp = run("import", corpus.toString(), "--db", db.toString(), "-q");
    assertTrue(imp.out().startsWith("imported 0, unchanged 4, duplicates 0, new versions 0, failed 0"), imp.out());
    Run an = run("analyze", "--db", db.toString(), "--cache-dir=" + Fixture.CACHE, "-q");
    assertTrue(an.out().startsWith("analysed 0 document(s), 4 already up to date"), an.out());
  }

  @Test
  void analysesStoreLabelsAndOneVectorPerSentence() {
    try (Store store = Store.open(db.toString())) {
      try (var s = store.stream(DocumentQuery.current())) {
        for (Entry e : (Iterable<Entry>) s::iterator) {
          DocumentDetail d = store.document(e.document().id()).orElseThrow();
          assertNotNull(d.analysis(), e.document().location());
          assertFalse(d.sentences().isEmpty());
          d.sentences().forEach(x -> assertEquals(384, x.vector().length, "int8 vector per sentence"));
          assertEquals(d.analysis().json(), org.stancemap.json.JsonWriter.compact(org.stancemap.report.JsonReport
              .document(store.analysis(e.document().id()).orElseThrow())));
          assertTrue(d.labels().stream().anyMatch(l -> l.unitId() == null && l.dimension().equals("position")));
        }
      }
    }
  }

  @Test
  void csvHasOneRowPerUnitWithTheStoredLabels() throws IOException {
    Path out = base.resolve("out.csv");
    Run r = run("export", "--db", db.toString(), "--format", "csv", "--out", out.toString());
    assertEquals(0, r.code(), r.err());
    List<List<String>> rows = parseCsv(Files.readString(out, StandardCharsets.UTF_8));
    List<String> header = rows.get(0);
    assertEquals(List.of("stance_russia", "stance_russia_score"), header.subList(18, 20));
    int units = 0;
    Map<String, List<String>> byUnit = new HashMap<>();
    for (List<String> row : rows.subList(1, rows.size())) {
      assertEquals(header.size(), row.size(), "every row has every column: " + row);
      byUnit.put(row.get(1) + "/" + row.get(10), row);
    }
    try (Store store = Store.open(db.toString())) {
      for (long id = 1; id <= 4; id++) {
        DocumentDetail d = store.document(id).orElseThrow();
        units += d.units().size();
        for (var u : d.units()) {
          List<String> row = byUnit.get(id + "/" + u.unitId());
          assertNotNull(row, "a row for unit " + u.unitId() + " of document " + id);
          assertEquals(d.document().text().substring(u.start(), u.end()), row.get(header.indexOf("text")));
          for (LabelRow l : d.labels()) {
            if (!u.unitId().equals(l.unitId())) {
              continue;
            }
            switch (l.dimension()) {
              case "stance" -> assertEquals(l.label(), row.get(header.indexOf("stance_" + l.target())));
              case "position" -> assertEquals(l.label(), row.get(header.indexOf("position")));
              case "narrative" -> assertTrue(row.get(header.indexOf("narratives")).contains(l.label() + ":"));
              case "technique" -> assertTrue(row.get(header.indexOf("techniques")).contains(l.label() + ":"));
              case "role" -> assertTrue(row.get(header.indexOf("roles")).contains(l.target() + "=" + l.label()));
              default -> throw new AssertionError(l.dimension());
            }
          }
        }
      }
    }
    assertEquals(units, rows.size() - 1, "one row per unit, no cap");
    assertTrue(r.err().contains(units + " units"), r.err());
  }

  @Test
  void jsonlHasOneLinePerDocumentWithTheFullAnalysis() throws IOException {
    Path out = base.resolve("out.jsonl");
    assertEquals(0, run("export", "--db", db.toString(), "--format", "jsonl", "--out", out.toString()).code());
    List<String> lines = Files.readAllLines(out, StandardCharsets.UTF_8);
    assertEquals(4, lines.size());
    Set<String> texts = new HashSet<>();
    for (String line : lines) {
      Json.Obj o = JsonParser.parse(line).asObj("line");
      Json.Obj a = o.get("analysis").asObj("analysis");
      assertEquals(o.get("id"), a.get("id"));
      assertEquals(o.get("model"), a.get("provenance").asObj("p").get("model"));
      assertFalse(a.get("units").asList("units").isEmpty());
      AnalyzeCommandTest.checkEvidenceQuotesTheText(a);
      texts.add(a.get("text").asString("text"));
    }
    assertEquals(Set.of(TEXTS), texts);
  }

  @Test
  void htmlIsOneReportWithEveryDocument() throws IOException {
    Path out = base.resolve("out.html");
    assertEquals(0, run("export", "--db", db.toString(), "--format", "html", "--out", out.toString()).code());
    String html = Files.readString(out, StandardCharsets.UTF_8);
    assertTrue(html.startsWith("<!DOCTYPE html>") && html.endsWith("</html>\n"));
    assertEquals(4, html.split("<article>", -1).length - 1);
    assertTrue(html.contains("Захист праці"));
  }

  @Test
  void qdpxIsAWellFormedRefiQdaProjectWithSelectionsInsideTheirTexts() throws Exception {
    Path out = base.resolve("out.qdpx");
    Run r = run("export", "--db", db.toString(), "--format", "qdpx", "--out", out.toString());
    assertEquals(0, r.code(), r.err());
    try (ZipFile zip = new ZipFile(out.toFile(), StandardCharsets.UTF_8)) {
      ZipEntry qde = zip.getEntry("project.qde");
      assertNotNull(qde);
      DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
      f.setNamespaceAware(true);
      org.w3c.dom.Document x = f.newDocumentBuilder().parse(zip.getInputStream(qde));
      Element root = x.getDocumentElement();
      assertEquals("Project", root.getLocalName());
      assertEquals("urn:QDA-XML:project:1.0", root.getNamespaceURI());
      assertEquals(List.of("Users", "CodeBook", "Sources", "Description"), children(root), "Project's sequence");
      Map<String, Boolean> codable = new HashMap<>();
      Set<String> codeNames = new HashSet<>();
      NodeList codes = x.getElementsByTagNameNS("*", "Code");
      for (int i = 0; i < codes.getLength(); i++) {
        Element c = (Element) codes.item(i);
        codable.put(c.getAttribute("guid"), Boolean.parseBoolean(c.getAttribute("isCodable")));
        assertTrue(codeNames.add(c.getAttribute("name")), "code names are unique (QualCoder keys codes by name): "
            + c.getAttribute("name"));
      }
      assertTrue(codeNames.containsAll(List.of("stance", "russia", "russia: favor", "west: against", "narrative",
          "self-determination", "technique", "position", "role")), codeNames.toString());
      NodeList dated = x.getElementsByTagNameNS("*", "*");
      for (int i = 0; i < dated.getLength(); i++) {
        String t = ((Element) dated.item(i)).getAttribute("creationDateTime");
        assertTrue(t.isEmpty() || t.matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d{3})?Z"),
            "timestamps to the millisecond: " + t);
      }
      NodeList sources = x.getElementsByTagNameNS("*", "TextSource");
      assertEquals(4, sources.getLength());
      int selections = 0;
      for (int i = 0; i < sources.getLength(); i++) {
        Element s = (Element) sources.item(i);
        List<String> kids = children(s);
        assertEquals("Description", kids.get(0));
        assertTrue(kids.subList(1, kids.size()).stream().allMatch("PlainTextSelection"::equals), kids.toString());
        String path = s.getAttribute("plainTextPath");
        assertTrue(path.startsWith("internal://"), path);
        ZipEntry txt = zip.getEntry("Sources/" + path.substring("internal://".length()));
        assertNotNull(txt, path);
        String text = new String(zip.getInputStream(txt).readAllBytes(), StandardCharsets.UTF_8);
        int length = text.codePointCount(0, text.length());
        NodeList sels = s.getElementsByTagNameNS("*", "PlainTextSelection");
        for (int j = 0; j < sels.getLength(); j++) {
          Element sel = (Element) sels.item(j);
          int start = Integer.parseInt(sel.getAttribute("startPosition"));
          int end = Integer.parseInt(sel.getAttribute("endPosition"));
          assertTrue(0 <= start && start < end && end <= length, start + ".." + end + " in " + length);
          NodeList refs = sel.getElementsByTagNameNS("*", "CodeRef");
          assertTrue(refs.getLength() > 0, "every selection is coded");
          for (int k = 0; k < refs.getLength(); k++) {
            String target = ((Element) refs.item(k)).getAttribute("targetGUID");
            assertEquals(Boolean.TRUE, codable.get(target), "codings point at codable codes");
          }
          selections++;
        }
      }
      assertTrue(selections > 4, "evidence is coded: " + selections);
    }
    Path again = base.resolve("again.qdpx");
    run("export", "--db", db.toString(), "--format", "qdpx", "--out", again.toString());
    try (ZipFile a = new ZipFile(out.toFile()); ZipFile b = new ZipFile(again.toFile())) {
      assertEquals(guids(a), guids(b), "GUIDs are deterministic");
    }
  }

  private static List<String> children(Element e) {
    List<String> out = new ArrayList<>();
    for (org.w3c.dom.Node n = e.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element c) {
        out.add(c.getLocalName());
      }
    }
    return out;
  }

  private static List<String> guids(ZipFile z) throws IOException {
    String xml = new String(z.getInputStream(z.getEntry("project.qde")).readAllBytes(), StandardCharsets.UTF_8);
    List<String> out = new ArrayList<>();
    var m = Pattern.compile("guid=\"([0-9a-f-]+)\"").matcher(xml);
    while (m.find()) {
      out.add(m.group(1));
    }
    return out;
  }

  @Test
  void badInputsBecomeFailureRowsAndTheOthersImport(@TempDir Path dir) throws IOException {
    Path in = dir.resolve("in");
    Files.createDirectories(in);
    Files.writeString(in.resolve("a-good.txt"), TEXTS[0], StandardCharsets.UTF_8);
    Files.write(in.resolve("b-binary.txt"), new byte[] {0x50, 0x4b, 0x03, 0x04, 0, 0, 0, 1, 2, 3});
    Files.write(in.resolve("c-undecodable.txt"), new byte[] {(byte) 0xFF, (byte) 0xFE, 0x00, (byte) 0xD8, 0x61, 0});
    Files.writeString(in.resolve("d-good.md"), TEXTS[2], StandardCharsets.UTF_8);
    Files.write(in.resolve("e-image.png"), new byte[] {(byte) 0x89, 'P', 'N', 'G'});
    Path missing = dir.resolve("missing.txt");
    Path store = dir.resolve("bad.db");
    Run r = run("import", in.toString(), missing.toString(), "--db", store.toString());
    assertEquals(StancemapTool.SOME_INPUTS_FAILED, r.code(), r.err());
    assertTrue(r.out().startsWith("imported 2, unchanged 0, duplicates 0, new versions 0, failed "), r.out());
    Run report = run("import-report", "--db", store.toString(), "--format", "json");
    assertEquals(0, report.code(), report.err());
    Json.Obj o = JsonParser.parse(report.out()).asObj("report");
    Map<String, String> reasons = new HashMap<>();
    for (Json f : o.get("failures").asList("failures")) {
      reasons.put(Path.of(f.asObj("f").get("location").asString("l")).getFileName().toString(),
          f.asObj("f").get("reason").asString("r"));
    }
    assertTrue(reasons.get("b-binary.txt").contains("binary"), reasons.toString());
    assertTrue(reasons.get("c-undecodable.txt").contains("cannot decode"), reasons.toString());
    assertTrue(reasons.get("missing.txt").contains("no such file"), reasons.toString());
    if (reasons.containsKey("e-image.png")) {
      // until an image source is installed, the file is reported as skipped, not dropped silently
      assertFalse(reasons.get("e-image.png").isBlank());
    }
    assertEquals(reasons.size(), o.get("run").asObj("run").get("counts").asObj("c").get("failed").asLong("f"));
    Run text = run("import-report", "--db", store.toString());
    assertTrue(text.out().contains("c-undecodable.txt\t"), text.out());
    assertTrue(text.out().contains("missing.txt\t"), text.out());
  }

  @Test
  void aChangedFileBecomesANewVersionAndIsAnalysedAgain(@TempDir Path dir) throws IOException {
    Path in = dir.resolve("in");
    Files.createDirectories(in);
    Files.writeString(in.resolve("page.txt"), TEXTS[0], StandardCharsets.UTF_8);
    Path store = dir.resolve("v.db");
    run("import", in.toString(), "--db", store.toString(), "-q");
    run("analyze", "--db", store.toString(), "--cache-dir=" + Fixture.CACHE, "-q");
    Files.writeString(in.resolve("page.txt"), TEXTS[1], StandardCharsets.UTF_8);
    Files.writeString(in.resolve("copy.txt"), TEXTS[0], StandardCharsets.UTF_8);
    Run r = run("import", in.toString(), "--db", store.toString(), "-q");
    assertTrue(r.out().startsWith("imported 0, unchanged 0, duplicates 1, new versions 1, failed 0"), r.out());
    Run an = run("analyze", "--db", store.toString(), "--cache-dir=" + Fixture.CACHE, "-q");
    assertTrue(an.out().startsWith("analysed 1 document(s), 1 already up to date"), an.out());
  }

  @Test
  void unanalysedDocumentsAreSaidToBeLeftOutAndJsonlKeepsTheirText(@TempDir Path dir) throws Exception {
    Path in = dir.resolve("in");
    Files.createDirectories(in);
    Files.writeString(in.resolve("a.txt"), TEXTS[3], StandardCharsets.UTF_8);
    Path store = dir.resolve("u.db");
    run("import", in.toString(), "--db", store.toString(), "-q");
    Run csv = run("export", "--db", store.toString(), "--format", "csv", "--out", dir.resolve("u.csv").toString());
    assertEquals(0, csv.code(), csv.err());
    assertTrue(csv.err().contains("1 documents not analysed yet were left out"), csv.err());
    assertEquals(1, parseCsv(Files.readString(dir.resolve("u.csv"), StandardCharsets.UTF_8)).size(), "header only");
    run("export", "--db", store.toString(), "--format", "jsonl", "--out", dir.resolve("u.jsonl").toString());
    Json.Obj line = JsonParser.parse(Files.readString(dir.resolve("u.jsonl"), StandardCharsets.UTF_8)).asObj("l");
    assertEquals(Json.NULL, line.get("analysis"));
    assertEquals(TEXTS[3], line.get("text").asString("text"));
    Path qdpx = dir.resolve("u.qdpx");
    assertEquals(0, run("export", "--db", store.toString(), "--format", "qdpx", "--out", qdpx.toString()).code());
    try (ZipFile zip = new ZipFile(qdpx.toFile())) {
      DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
      f.setNamespaceAware(true);
      Element root = f.newDocumentBuilder().parse(zip.getInputStream(zip.getEntry("project.qde")))
          .getDocumentElement();
      assertEquals(List.of("Users", "CodeBook", "Description"), children(root), "no empty Sources element");
    }
  }

  @Test
  void aBadDbOrMissingInputsIsAUsageError(@TempDir Path dir) {
    Run r = run("import", "x", "--db", dir.toString());
    assertEquals(StancemapTool.USAGE, r.code());
    assertTrue(r.err().contains("is a directory"), r.err());
    Run a = run("analyze");
    assertEquals(StancemapTool.USAGE, a.code());
    assertTrue(a.err().contains("--db"), a.err());
  }

  /** An RFC 4180 reader: quoted fields with doubled quotes and line breaks, CRLF records. */
  static List<List<String>> parseCsv(String s) {
    List<List<String>> rows = new ArrayList<>();
    List<String> row = new ArrayList<>();
    StringBuilder f = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (quoted) {
        if (c == '"' && i + 1 < s.length() && s.charAt(i + 1) == '"') {
          f.append('"');
          i++;
        } else if (c == '"') {
          quoted = false;
        } else {
          f.append(c);
        }
      } else if (c == '"') {
        quoted = true;
      } else if (c == ',') {
        row.add(f.toString());
        f.setLength(0);
      } else if (c == '\r' && i + 1 < s.length() && s.charAt(i + 1) == '\n') {
        row.add(f.toString());
        f.setLength(0);
        rows.add(row);
        row = new ArrayList<>();
        i++;
      } else {
        assertFalse(c == '\n' || c == '\r', "bare line break outside quotes at " + i);
        f.append(c);
      }
    }
    assertTrue(row.isEmpty() && f.isEmpty(), "the last record ends in CRLF");
    return rows;
  }

}
