package org.stancemap.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stancemap.ask.explain.Explainer;
import org.stancemap.json.Json;
import org.stancemap.json.JsonParser;
import org.stancemap.json.JsonWriter;

/**
 * {@code analyze --explain} and {@code analyze --llm-url}: explanations cite the document's own sentences, the
 * model's labels are verified and reported beside the offline ones, and a failing model leaves the offline analysis
 * and the exit code as they are. The model is a local server on 127.0.0.1 speaking OpenAI chat completions.
 */
class AnalyzeExplainTest {
  private static final Path ESSAY = Fixture.ROOT.resolve("examples").resolve("campist-essay.md");
  private static final String SUPPORT = "Putin's invasion is a crime and the Ukrainian resistance deserves our "
      + "support.";
  private static final String GOOD = SUPPORT + "\n\nWe must stand with Ukrainian workers and send them what they "
      + "need to defend themselves.\n";

  /** A scripted OpenAI-protocol server: status, the assistant's content, a delay before answering. */
  private static HttpServer server;
  private static ExecutorService pool;
  private static volatile int status = 200;
  private static volatile String content = "{}";
  private static volatile long delayMillis;

  @BeforeAll
  static void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    pool = Executors.newFixedThreadPool(2);
    server.setExecutor(pool);
    server.createContext("/v1/chat/completions", ex -> {
      ex.getRequestBody().readAllBytes();
      if (delayMillis > 0) {
        try {
          Thread.sleep(delayMillis);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      Json msg = Json.obj().put("role", "assistant").put("content", content).build();
      Json choice = Json.obj().put("index", 0).put("message", msg).put("finish_reason", "stop").build();
      String body = status != 200 ? "{\"error\": {\"message\": \"internal error\"}}"
          : JsonWriter.compact(Json.obj().put("id", "chatcmpl-1").put("object", "chat.completion")
              .put("created", 1L).put("model", "fake-model").put("choices", Json.arr(List.of(choice)))
              .put("usage", Json.obj().put("prompt_tokens", 10).put("completion_tokens", 5)
                  .put("total_tokens", 15).build()).build());
      byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
      ex.getResponseHeaders().add("Content-Type", "application/json");
      try {
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream o = ex.getResponseBody()) {
          o.write(bytes);
        }
      } catch (IOException clientGaveUp) {
        // the timeout test: the client closed the connection
      }
    });
    server.start();
  }

  @AfterAll
  static void stop() {
    server.stop(0);
    pool.shutdownNow();
  }

