package org.stancemap.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stancemap.json.Json;
import org.stancemap.json.JsonParser;

/** {@code ask} and {@code explain} end to end, in-process, over examples/ with the real model. */
class AskCommandTest {
  static final Path EXAMPLES = Fixture.ROOT.resolve("examples");

  @Test
  void askAnswersInJsonWithVerbatimCitations() throws IOException {
    AnalyzeCommandTest.Run r = AnalyzeCommandTest.run("ask", "-q", "--format", "json",
        "What do tankies say about NATO?", EXAMPLES.toString());
    assertEquals(StancemapTool.OK, r.code(), r.err());
    Json.Obj o = JsonParser.parse(r.out()).asObj("answer");
    assertEquals("stancemap.answer/1", o.get("schema").asString("schema"));
    assertEquals(List.of("campist"), o.get("question").asObj("q").get("positions").asList("p").stream()
        .map(x -> x.asString("p")).toList());
    List<Json> cites = o.get("citations").asList("citations");
    assertTrue(cites.size() >= 3, r.out());
    for (Json c : cites) {
      Json.Obj co = c.asObj("c");
      String file = co.get("source").asString("source");
      String text = Files.readString(Path.of(file), StandardCharsets.UTF_8).replace("\r\n", "\n");
      if (file.endsWith(".html")) {
        continue; // offsets refer to the extracted text, checked by the module's own tests
      }
      assertEquals(text.substring((int) co.get("start").asLong("s"), (int) co.get("end").asLong("e")),
          co.get("quote").asString("q"), "quote at its span in " + file);
    }
  }

  @Test
  void askTextNamesThePositionAndQuotes() {
    AnalyzeCommandTest.Run r = AnalyzeCommandTest.run("ask", "-q", "Which narratives does the third camp use?",
        EXAMPLES.toString());
    assertEquals(StancemapTool.OK, r.code(), r.err());
    assertTrue(r.out().contains("(third-camp)"), r.out());
    assertTrue(r.out().contains("Quotes:\n  [1] \u201c"), r.out());
  }

  @Test
  void missingInputsAndBadOptionsGiveClearErrors(@TempDir Path dir) {
    AnalyzeCommandTest.Run r = AnalyzeCommandTest.run("ask", "-q", "Who blames NATO?",
        dir.resolve("missing.txt").toString(), EXAMPLES.resolve("third-camp.txt").toString());
    assertEquals(StancemapTool.SOME_INPUTS_FAILED, r.code());
    assertTrue(r.err().contains("missing.txt"), r.err());
    r = AnalyzeCommandTest.run("ask", "--llm-url", "ftp://nowhere", "--llm-model", "m", "Who?",
        EXAMPLES.toString());
    assertEquals(StancemapTool.USAGE, r.code());
    assertTrue(r.err().contains("--llm-url"), r.err());
    r = AnalyzeCommandTest.run("ask", "--llm-model", "m", "Who?", EXAMPLES.toString());
    assertEquals(StancemapTool.USAGE, r.code());
    assertTrue(r.err().contains("--llm-model needs --llm-url"), r.err());
  }

  @Test
  void unreachableLanguageModelFallsBackToTheOfflineAnswer() {
    // Port 9 on loopback: nothing listens there, so the connection is refused at once.
    AnalyzeCommandTest.Run r = AnalyzeCommandTest.run("ask", "--llm-url", "http://127.0.0.1:9/v1", "--llm-model",
        "m", "--llm-timeout", "2", "What do tankies say?", EXAMPLES.resolve("campist-essay.md").toString());
    assertEquals(StancemapTool.OK, r.code(), r.err());
    assertTrue(r.err().contains("language model:") && r.err().contains("showing the offline answer"), r.err());
    assertTrue(r.out().contains("Quotes:"), r.out());
  }

  @Test
  void explainWritesCitedExplanationsOfAtMost80Words() {
    AnalyzeCommandTest.Run r = AnalyzeCommandTest.run("explain", "-q", "--format", "json", EXAMPLES.toString());
    assertEquals(StancemapTool.OK, r.code(), r.err());
    Json.Obj o = JsonParser.parse(r.out()).asObj("x");
    assertEquals("stancemap.explanation/1", o.get("schema").asString("schema"));
    List<Json> docs = o.get("documents").asList("documents");
    assertEquals(6, docs.size());
    for (Json d : docs) {
      Json.Obj x = d.asObj("d");
      assertTrue(x.get("words").asLong("w") <= 80, x.toString());
      int quotes = x.get("quotes").asList("q").size();
      String text = x.get("text").asString("t");
      for (int n = 1; n <= quotes; n++) {
        assertTrue(text.contains("[" + n + "]"), "marker [" + n + "] in " + text);
      }
    }
  }
}
