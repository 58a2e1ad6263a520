package org.stancemap.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTimeout;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stancemap.document.Document;
import org.stancemap.text.UnitKind;

class DocumentReaderTest {
  private static final String ENGLISH = "The workers of Kharkiv kept the trams running through the winter, and their "
      + "union organised shelters for the families who had lost their homes to the shelling.";
  private static final String GERMAN = "Die Gewerkschaften in Charkiw haben während des ganzen Winters Notunterkünfte "
      + "organisiert, und die Straßenbahnen fuhren trotz der Angriffe weiter durch die Stadt.";
  private static final String SCRIPT_ONLY = "<html><head><script>x()</script></head><body><script>y()</script>"
      + "<style>p { }</style></body></html>";
  private static LanguageDetector languages;

  @BeforeAll
  static void loadLanguageModel() {
    languages = new LanguageDetector();
  }

  private static DocumentReader reader(long maxBytes) {
    return new DocumentReader(languages, maxBytes, null);
  }

  private static Document loaded(IngestResult r) {
    return assertInstanceOf(IngestResult.Loaded.class, r, r.toString()).document();
  }

  private static String failed(IngestResult r) {
    return assertInstanceOf(IngestResult.Failed.class, r, r.toString()).reason();
  }

  @Test
  void readsATextFile(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("a.txt");
    Files.writeString(file, "Title line\r\n\r\n" + ENGLISH + "\r\n", StandardCharsets.UTF_8);
    Document d = loaded(reader(DocumentReader.DEFAULT_MAX_BYTES).read(file.toString(), null));
    assertEquals(file.toString(), d.source());
    assertEquals(Document.Format.TEXT, d.format());
    assertEquals("Title line\n\n" + ENGLISH + "\n", d.text(), "line endings are normalised");
    assertEquals(Document.idOf(d.text()), d.id());
    assertEquals(List.of(), d.notes());
  }

  @Test
  void emptyFileFails(@TempDir Path dir) throws IOException {
    Path file = Files.write(dir.resolve("empty.txt"), new byte[0]);
    String reason = failed(reader(1000).read(file.toString(), null));
    assertTrue(reason.contains(file.toString()) && reason.contains("empty"), reason);
  }

  @Test
  void whitespaceOnlyFileFails(@TempDir Path dir) throws IOException {
    Path file = Files.writeString(dir.resolve("blank.txt"), " \n\t\r\n ");
    String reason = failed(reader(1000).read(file.toString(), null));
    assertTrue(reason.contains("only whitespace"), reason);
  }

  @Test
  void binaryFileFails(@TempDir Path dir) throws IOException {
    Path file = Files.write(dir.resolve("picture.txt"), new byte[] {(byte) 0x89, 'P', 'N', 'G', 0, 0, 0, 13});
    String reason = failed(reader(1000).read(file.toString(), null));
    assertTrue(reason.contains(file.toString()) && reason.contains("binary"), reason);
  }

  @Test
  void fileOverTheLimitFailsFromItsSizeAlone(@TempDir Path dir) throws IOException {
    byte[] content = new byte[5000];
    Arrays.fill(content, (byte) 'a');
    Path file = Files.write(dir.resolve("big.txt"), content);
    String reason = failed(reader(1000).read(file.toString(), null));
    assertTrue(reason.contains("over the limit"), reason);
    // "is <size>, over the limit": only the check of the file's size, before any byte is read, can say how big it is.
    assertTrue(reason.matches(".*: is 4\\.9 KB, over the limit of 1000 bytes per document.*"), reason);
    assertTrue(reason.contains("--max-bytes"), reason);
  }

  @Test
  void smallLimitsAreStatedReadably(@TempDir Path dir) throws IOException {
    Path file = Files.write(dir.resolve("big.txt"), new byte[5000]);
    String reason = failed(reader(1000).read(file.toString(), null));
    assertFalse(reason.contains("0.0 MB"), reason);
  }

