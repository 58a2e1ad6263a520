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

class TelegramParserTest {
  @TempDir
  Path dir;

  private Events parse(Path f) {
    List<SourceEvent> all = new ArrayList<>();
    new TelegramParser().parse(f, Fixtures.context(false, Map.of()), all::add);
    return new Events(all);
  }

  static final String CHANNEL = """
      {
       "name": "Workers' Front Line",
       "type": "public_channel",
       "id": 1700000001,
       "messages": [
        {"id": 1, "type": "service", "date": "2022-02-24T05:00:00", "date_unixtime": "1645678800",
         "actor": "Workers' Front Line", "action": "create_channel", "text": "", "text_entities": []},
        {"id": 2, "type": "message", "date": "2022-02-24T07:10:00", "date_unixtime": "1645686600",
         "from": "Workers' Front Line", "from_id": "channel1700000001",
         "text": ["The invasion has begun. ", {"type": "bold", "text": "No to the war"},
                  ", and no to those who excuse it."],
         "text_entities": []},
        {"id": 3, "type": "message", "date": "2022-02-24T09:00:00", "date_unixtime": "1645693200",
         "from": "Workers' Front Line", "photo": "photos/photo_3.jpg", "width": 800, "height": 600,
         "text": "Caption of a photo from the rally in the square."},
        {"id": 4, "type": "message", "date": "2022-02-24T09:05:00", "date_unixtime": "1645693500",
         "from": "Workers' Front Line", "sticker_emoji": "x", "text": ""}
       ]
      }
      """;

  static final String DISCUSSION = """
      {
       "name": "Workers' Front Line chat",
       "type": "public_supergroup",
       "id": 1700000002,
       "messages": [
        {"id": 100, "type": "message", "date": "2022-02-24T07:10:05", "date_unixtime": "1645686605",
         "from": "Workers' Front Line", "from_id": "channel1700000001", "forwarded_from": "Workers' Front Line",
         "text": "The invasion has begun. No to the war, and no to those who excuse it."},
        {"id": 101, "type": "message", "date": "2022-02-24T07:20:00", "date_unixtime": "1645687200",
         "from": "Pavlo", "from_id": "user42", "reply_to_message_id": 100,
         "text": "Thank you. My brother is in Kharkiv, the shelling started at five."},
        {"id": 102, "type": "message", "date": "2022-02-24T07:25:00",
         "from": "Someone Else", "from_id": "user43", "reply_to_message_id": 101,
         "text": [{"type": "mention", "text": "@pavlo"}, " stay safe, we are collecting money for the union."]}
       ]
      }
      """;

  @Test
  void channelMessagesAreItems() throws IOException {
    Path f = dir.resolve("channel/result.json");
    Files.createDirectories(f.getParent());
    Files.writeString(f, CHANNEL);
    Events e = parse(f);
    assertEquals(List.of(), e.failures());
    assertEquals(2, e.items().size(), "service and text-less messages are passed over");
    SourceItem two = e.item(f + "#message=2");
    assertEquals("Workers' Front Line", two.sourceName());
    assertEquals("The invasion has begun. No to the war, and no to those who excuse it.", two.document().text());
    assertEquals(Instant.ofEpochSecond(1_645_686_600), two.meta().published());
    assertEquals("2", two.meta().externalId());
    assertNull(two.meta().parentId());
    assertEquals("public_channel", two.meta().extra().get("chat-type"));
    SourceItem three = e.item(f + "#message=3");
    assertEquals(f.getParent().resolve("photos/photo_3.jpg").toAbsolutePath().toString(), three.meta().mediaRef());
  }

  @Test
  void discussionCommentsKeepTheirReplies() throws IOException {
    Path f = dir.resolve("chat/result.json");
    Files.createDirectories(f.getParent());
    Files.writeString(f, DISCUSSION);
    Events e = parse(f);
    assertEquals(3, e.items().size());
    SourceItem post = e.item(f + "#message=100");
    assertEquals("Workers' Front Line", post.meta().extra().get("forwarded-from"));
    SourceItem reply = e.item(f + "#message=101");
    assertEquals("100", reply.meta().parentId());
    assertEquals("Pavlo", reply.meta().author());
    SourceItem nested = e.item(f + "#message=102");
    assertEquals("101", nested.meta().parentId());
    assertEquals("@pavlo stay safe, we are collecting money for the union.", nested.document().text());
    assertEquals(Instant.parse("2022-02-24T07:25:00Z"), nested.meta().published());
    assertTrue(nested.document().notes().stream().anyMatch(n -> n.contains("no time zone")));
  }

