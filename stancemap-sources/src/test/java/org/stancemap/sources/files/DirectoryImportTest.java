package org.stancemap.sources.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stancemap.document.SourceItem;
import org.stancemap.ingest.source.ImportContext;
import org.stancemap.ingest.source.Sources;
import org.stancemap.sources.Fixtures;
import org.stancemap.sources.Fixtures.Events;

/** A folder of mixed exports read through {@link Sources#discover()}, as the import command does. */
class DirectoryImportTest {
  @TempDir
  Path dir;

  @Test
  void everyRegisteredFormatIsReadFromADirectory() throws Exception {
    Path corpus = Files.createDirectories(dir.resolve("corpus"));
    Files.writeString(corpus.resolve("a.txt"), "A plain note on the debate about arms for Ukraine.");
    Files.write(corpus.resolve("b.pdf"), PdfParserTest.pdf("B", "Author B",
        List.of("A PDF statement against the invasion and against every empire.")));
    Path docx = corpus.resolve("c.docx");
    DocxParserTest.zip(docx, DocxParserTest.docx(DocxParserTest.para(null, "A Word document on the third camp.")));
    Files.writeString(corpus.resolve("d.csv"), "id,text\n1,First CSV post.\n2,Second CSV post.\n");
    Files.writeString(corpus.resolve("e.jsonl"), "{\"id\": \"x\", \"text\": \"A JSONL post.\"}\n");
    Files.writeString(corpus.resolve("f.json"), TelegramParserTest.DISCUSSION);
    Files.write(corpus.resolve("g.xyz"), "unknown".getBytes(StandardCharsets.UTF_8));
    boolean ocr = ImageParser.unavailable() == null;
    ImageIO.write(ImageParserTest.draw(List.of(List.of("NO WAR BUT CLASS WAR"))), "png",
        corpus.resolve("h.png").toFile());
    ImportContext c = Fixtures.context(false, Map.of());
    Events e = Fixtures.read(Sources.discover().open(corpus.toString(), c), c);
    Set<String> locations = new TreeSet<>();
    for (SourceItem i : e.items()) {
      locations.add(corpus.relativize(Path.of(i.location().replaceFirst("#.*", ""))) + i.location()
          .replaceFirst("^[^#]*", ""));
    }
    Set<String> expected = new TreeSet<>(Set.of("a.txt", "b.pdf", "c.docx", "d.csv#id=1", "d.csv#id=2",
        "e.jsonl#id=x", "f.json#message=100", "f.json#message=101", "f.json#message=102"));
    if (ocr) {
      expected.add("h.png");
    }
    assertEquals(expected, locations);
    assertEquals(ocr ? 1 : 2, e.failures().size(), e.failures().toString());
    assertTrue(e.failures().get(0).reason().contains("no reader for files of type 'xyz'"));
    assertTrue(e.items().stream().allMatch(i -> i.sourceName().equals("corpus") || i.sourceName().startsWith(
        "Workers")), "source names are the folder (or the Telegram chat)");
  }
}
