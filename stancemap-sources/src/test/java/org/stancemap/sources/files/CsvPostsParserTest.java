package org.stancemap.sources.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stancemap.document.SourceItem;
import org.stancemap.ingest.source.SourceEvent;
import org.stancemap.sources.Fixtures;
import org.stancemap.sources.Fixtures.Events;

class CsvPostsParserTest {
  @TempDir
  Path dir;

  private Events parse(Path f, Map<String, String> options) {
    List<SourceEvent> all = new ArrayList<>();
    new CsvPostsParser().parse(f, Fixtures.context(false, options), all::add);
    return new Events(all);
  }

  @Test
  void rowsBecomeItemsWithThreadStructureAndBrokenRowsAreFailures() throws IOException {
    Path f = dir.resolve("forum/thread.csv");
    Files.createDirectories(f.getParent());
    Files.writeString(f, """
        id,parent_id,author,created_at,text,likes
        p1,,anna,2024-01-05T10:00:00Z,"The war is an imperialist invasion, and the left must say so.",12
        c1,p1,boris,2024-01-05 11:30:00,"I agree, but:
        what about NATO expansion? ""Both sides"" is not an answer either.",3
        c2,p1,carla,1704456000,this row has too many fields,1,extra
        c3,c1,dmitri,not a date,"Solidarity with the Ukrainian resistance, full stop.",7
        c4,c1,eve,2024-01-06,,0
        """);
    Events e = parse(f, Map.of());
    assertEquals(3, e.items().size(), e.all().toString());
    SourceItem p1 = e.item(f + "#id=p1");
    assertEquals("forum", p1.sourceName());
    assertEquals("anna", p1.meta().author());
    assertEquals("p1", p1.meta().externalId());
    assertNull(p1.meta().parentId());
    assertEquals(Instant.parse("2024-01-05T10:00:00Z"), p1.meta().published());
    assertEquals("12", p1.meta().extra().get("likes"));
    SourceItem c1 = e.item(f + "#id=c1");
    assertEquals("p1", c1.meta().parentId());
    assertEquals("I agree, but:\nwhat about NATO expansion? \"Both sides\" is not an answer either.",
        c1.document().text());
    assertEquals(Instant.parse("2024-01-05T11:30:00Z"), c1.meta().published());
    SourceItem c3 = e.item(f + "#id=c3");
    assertEquals("c1", c3.meta().parentId());
    assertNull(c3.meta().published());
    assertTrue(c3.document().notes().stream().anyMatch(n -> n.contains("'not a date'")));
    assertEquals(2, e.failures().size());
    SourceEvent.Failure broken = e.failures().get(0);
    assertEquals(f + "#line=5", broken.location());
    assertTrue(broken.reason().contains(f + ":5: expected 6 fields, found 7"), broken.reason());
    SourceEvent.Failure empty = e.failures().get(1);
    assertEquals(f + "#id=c4", empty.location());
    assertTrue(empty.reason().contains(":7: the text column 'text' is empty"), empty.reason());
    // events follow the file's order
    List<String> order = e.all().stream().map(SourceEvent::location).toList();
    assertEquals(List.of(f + "#id=p1", f + "#id=c1", f + "#line=5", f + "#id=c3", f + "#id=c4"), order);
  }

  @Test
  void columnsCanBeMappedByOptions() throws IOException {
    Path f = dir.resolve("export.csv");
    Files.writeString(f, "Message ID,Reply To,Who,When,Body,Headline,Permalink\n"
        + "10,,Kim,2023-02-24,\"A year of full-scale war.\",Anniversary,https://forum.example/t/10\n"
        + "11,10,Lee,2023-02-24,\"And a year of resistance.\",,https://forum.example/t/11\n");
    Events e = parse(f, Map.of("id-column", "Message ID", "parent-column", "reply to", "author-column", "Who",
        "date-column", "When", "text-column", "Body", "title-column", "Headline", "url-column", "Permalink"));
    assertEquals(List.of(), e.failures());
    SourceItem t10 = e.item(f + "#id=10");
    assertEquals("Anniversary", t10.meta().title());
    assertEquals("https://forum.example/t/10", t10.meta().url());
    assertEquals("Kim", t10.meta().author());
    assertEquals("10", e.item(f + "#id=11").meta().parentId());
  }