  private static String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
  }

  private static String q(String s) {
    return JsonWriter.compact(Json.of(s));
  }

  private static Json.Obj onlyDoc(AnalyzeCommandTest.Run r) {
    List<Json> docs = JsonParser.parse(r.out()).asObj("").get("documents").asList("documents");
    assertEquals(1, docs.size(), r.out());
    return docs.get(0).asObj("doc");
  }

  @Test
  void explanationInJsonCitesTheDocumentsOwnSentences() {
    AnalyzeCommandTest.Run r = AnalyzeCommandTest.run("analyze", "--explain", "--format", "json", ESSAY.toString());
    assertEquals(StancemapTool.OK, r.code(), r.err());
    Json.Obj doc = onlyDoc(r);
    String text = doc.get("text").asString("text");
    Json.Obj e = doc.get("explanation").asObj("explanation");
    String exp = e.get("text").asString("text");
    assertTrue(Explainer.count(exp) <= Explainer.MAX_WORDS, exp);
    assertEquals(Explainer.count(exp), e.get("words").asLong("words"));
    assertFalse(e.get("narrative").asString("narrative").isBlank(), "the campist essay has a dominant narrative");
    List<Json> quotes = e.get("quotes").asList("quotes");
    assertFalse(quotes.isEmpty(), exp);
    for (int i = 0; i < quotes.size(); i++) {
      Json.Obj qo = quotes.get(i).asObj("quote");
      int s = (int) qo.get("start").asLong("start");
      int end = (int) qo.get("end").asLong("end");
      assertEquals(text.substring(s, end), qo.get("quote").asString("quote"));
      assertEquals(i + 1, qo.get("n").asLong("n"));
      assertTrue(exp.contains("[" + (i + 1) + "]"), "quote " + (i + 1) + " is cited in: " + exp);
    }
    assertFalse(doc.has("llm"), "no model was asked");
    AnalyzeCommandTest.checkEvidenceQuotesTheText(doc);
  }

  @Test
  void explanationInTextAndHtmlUnderEachDocument() {
    String text = onlyDoc(AnalyzeCommandTest.run("analyze", "--format", "json", ESSAY.toString()))
        .get("text").asString("text");
    AnalyzeCommandTest.Run plain = AnalyzeCommandTest.run("analyze", "--no-color", ESSAY.toString());
    AnalyzeCommandTest.Run r = AnalyzeCommandTest.run("analyze", "--no-color", "--explain", ESSAY.toString());
    assertEquals(StancemapTool.OK, r.code(), r.err());
    assertFalse(plain.out().contains("explanation"), "the default report is unchanged");
    assertTrue(r.out().startsWith(plain.out().substring(0, plain.out().length() - 1)),
        "the explanation is added after the document's report, which is otherwise the same");
    List<String> lines = r.out().lines().toList();
    int at = lines.indexOf(lines.stream().filter(l -> l.startsWith("  explanation (offline")).findFirst()
        .orElseThrow(() -> new AssertionError(r.out())));
    String exp = lines.get(at + 1).strip();
    assertTrue(Explainer.count(exp) <= Explainer.MAX_WORDS, exp);
    assertTrue(exp.contains("[1]"), exp);
    Pattern quote = Pattern.compile("^    \\[(\\d+)] \u201c(.*)\u201d \\(([^,]+), chars (\\d+)-(\\d+)\\)$",
        Pattern.DOTALL);
    int n = 0;
    for (String l : lines.subList(at + 2, lines.size())) {
      Matcher m = quote.matcher(l);
      if (!m.matches()) {
        break;
      }
      n++;
      assertEquals(text.substring(Integer.parseInt(m.group(4)), Integer.parseInt(m.group(5))), m.group(2), l);
    }
    assertTrue(n >= 1, r.out());

    AnalyzeCommandTest.Run html = AnalyzeCommandTest.run("analyze", "--explain", "--format", "html",
        ESSAY.toString());
    assertEquals(StancemapTool.OK, html.code(), html.err());
    int p = html.out().indexOf("<p class=\"explanation\">");
    assertTrue(p > html.out().indexOf("<article>") && p < html.out().indexOf("</article>"), html.out());
  }

  @Test
  void dbModeRefusesExplainWithAUsageMessage(@TempDir Path dir) {
    AnalyzeCommandTest.Run r = AnalyzeCommandTest.run("analyze", "--explain", "--db",
        dir.resolve("c.db").toString());
    assertEquals(StancemapTool.USAGE, r.code(), r.err());
    assertTrue(r.err().contains("--explain is for INPUT files"), r.err());
  }

  @Test
  void verifiedModelLabelsAreReportedBesideTheOfflineOnes(@TempDir Path dir) throws IOException {
    Path f = dir.resolve("good.txt");
    Files.writeString(f, GOOD, StandardCharsets.UTF_8);
    Json.Obj offline = onlyDoc(AnalyzeCommandTest.run("analyze", "--format", "json", f.toString()));
    status = 200;
    delayMillis = 0;
    content = "{\"stance\": {\"russia\": {\"label\": \"against\", \"evidence\": [" + q(SUPPORT) + "]}},"
        + " \"narratives\": [{\"id\": \"russian-imperialism\", \"confidence\": 0.9, \"evidence\": [" + q(SUPPORT)
        + "]}], \"techniques\": [], \"position\": {\"label\": \"solidarity\", \"evidence\": [" + q(SUPPORT) + "]}}";
    AnalyzeCommandTest.Run r = AnalyzeCommandTest.run("analyze", "--format", "json", "--llm-url", url(),
        "--llm-model", "fake-model", f.toString());
    assertEquals(StancemapTool.OK, r.code(), r.err());
    Json.Obj doc = onlyDoc(r);
    Json.Obj llm = doc.get("llm").asObj("llm");
    assertEquals("fake-model", llm.get("model").asString("model"));
    assertTrue(llm.get("error") instanceof Json.Null, llm.toString());
    assertEquals("against", llm.get("stance").asObj("stance").get("russia").asObj("r").get("label")
        .asString("label"));
    Json.Obj nar = llm.get("narratives").asList("narratives").get(0).asObj("n");
    assertEquals("russian-imperialism", nar.get("id").asString("id"));
    Json.Obj ev = nar.get("evidence").asList("evidence").get(0).asObj("e");
    assertEquals(SUPPORT, ev.get("text").asString("text"));
    assertEquals(0, ev.get("start").asLong("start"));
    assertEquals("solidarity", llm.get("position").asObj("position").get("label").asString("label"));
    assertTrue(llm.get("dropped").asList("dropped").isEmpty());
    assertFalse(doc.has("explanation"));
    // The offline labels are not replaced: everything but the added field is what analyze gives without a model.
    Json.ObjBuilder without = Json.obj();
    doc.fields().forEach((k, v) -> {
      if (!k.equals("llm")) {
        without.put(k, v);
      }
    });
    assertEquals(JsonWriter.compact(offline), JsonWriter.compact(without.build()));
    AnalyzeCommandTest.checkEvidenceQuotesTheText(doc);

    AnalyzeCommandTest.Run t = AnalyzeCommandTest.run("analyze", "--no-color", "--llm-url", url(), "--llm-model",
        "fake-model", f.toString());
    assertEquals(StancemapTool.OK, t.code(), t.err());
    assertTrue(t.out().contains("  model labels (verified, fake-model)\n"), t.out());
    assertTrue(t.out().contains("    narratives  russian-imperialism 0.90\n"), t.out());
    assertTrue(t.out().contains("    position    solidarity\n"), t.out());
  }

  @Test
  void anInventedQuoteIsDroppedAndReported(@TempDir Path dir) throws IOException {
    Path f = dir.resolve("good.txt");
    Files.writeString(f, GOOD, StandardCharsets.UTF_8);
    String invented = "Ukraine is run by NATO generals.";
    status = 200;
    delayMillis = 0;
    content = "{\"stance\": {}, \"narratives\": [{\"id\": \"ukraine-puppet-of-west\", \"evidence\": ["
        + q(invented) + "]}], \"techniques\": [], \"position\": {\"label\": \"campist\", \"evidence\": ["
        + q(invented) + "]}}";
    AnalyzeCommandTest.Run r = AnalyzeCommandTest.run("analyze", "--format", "json", "--llm-url", url(),
        "--llm-model", "fake-model", f.toString());
    assertEquals(StancemapTool.OK, r.code(), r.err());
    Json.Obj llm = onlyDoc(r).get("llm").asObj("llm");
    assertTrue(llm.get("narratives").asList("narratives").isEmpty(), llm.toString());
    assertTrue(llm.get("position") instanceof Json.Null, llm.toString());
    List<Json> dropped = llm.get("dropped").asList("dropped");
    assertTrue(dropped.stream().anyMatch(d -> d.asObj("d").get("kind").asString("k").equals("quote")
        && d.asObj("d").get("text").asString("t").equals(invented)), dropped.toString());
    assertTrue(dropped.stream().anyMatch(d -> d.asObj("d").get("text").asString("t")
        .contains("ukraine-puppet-of-west")), dropped.toString());

    AnalyzeCommandTest.Run t = AnalyzeCommandTest.run("analyze", "--no-color", "--llm-url", url(), "--llm-model",
        "fake-model", f.toString());
    assertTrue(t.out().contains("    narratives  -\n"), t.out());
    assertTrue(t.out().contains("    dropped quote \u201c" + invented + "\u201d"), t.out());
  }

  @Test
  void aFailingOrSlowModelLeavesTheOfflineAnalysisAndTheExitCode(@TempDir Path dir) throws IOException {
    Path f = dir.resolve("good.txt");
    Files.writeString(f, GOOD, StandardCharsets.UTF_8);
    AnalyzeCommandTest.Run offline = AnalyzeCommandTest.run("analyze", "--no-color", f.toString());
    for (int attempt = 0; attempt < 2; attempt++) {
      status = attempt == 0 ? 500 : 200;
      delayMillis = attempt == 0 ? 0 : 5000;
      content = "{\"stance\": {}, \"narratives\": [], \"techniques\": [], \"position\": {\"label\": \"unrelated\"}}";
      AnalyzeCommandTest.Run r = AnalyzeCommandTest.run("analyze", "--no-color", "--llm-url", url(),
          "--llm-model", "fake-model", "--llm-timeout", "1", f.toString());
      assertEquals(StancemapTool.OK, r.code(), r.err());
      assertTrue(r.err().contains("stancemap: language model: " + f) && r.err().contains("offline analysis stands"),
          r.err());
      assertTrue(r.out().startsWith(offline.out().substring(0, offline.out().length() - 1)), r.out());
      assertTrue(r.out().contains("  model labels (verified, fake-model)\n    none: "), r.out());

      AnalyzeCommandTest.Run j = AnalyzeCommandTest.run("analyze", "--format", "json", "--llm-url", url(),
          "--llm-model", "fake-model", "--llm-timeout", "1", f.toString());
      assertEquals(StancemapTool.OK, j.code(), j.err());
      Json.Obj llm = onlyDoc(j).get("llm").asObj("llm");
      assertFalse(llm.get("error").asString("error").isBlank());
      assertFalse(llm.has("narratives"), "no labels when the model failed");
    }
    delayMillis = 0;
    status = 200;
  }
}
