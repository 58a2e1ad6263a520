package org.stancemap.sources.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Calendar;
import java.util.GregorianCalendar;
import java.util.List;
import java.util.Map;
import java.util.TimeZone;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentInformation;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stancemap.document.SourceItem;
import org.stancemap.sources.Fixtures;
import org.stancemap.sources.Fixtures.Events;

public class PdfParserTest {
  @TempDir
  Path dir;

  /** A PDF with one page per entry of {@code pages}; each page's text is split into lines of about 70 characters. */
  public static byte[] pdf(String title, String author, List<String> pages) throws IOException {
    try (PDDocument doc = new PDDocument(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
      PDType1Font font = new PDType1Font(Standard14Fonts.FontName.HELVETICA);
      for (String text : pages) {
        PDPage page = new PDPage();
        doc.addPage(page);
        try (PDPageContentStream cs = new PDPageContentStream(doc, page)) {
          cs.beginText();
          cs.setFont(font, 12);
          cs.setLeading(16);
          cs.newLineAtOffset(60, 700);
          for (String para : text.split("\n\n")) {
            StringBuilder line = new StringBuilder();
            for (String w : para.split(" ")) {
              if (line.length() + w.length() > 70) {
                cs.showText(line.toString().strip());
                cs.newLine();
                line.setLength(0);
              }
              line.append(w).append(' ');
            }
            cs.showText(line.toString().strip());
            cs.newLine();
            cs.newLine();
          }
          cs.endText();
        }
      }
      PDDocumentInformation info = doc.getDocumentInformation();
      if (title != null) {
        info.setTitle(title);
      }
      if (author != null) {
        info.setAuthor(author);
      }
      Calendar c = new GregorianCalendar(TimeZone.getTimeZone("UTC"));
      c.setTimeInMillis(Instant.parse("2023-06-15T12:00:00Z").toEpochMilli());
      info.setCreationDate(c);
      doc.save(out);
      return out.toByteArray();
    }
  }

  private Events parse(Path f) {
    List<org.stancemap.ingest.source.SourceEvent> all = new ArrayList<>();
    new PdfParser().parse(f, Fixtures.context(false, Map.of()), all::add);
    return new Events(all);
  }

  @Test
  void readsTextAndProperties() throws IOException {
    Path f = dir.resolve("reports/statement.pdf");
    Files.createDirectories(f.getParent());
    Files.write(f, pdf("Statement of the committee", "Committee of Solidarity", List.of(
        "We stand with the workers of Ukraine against the invasion and against the oligarchs who profit from it.",
        "Second page: the campist position excuses the aggressor by pointing at Western crimes.")));
    Events e = parse(f);
    assertEquals(List.of(), e.failures());
    SourceItem item = e.item(f.toString());
    assertEquals("reports", item.sourceName());
    assertEquals("Statement of the committee", item.meta().title());
    assertEquals("Committee of Solidarity", item.meta().author());
    assertEquals(Instant.parse("2023-06-15T12:00:00Z"), item.meta().published());
    String text = item.document().text();
    assertTrue(text.contains("We stand with the workers of Ukraine"), text);
    assertTrue(text.contains("Second page: the campist position"), text);
    assertTrue(text.indexOf("oligarchs") < text.indexOf("Second page"), "pages in order");
    assertTrue(text.contains("\n\nSecond page"), "a blank line between pages: " + text);
    assertEquals("eng", item.document().language());
  }

  @Test
  void corruptAndTruncatedPdfsAreFailures() throws IOException {
    Path garbage = dir.resolve("garbage.pdf");
    Files.writeString(garbage, "this is not a PDF at all, just text with a .pdf name");
    Path truncated = dir.resolve("truncated.pdf");
    byte[] good = pdf("t", "a", List.of("Some text on a page that will be cut off."));
    Files.write(truncated, Arrays.copyOf(good, 40));
    for (Path p : List.of(garbage, truncated)) {
      Events e = parse(p);
      assertEquals(0, e.items().size(), p.toString());
      assertEquals(1, e.failures().size());
      assertTrue(e.failures().get(0).reason().startsWith(p + ": "), e.failures().get(0).reason());
      assertTrue(e.failures().get(0).reason().contains("PDF"), e.failures().get(0).reason());
    }
  }

  @Test
  void aPdfWithoutTextLayerIsAFailureThatSaysSo() throws IOException {
    Path f = dir.resolve("scan.pdf");
    try (PDDocument doc = new PDDocument()) {
      doc.addPage(new PDPage());
      doc.save(f.toFile());
    }
    Events e = parse(f);
    assertTrue(e.failures().get(0).reason().contains("no text layer"), e.failures().toString());
  }

  @Test
  void filesOverTheLimitAreRefused() throws IOException {
    Path f = dir.resolve("big.pdf");
    Files.write(f, pdf("t", "a", List.of("Text of a page that is long enough to exceed a tiny limit.")));
    List<org.stancemap.ingest.source.SourceEvent> all = new ArrayList<>();
    new PdfParser().parse(f, Fixtures.context(100, false, Map.of(), null), all::add);
    Events e = new Events(all);
    assertTrue(e.failures().get(0).reason().contains("over the limit of 100 bytes"), e.failures().toString());
  }
}