  @Test
  void defaultsRecogniseCommonHeaderNamesAndRowsWithoutIds() throws IOException {
    Path f = dir.resolve("comments.csv");
    Files.writeString(f, "User Name,Created_UTC,Comment\nx1,1700000000,First comment here.\nx2,,Second one.\n");
    Events e = parse(f, Map.of());
    assertEquals(2, e.items().size());
    SourceItem first = e.item(f + "#row=1");
    assertEquals("x1", first.meta().author());
    assertEquals(Instant.ofEpochSecond(1_700_000_000), first.meta().published());
    assertEquals("Second one.", e.item(f + "#row=2").document().text());
  }

  @Test
  void unusableMappingsAreOneClearFailure() throws IOException {
    Path f = dir.resolve("odd.csv");
    Files.writeString(f, "a,b\n1,2\n");
    String why = parse(f, Map.of()).failures().get(0).reason();
    assertTrue(why.contains("no text column found (columns: a, b)") && why.contains("text-column"), why);
    String why2 = parse(f, Map.of("text-column", "body")).failures().get(0).reason();
    assertTrue(why2.contains("option text-column=body: no such column"), why2);
  }

  @Test
  void unterminatedQuotesAreReportedWithALineNumberAndTheNextRowsStillRead() throws IOException {
    Path f = dir.resolve("cut.csv");
    Files.writeString(f, "id,text\n1,\"fine\"\n2,\"never closed\n3,lost\n");
    Events e = parse(f, Map.of());
    assertEquals(List.of("fine", "lost"), e.items().stream().map(i -> i.document().text()).toList());
    assertTrue(e.failures().get(0).reason().contains(":3: unterminated quoted field"), e.failures().toString());
  }

  @Test
  void charactersAfterAClosingQuoteAreAFailureNotAMangledField() throws IOException {
    // strict RFC 4180 (#20, point 8): this row used to be stored as "quotedtrailing junk"
    Path f = dir.resolve("junk.csv");
    Files.writeString(f, "id,text,author\n1,ok,ann\n2,\"quoted\"trailing junk,bob\n3,fine,cy\n");
    Events e = parse(f, Map.of());
    assertEquals(List.of("ok", "fine"), e.items().stream().map(i -> i.document().text()).toList());
    assertEquals(1, e.failures().size());
    assertTrue(e.failures().get(0).reason().contains(":3: characters after the closing quote"),
        e.failures().toString());
  }

  @Test
  void aStrayQuoteDoesNotSwallowTheRowsAfterIt() throws IOException {
    // the quote opened in row 2 is "closed" in row 4, followed by more text: rows 3 and 4 must not merge into row 2
    Path f = dir.resolve("stray.csv");
    Files.writeString(f, "id,text\n1,one\n2,\"two\n3,three\n4,four\" she said\n5,five\n");
    Events e = parse(f, Map.of());
    assertEquals(List.of("one", "three", "five"), e.items().stream().map(i -> i.document().text()).toList());
    assertEquals(2, e.failures().size(), e.failures().toString());
  }

  @Test
  void rowsAlreadyImportedAreSkippedOnResume() throws IOException {
    Path f = dir.resolve("resume.csv");
    Files.writeString(f, "id,text\n1,one\n2,two\n3,three\n");
    Set<String> done = Set.of(f + "#id=1", f + "#id=2");
    List<SourceEvent> all = new ArrayList<>();
    new CsvPostsParser().parse(f, Fixtures.context(10 << 20, false, Map.of(), done::contains), all::add);
    Events e = new Events(all);
    assertEquals(List.of(f + "#id=3"), e.items().stream().map(SourceItem::location).toList());
  }

  @Test
  void duplicateIdsAreFailures() throws IOException {
    Path f = dir.resolve("dup.csv");
    Files.writeString(f, "id,text\n1,one\n1,again\n");
    Events e = parse(f, Map.of());
    assertEquals(1, e.items().size());
    assertTrue(e.failures().get(0).reason().contains("duplicate id '1'"));
  }
}
