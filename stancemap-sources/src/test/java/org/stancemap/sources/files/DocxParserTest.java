package org.stancemap.sources.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stancemap.document.SourceItem;
import org.stancemap.ingest.source.SourceEvent;
import org.stancemap.sources.Fixtures;
import org.stancemap.sources.Fixtures.Events;

public class DocxParserTest {
  @TempDir
  Path dir;

  static final String NS = "xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"";

  public static String para(String style, String... runs) {
    StringBuilder b = new StringBuilder("<w:p>");
    if (style != null) {
      b.append("<w:pPr><w:pStyle w:val=\"").append(style).append("\"/></w:pPr>");
    }
    for (String r : runs) {
      b.append(r.equals("\t") ? "<w:r><w:tab/></w:r>" : "<w:r><w:t xml:space=\"preserve\">" + r + "</w:t></w:r>");
    }
    return b.append("</w:p>").toString();
  }

  public static void zip(Path file, Map<String, byte[]> entries) throws IOException {
    try (OutputStream os = Files.newOutputStream(file); ZipOutputStream z = new ZipOutputStream(os)) {
      for (Map.Entry<String, byte[]> e : entries.entrySet()) {
        z.putNextEntry(new ZipEntry(e.getKey()));
        z.write(e.getValue());
        z.closeEntry();
      }
    }
  }

  public static Map<String, byte[]> docx(String bodyXml) {
    Map<String, byte[]> m = new LinkedHashMap<>();
    m.put("[Content_Types].xml", "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"/>"
        .getBytes(StandardCharsets.UTF_8));
    m.put("word/document.xml", ("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?><w:document " + NS
        + "><w:body>" + bodyXml + "</w:body></w:document>").getBytes(StandardCharsets.UTF_8));
    m.put("docProps/core.xml", ("<?xml version=\"1.0\"?><cp:coreProperties xmlns:cp=\"http://schemas.openxmlformats"
        + ".org/package/2006/metadata/core-properties\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\" "
        + "xmlns:dcterms=\"http://purl.org/dc/terms/\"><dc:title>Open letter</dc:title><dc:creator>Left Caucus"
        + "</dc:creator><dcterms:created>2022-03-10T09:00:00Z</dcterms:created></cp:coreProperties>")
        .getBytes(StandardCharsets.UTF_8));
    return m;
  }

  private Events parse(Path f, long maxBytes) {
    List<SourceEvent> all = new ArrayList<>();
    new DocxParser().parse(f, Fixtures.context(maxBytes, false, Map.of(), null), all::add);
    return new Events(all);
  }

  @Test
  void readsParagraphsHeadingsAndProperties() throws IOException {
    Path f = dir.resolve("letter.docx");
    zip(f, docx(para("Title", "Open letter to the movement")
        + para(null, "We ", "reject", " the idea that opposing NATO means supporting the Kremlin.")
        + para("Heading2", "What we ask")
        + para(null, "First", "\t", "arm the defenders; second, cancel the debt.")));
    Events e = parse(f, 10 << 20);
    assertEquals(List.of(), e.failures());
    SourceItem item = e.item(f.toString());
    assertEquals("# Open letter to the movement\n\nWe reject the idea that opposing NATO means supporting the "
        + "Kremlin.\n\n## What we ask\n\nFirst\tarm the defenders; second, cancel the debt.", item.document().text());
    assertEquals("Open letter", item.meta().title());
    assertEquals("Left Caucus", item.meta().author());
    assertEquals(Instant.parse("2022-03-10T09:00:00Z"), item.meta().published());
    assertEquals(org.stancemap.document.Document.Format.MARKDOWN, item.document().format());
  }

  @Test
  void zipBombsAreRefused() throws IOException {
    // 40 MB of one repeated paragraph compresses about 1000:1
    StringBuilder b = new StringBuilder();
    String p = para(null, "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa");
    while (b.length() < 40_000_000) {
      b.append(p);
    }
    Path f = dir.resolve("bomb.docx");
    zip(f, docx(b.toString()));
    assertTrue(Files.size(f) < 1_000_000, "the bomb is small on disk: " + Files.size(f));
    Events e = parse(f, 10 << 20);
    assertEquals(0, e.items().size());
    String why = e.failures().get(0).reason();
    assertTrue(why.startsWith(f + ": refused") && why.contains("zip bomb"), why);
  }

  @Test
  void tooManyEntriesAreRefused() throws IOException {
    Map<String, byte[]> m = docx(para(null, "text"));
    for (int i = 0; i < DocxParser.MAX_ENTRIES + 1; i++) {
      m.put("junk/" + i, new byte[0]);
    }
    Path f = dir.resolve("many.docx");
    zip(f, m);
    String why = parse(f, 10 << 20).failures().get(0).reason();
    assertTrue(why.contains("more than " + DocxParser.MAX_ENTRIES + " zip entries"), why);
  }

  @Test
  void externalEntitiesAreNotResolved() throws IOException {
    Path secret = dir.resolve("secret.txt");
    Files.writeString(secret, "TOP-SECRET-CONTENT");
    Map<String, byte[]> m = docx("");
    m.put("word/document.xml", ("<?xml version=\"1.0\"?><!DOCTYPE d [<!ENTITY x SYSTEM \"" + secret.toUri()
        + "\">]><w:document " + NS + "><w:body>" + para(null, "before &x; after") + "</w:body></w:document>")
        .getBytes(StandardCharsets.UTF_8));
    Path f = dir.resolve("xxe.docx");
    zip(f, m);
    Events e = parse(f, 10 << 20);
    for (SourceItem i : e.items()) {
      assertFalse(i.document().text().contains("TOP-SECRET"), i.document().text());
    }
    assertEquals(1, e.all().size());
    assertEquals(0, e.items().size());
    String why = e.failures().get(0).reason();
    assertTrue(why.startsWith(f + ": ") && why.contains("DOCTYPE"), why);
  }

  @Test
  void corruptOrForeignZipsAreFailures() throws IOException {
    Path notZip = dir.resolve("plain.docx");
    Files.writeString(notZip, "I am not a zip file");
    Path noBody = dir.resolve("nobody.docx");
    zip(noBody, Map.of("hello.txt", "hi".getBytes(StandardCharsets.UTF_8)));
    Path badXml = dir.resolve("badxml.docx");
    Map<String, byte[]> m = docx("");
    m.put("word/document.xml", "<w:document><w:body><w:p>".getBytes(StandardCharsets.UTF_8));
    zip(badXml, m);
    Path truncated = dir.resolve("truncated.docx");
    zip(truncated, docx(para(null, "a sentence to cut off in the middle of the zip")));
    byte[] all = Files.readAllBytes(truncated);
    Files.write(truncated, Arrays.copyOf(all, all.length / 2));
    for (Path p : List.of(notZip, noBody, badXml, truncated)) {
      Events e = parse(p, 10 << 20);
      assertEquals(0, e.items().size(), p.toString());
      assertTrue(e.failures().get(0).reason().startsWith(p + ": "), e.failures().get(0).reason());
    }
    assertTrue(parse(noBody, 10 << 20).failures().get(0).reason().contains("no word/document.xml"));
    assertTrue(parse(badXml, 10 << 20).failures().get(0).reason().contains("malformed XML"));
  }
}
