package org.stancemap.sources.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stancemap.document.SourceItem;
import org.stancemap.ingest.source.SourceEvent;
import org.stancemap.sources.Fixtures;
import org.stancemap.sources.Fixtures.Events;

class JsonlPostsParserTest {
  @TempDir
  Path dir;

  private Events parse(Path f, Map<String, String> options) {
    List<SourceEvent> all = new ArrayList<>();
    new JsonlPostsParser().parse(f, Fixtures.context(false, options), all::add);
    return new Events(all);
  }

  @Test
  void linesAreItemsAndBrokenLinesFailures() throws IOException {
    Path f = dir.resolve("posts.jsonl");
    Files.writeString(f, """
        {"id": 1, "author": "ana", "created_at": 1709287200, "text": "Peace talks now, says the appeal.", "score": 4}
        {"id": 2, "parent_id": 1, "author": "ben", "created_at": "2024-03-01T11:00:00Z", "text": "Peace on whose terms?"}
        {"id": 3, "text": "broken line"
        [1, 2, 3]

        {"id": 4, "parent_id": 2, "author": "cem", "text": "On the terms of those being invaded."}
        """);
    Events e = parse(f, Map.of());
    assertEquals(3, e.items().size());
    SourceItem one = e.item(f + "#id=1");
    assertEquals(Instant.ofEpochSecond(1_709_287_200), one.meta().published());
    assertEquals("4", one.meta().extra().get("score"));
    assertEquals("1", e.item(f + "#id=2").meta().parentId());
    assertEquals("2", e.item(f + "#id=4").meta().parentId());
    assertEquals(2, e.failures().size());
    assertEquals(f + "#line=3", e.failures().get(0).location());
    assertTrue(e.failures().get(0).reason().contains(f + ":3: not valid JSON"));
    assertTrue(e.failures().get(1).reason().contains(":4: expected a JSON object, found an array"));
  }

  @Test
  void nestedKeysByDottedOptions() throws IOException {
    Path f = dir.resolve("nested.jsonl");
    Files.writeString(f, "{\"data\": {\"body\": \"Nested text here.\"}, \"user\": {\"name\": \"zoe\"}, \"uid\": \"u9\"}\n");
    Events e = parse(f, Map.of("text-column", "data.body", "author-column", "user.name"));
    assertEquals(List.of(), e.failures());
    SourceItem i = e.item(f + "#id=u9");
    assertEquals("Nested text here.", i.document().text());
    assertEquals("zoe", i.meta().author());
  }

  @Test
  void aFileWithoutObjectsIsOneFailure() throws IOException {
    Path f = dir.resolve("empty.jsonl");
    Files.writeString(f, "\n\n");
    assertTrue(parse(f, Map.of()).failures().get(0).reason().contains("no JSON objects found"));
  }
}