  @Test
  void fullExportsScopeLocationsByChat() throws IOException {
    Path f = dir.resolve("all/result.json");
    Files.createDirectories(f.getParent());
    Files.writeString(f, "{\"about\": \"export\", \"chats\": {\"about\": \"chats\", \"list\": [" + CHANNEL + ","
        + DISCUSSION + "]}}");
    Events e = parse(f);
    assertEquals(5, e.items().size());
    SourceItem reply = e.item(f + "#chat=1700000002&message=101");
    assertEquals("1700000002:101", reply.meta().externalId());
    assertEquals("1700000002:100", reply.meta().parentId());
  }

  @Test
  void messagesAlreadyImportedAreSkippedOnResume() throws IOException {
    Path f = dir.resolve("resume.json");
    Files.writeString(f, DISCUSSION);
    List<SourceEvent> all = new ArrayList<>();
    new TelegramParser().parse(f, Fixtures.context(10 << 20, false, Map.of(),
        Set.of(f + "#message=100")::contains), all::add);
    assertEquals(List.of(f + "#message=101", f + "#message=102"),
        new Events(all).items().stream().map(SourceItem::location).toList());
  }

  @Test
  void otherJsonIsAClearFailure() throws IOException {
    Path f = dir.resolve("config.json");
    Files.writeString(f, "{\"name\": \"x\", \"settings\": {}}");
    String why = parse(f).failures().get(0).reason();
    assertTrue(why.contains("not a Telegram Desktop export") && why.contains("keys name, settings"), why);
    Path broken = dir.resolve("broken.json");
    Files.writeString(broken, "{\"messages\": [");
    assertTrue(parse(broken).failures().get(0).reason().startsWith(broken + ": not valid JSON"));
  }

  @Test
  void richTextIsReadAndUnreadableMessagesAreFailuresAtTheirLocation() throws IOException {
    Path f = dir.resolve("rich/result.json");
    Files.createDirectories(f.getParent());
    Files.writeString(f, """
        {"name": "Rich", "type": "public_channel", "id": 7, "messages": [
         {"id": 1, "type": "message", "date_unixtime": "1645686600",
          "text": {"type": "bold", "text": "A whole message in bold about the strike."}},
         {"id": 2, "type": "message", "date_unixtime": "1645686600",
          "text": ["Read ", {"type": "text_link", "href": "https://example.org/",
                             "text": ["the ", {"type": "italic", "text": "statement"}]}, " of the union."]},
         {"id": 3, "type": "message", "date_unixtime": "1645686600",
          "text": ["Prices rose again ", {"type": "custom_emoji", "document_id": "5"}, " this winter."]},
         {"id": 4, "type": "message", "date_unixtime": "1645686600", "text": ["Strikes spread ", 42]},
         {"id": 5, "type": "message", "date_unixtime": "1645686600", "from": "x"},
         {"id": 6, "type": "message", "date_unixtime": "1645686600", "photo": "p.jpg", "text": ""}
        ]}
        """);
    Events e = parse(f);
    assertEquals("A whole message in bold about the strike.", e.item(f + "#message=1").document().text());
    assertEquals("Read the statement of the union.", e.item(f + "#message=2").document().text());
    assertEquals(2, e.items().size());
    assertEquals(List.of(f + "#message=3", f + "#message=4", f + "#message=5"),
        e.failures().stream().map(SourceEvent.Failure::location).toList(), "every unreadable message is reported");
    String three = e.failures().get(0).reason();
    assertTrue(three.contains("messages[2]") && three.contains("text[1]") && three.contains("custom_emoji"), three);
    String four = e.failures().get(1).reason();
    assertTrue(four.contains("text[1]") && four.contains("found a number"), four);
    assertTrue(e.failures().get(2).reason().contains("no 'text'"), e.failures().get(2).reason());
  }
}