  @Test
  void fiftyMegabyteFileFailsQuicklyWithTheDefaultLimit(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("huge.txt");
    byte[] chunk = new byte[1 << 20];
    Arrays.fill(chunk, (byte) 'x');
    try (OutputStream out = Files.newOutputStream(file)) {
      for (int i = 0; i < 50; i++) {
        out.write(chunk);
      }
    }
    assertEquals(50L << 20, Files.size(file));
    DocumentReader reader = reader(DocumentReader.DEFAULT_MAX_BYTES);
    IngestResult r = assertTimeout(Duration.ofSeconds(5), () -> reader.read(file.toString(), null));
    String reason = failed(r);
    assertTrue(reason.contains("is 50.0 MB") && reason.contains("limit of 10.0 MB"), reason);
  }

  @Test
  void standardInputOverTheLimitFails() {
    String reason = failed(reader(1000).read("-", new ByteArrayInputStream(new byte[1001])));
    assertTrue(reason.contains("standard input") && reason.contains("over the limit"), reason);
  }

  @Test
  void inputOfExactlyTheLimitIsRead() {
    byte[] b = new byte[1000];
    Arrays.fill(b, (byte) 'a');
    Document d = loaded(reader(1000).read("-", new ByteArrayInputStream(b)));
    assertEquals(1000, d.text().length());
  }

  @Test
  void scriptOnlyHtmlFails(@TempDir Path dir) throws IOException {
    Path file = Files.writeString(dir.resolve("page.html"), SCRIPT_ONLY);
    String reason = failed(reader(DocumentReader.DEFAULT_MAX_BYTES).read(file.toString(), null));
    assertTrue(reason.contains(file.toString()) && reason.contains("no readable text"), reason);
  }

  @Test
  void missingFileAndDirectoryFail(@TempDir Path dir) {
    DocumentReader reader = reader(1000);
    String missing = failed(reader.read(dir.resolve("nope.txt").toString(), null));
    assertTrue(missing.contains("no such file"), missing);
    String directory = failed(reader.read(dir.toString(), null));
    assertTrue(directory.contains("not a regular file"), directory);
  }

  @Test
  void htmlIsSniffedFromContentWhateverTheExtension(@TempDir Path dir) throws IOException {
    Path file = Files.writeString(dir.resolve("page.data"),
        "<!DOCTYPE html><html><head><title>T</title></head><body><article><h1>Heading</h1><p>" + ENGLISH
            + "</p></article></body></html>");
    Document d = loaded(reader(DocumentReader.DEFAULT_MAX_BYTES).read(file.toString(), null));
    assertEquals(Document.Format.HTML, d.format());
    assertEquals("T", d.title());
    assertEquals("Heading\n\n" + ENGLISH, d.text());
    assertEquals(UnitKind.TITLE, d.regions().get(0).kind());
  }

  @Test
  void markdownFilesAreMarkdown(@TempDir Path dir) throws IOException {
    Path file = Files.writeString(dir.resolve("notes.md"), "# Heading\n\n" + ENGLISH + "\n");
    Document d = loaded(reader(DocumentReader.DEFAULT_MAX_BYTES).read(file.toString(), null));
    assertEquals(Document.Format.MARKDOWN, d.format());
  }

  @Test
  void legacyEncodingsAreNoted(@TempDir Path dir) throws IOException {
    byte[] b = ("He said \u201Cno war\u201D and the union agreed with every word of it.")
        .getBytes(Charset.forName("windows-1252"));
    Path file = Files.write(dir.resolve("old.txt"), b);
    Document d = loaded(reader(DocumentReader.DEFAULT_MAX_BYTES).read(file.toString(), null));
    assertTrue(d.text().contains("“no war”"), d.text());
    assertTrue(d.notes().stream().anyMatch(n -> n.contains("windows-1252")), d.notes().toString());
  }

  @Test
  void detectsEnglishAndGerman() {
    DocumentReader reader = reader(DocumentReader.DEFAULT_MAX_BYTES);
    assertEquals("eng", loaded(reader.read("-", new ByteArrayInputStream(ENGLISH.getBytes(StandardCharsets.UTF_8))))
        .language());
    assertEquals("deu", loaded(reader.read("-", new ByteArrayInputStream(GERMAN.getBytes(StandardCharsets.UTF_8))))
        .language());
    assertEquals("und", loaded(reader.read("-", new ByteArrayInputStream("Hi there.".getBytes(StandardCharsets.UTF_8))))
        .language(), "too short to tell");
  }

