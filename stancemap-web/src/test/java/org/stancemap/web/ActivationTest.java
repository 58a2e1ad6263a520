package org.stancemap.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.stancemap.ask.question.Synonyms;
import org.stancemap.document.Document;
import org.stancemap.document.DocumentMeta;
import org.stancemap.json.Json;
import org.stancemap.model.HeadSet;
import org.stancemap.model.ModelFile;
import org.stancemap.store.Store;

/**
 * The activated model survives a restart: activation is recorded in the database, and a new server on the same
 * database (a new store, a new server) analyses with it; a missing or corrupt model file leaves the default model
 * active, with a message in the log and in {@code GET /api/model}; going back to the default model is recorded too.
 */
class ActivationTest {
  /** A variant of the default heads under another id: a distinct, valid model file without training. */
  static final HeadSet VARIANT = new HeadSet("activation-test-variant", Workbenches.HEADS.heads(),
      Workbenches.HEADS.provenance());
  static final String FILE = "20260101-120000-000.model.json";

  Path dir;
  String db;
  Store store;
  WebServer server;
  Http http;
  ByteArrayOutputStream log;
  int pastes;

  @BeforeEach
  void corpus() throws Exception {
    dir = Files.createTempDirectory("stancemap-activation-test");
    db = dir.resolve("corpus.db").toString();
    store = Store.open(db);
    long run = store.beginRun("activation test").id();
    Path f = Workbenches.ROOT.resolve("examples").resolve("campist-essay.md");
    Document d = Workbenches.READER.document("campist-essay.md", Files.readAllBytes(f), "md");
    Workbenches.importAndAnalyse(store, run, "examples/campist-essay.md", "Examples", d, DocumentMeta.NONE);
    store.finishRun(run);
    ModelFile.write(VARIANT, models().resolve(FILE));
    start();
  }

  private Path models() {
    return dir.resolve("corpus.db.models");
  }

  /** A new store over the same database and a new server on it, logging into {@link #log}. */
  private void start() {
    if (store == null) {
      store = Store.open(db);
    }
    log = new ByteArrayOutputStream();
    Workbench wb = new Workbench(db, store, Workbenches.CODEBOOK, Workbenches.ANALYZER, Workbenches.EMBEDDING, null,
        Workbenches.READER, null, Synonyms.builtin(Workbenches.CODEBOOK));
    server = WebServer.start(wb, ServerSettings.local(0), new PrintStream(log, true, StandardCharsets.UTF_8));
    http = new Http("http://127.0.0.1:" + server.port());
  }

  private void restart() {
    stop();
    start();
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
      server = null;
    }
    if (store != null) {
      store.close();
      store = null;
    }
  }

  private String logText() {
    return log.toString(StandardCharsets.UTF_8);
  }

  /** Analyses a pasted text through the API and returns the model id its stored analysis names. */
  private String analyseWithServer() {
    // a new text each time, so that the model of this analysis is seen
    return analyse("NATO expansion provoked the war and Russia only defends itself against Western aggression. Note "
        + (++pastes) + ".");
  }

  private String analyse(String text) {
    Http.Response r = http.post("/api/analyze", "{\"text\": \"" + text + "\"}");
    assertEquals(201, r.status(), r.body());
    long id = r.json().get("id").asLong("id");
    Json.Obj doc = http.get("/api/documents/" + id).json();
    return doc.get("analysis").asObj("analysis").get("provenance").asObj("provenance").get("model").asString("m");
  }

  @Test
  void anActivatedModelIsUsedAgainAfterARestartUntilTheDefaultIsChosen() {
    String dflt = Workbenches.HEADS.id();
    assertNotEquals(dflt, VARIANT.id());
    Json.Obj before = http.get("/api/model").json();
    assertEquals(dflt, before.get("id").asString("id"));
    assertEquals(new Json.Bool(true), before.get("isDefault"));

    String same = "Ukraine has every right to resist the invasion.";
    assertEquals(dflt, analyse(same));

    Http.Response a = http.post("/api/model/activate", "{\"model\": \"" + FILE + "\", \"activated_by\": \"Tester\"}");
    assertEquals(200, a.status(), a.body());
    assertEquals(VARIANT.id(), a.json().get("id").asString("id"));
    assertEquals("Tester", a.json().get("activatedBy").asString("by"));
    assertEquals(VARIANT.id(), analyseWithServer());
    assertEquals(VARIANT.id(), analyse(same), "the same text submitted again is analysed by the active model");

    restart();
    Json.Obj after = http.get("/api/model").json();
    assertEquals(VARIANT.id(), after.get("id").asString("id"), logText());
    assertEquals(FILE, after.get("file").asString("file"));
    assertEquals("Tester", after.get("activatedBy").asString("by"));
    assertFalse(after.get("activatedAt") instanceof Json.Null, after.toString());
    assertTrue(after.get("notice") instanceof Json.Null, after.toString());
    assertTrue(logText().contains("using the model " + FILE), logText());
    assertEquals(VARIANT.id(), analyseWithServer(), "the restarted server analyses with the activated model");

    Http.Response back = http.post("/api/model/default", "{\"activated_by\": \"Tester\"}");
    assertEquals(200, back.status(), back.body());
    assertEquals(dflt, back.json().get("id").asString("id"));
    assertTrue(back.json().get("file") instanceof Json.Null, back.body());
    restart();
    assertEquals(dflt, http.get("/api/model").json().get("id").asString("id"));
    assertEquals(dflt, analyseWithServer());
    assertFalse(logText().contains("using the model"), logText());
  }

  @Test
  void aCorruptOrMissingModelFileStartsWithTheDefaultModelAndSaysWhy() throws Exception {
    String dflt = Workbenches.HEADS.id();
    assertEquals(200, http.post("/api/model/activate", "{\"model\": \"" + FILE + "\"}").status());
    stop();
    // one character of the weights changed: the checksum no longer matches
    Path file = models().resolve(FILE);
    String text = Files.readString(file);
    int at = text.indexOf("\"dense\":[\"") + 20;
    assertTrue(at > 20, "the model file has dense weights");
    char c = text.charAt(at);
    Files.writeString(file, text.substring(0, at) + (c == 'A' ? 'B' : 'A') + text.substring(at + 1));
    start();
    Json.Obj m = http.get("/api/model").json();
    assertEquals(dflt, m.get("id").asString("id"));
    String notice = m.get("notice").asString("notice");
    assertTrue(notice.contains(FILE) && notice.contains("cannot be used") && notice.contains("checksum")
        && notice.contains("POST /api/model/default"), notice);
    assertTrue(logText().contains(notice), logText());
    assertEquals(dflt, analyseWithServer());

    Files.delete(file);
    restart();
    String missing = http.get("/api/model").json().get("notice").asString("notice");
    assertTrue(missing.contains(FILE) && missing.contains("is missing"), missing);
    assertTrue(logText().contains(missing), logText());

    // choosing the default clears the record: no notice after the next start
    assertEquals(200, http.post("/api/model/default", "").status());
    restart();
    Json.Obj clean = http.get("/api/model").json();
    assertTrue(clean.get("notice") instanceof Json.Null, clean.toString());
    assertEquals("", logText().strip());
  }
}