  @Test
  void readsStandardInput() {
    Document d = loaded(reader(1000).read("-", new ByteArrayInputStream(
        "Standard input text arrives here and is read completely.".getBytes(StandardCharsets.UTF_8))));
    assertEquals("-", d.source());
    assertEquals("Standard input text arrives here and is read completely.", d.text());
    assertEquals(List.of("-"), reader(1000).expand("-", n -> { }));
  }

  @Test
  void directoryExpandsToSortedTextFilesAndReadsEachWithoutThrowing(@TempDir Path dir) throws IOException {
    Files.createDirectories(dir.resolve("sub"));
    Files.createDirectories(dir.resolve(".git"));
    Files.writeString(dir.resolve("b-english.txt"), ENGLISH);
    Files.writeString(dir.resolve("a-german.md"), "# Überschrift\n\n" + GERMAN);
    Files.writeString(dir.resolve("c-page.html"), "<html><body><p>" + ENGLISH + "</p></body></html>");
    Files.writeString(dir.resolve("sub/d-nested.txt"), ENGLISH);
    Files.write(dir.resolve("e-empty.txt"), new byte[0]);
    Files.write(dir.resolve("f-binary.txt"), new byte[] {1, 2, 0, 3});
    Files.writeString(dir.resolve("g-script.html"), SCRIPT_ONLY);
    Files.write(dir.resolve("h-big.txt"), new byte[5000]);
    Files.writeString(dir.resolve("report.pdf"), "%PDF-1.4");
    Files.writeString(dir.resolve("data.json"), "{}");
    Files.writeString(dir.resolve(".hidden.txt"), ENGLISH);
    Files.writeString(dir.resolve(".git/config.txt"), ENGLISH);

    DocumentReader reader = reader(1000);
    List<String> notes = new ArrayList<>();
    List<String> files = reader.expand(dir.toString(), notes::add);
    List<String> expected = List.of("a-german.md", "b-english.txt", "c-page.html", "e-empty.txt", "f-binary.txt",
        "g-script.html", "h-big.txt", "sub/d-nested.txt").stream().map(f -> dir.resolve(f).toString()).toList();
    assertEquals(expected, files);
    assertEquals(List.of(dir + ": skipped 2 file(s) that are not .txt, .md or .html"), notes);

    List<IngestResult> results = files.stream().map(f -> reader.read(f, null)).toList();
    for (int i = 0; i < files.size(); i++) {
      assertEquals(files.get(i), results.get(i).source());
      boolean good = i < 3 || i == 7;
      assertEquals(good, results.get(i) instanceof IngestResult.Loaded, results.get(i).toString());
    }
    assertEquals("deu", loaded(results.get(0)).language());
    assertEquals("eng", loaded(results.get(1)).language());
    assertEquals(Document.Format.HTML, loaded(results.get(2)).format());
    assertTrue(failed(results.get(3)).contains("empty"));
    assertTrue(failed(results.get(4)).contains("binary"));
    assertTrue(failed(results.get(5)).contains("no readable text"));
    assertTrue(failed(results.get(6)).contains("over the limit"));
  }

  @Test
  void aFileNamedExplicitlyIsReadWhateverItsExtension(@TempDir Path dir) throws IOException {
    Path file = Files.writeString(dir.resolve("notes.log"), ENGLISH);
    DocumentReader reader = reader(DocumentReader.DEFAULT_MAX_BYTES);
    assertEquals(List.of(file.toString()), reader.expand(file.toString(), n -> { }));
    assertEquals(ENGLISH, loaded(reader.read(file.toString(), null)).text());
  }

  @Test
  void forcedEncodingIsUsed(@TempDir Path dir) throws IOException {
    Path file = Files.write(dir.resolve("latin.txt"), "Grüße aus Köln, wir stehen an eurer Seite.".getBytes(
        StandardCharsets.ISO_8859_1));
    Document d = loaded(new DocumentReader(languages, 1000, StandardCharsets.ISO_8859_1).read(file.toString(), null));
    assertEquals("Grüße aus Köln, wir stehen an eurer Seite.", d.text());
    assertTrue(d.notes().contains("decoded as ISO-8859-1"), d.notes().toString());
    String reason = failed(new DocumentReader(languages, 1000, StandardCharsets.US_ASCII).read(file.toString(), null));
    assertTrue(reason.contains("US-ASCII"), reason);
  }
}
