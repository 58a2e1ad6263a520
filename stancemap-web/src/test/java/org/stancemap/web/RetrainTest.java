package org.stancemap.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.stancemap.ask.question.Synonyms;
import org.stancemap.document.Document;
import org.stancemap.ingest.source.ItemMeta;
import org.stancemap.json.Json;
import org.stancemap.model.HeadSet;
import org.stancemap.model.ModelFile;
import org.stancemap.store.Store;

/**
 * Retraining from reviews through the API, on a server of its own (its own SQLite store, so the reviews of other
 * tests do not count): too few reviews are refused with how many more are needed; enough reviews give a new model
 * file, evaluated before and after on held-out units that were not trained on, which only activation puts to use.
 */
class RetrainTest {
  static Path dir;
  static Store store;
  static WebServer server;
  static Http http;
  static List<Long> ids = new ArrayList<>();

  @BeforeAll
  static void start() throws Exception {
    dir = Files.createTempDirectory("stancemap-retrain-test");
    String db = dir.resolve("corpus.db").toString();
    store = Store.open(db);
    long run = store.beginRun("retrain test").id();
    try (var files = Files.list(Workbenches.ROOT.resolve("examples"))) {
      for (Path f : files.sorted().toList()) {
        String name = f.getFileName().toString();
        Document d = Workbenches.READER.document(name, Files.readAllBytes(f), name.substring(name.lastIndexOf('.')
            + 1));
        ids.add(Workbenches.importAndAnalyse(store, run, "examples/" + name, "Examples", d, new ItemMeta(null, null,
            null, null, null, null, null, Map.of())));
      }
    }
    store.finishRun(run);
    Workbench wb = new Workbench(db, store, Workbenches.CODEBOOK, Workbenches.ANALYZER, Workbenches.EMBEDDING, null,
        Workbenches.READER, null, Synonyms.builtin(Workbenches.CODEBOOK));
    server = WebServer.start(wb, ServerSettings.local(0), new PrintStream(System.err, true));
    http = new Http("http://127.0.0.1:" + server.port());
  }

  @AfterAll
  static void stop() {
    server.close();
    store.close();
  }

  /** Every relevant unit of the corpus as {documentId, unitId}. */
  private static List<String[]> units() {
    List<String[]> out = new ArrayList<>();
    for (long id : ids) {
      Http.Response r = http.get("/api/review/" + id);
      if (r.status() != 200) {
        continue;
      }
      for (Json u : r.json().get("units").asList("units")) {
        out.add(new String[] {Long.toString(id), u.asObj("u").get("id").asString("id")});
      }
    }
    return out;
  }

  private static void review(String[] unit, String dimension, String label) {
    Http.Response r = http.post("/api/reviews", "{\"documentId\": " + unit[0] + ", \"unit\": \"" + unit[1]
        + "\", \"dimension\": \"" + dimension + "\", \"label\": \"" + label + "\", \"reviewer\": \"Test\"}");
    assertEquals(201, r.status(), r.body());
  }

  private static void assertUnit(Json v, double lo, String what) {
    if (v instanceof Json.Null) {
      return;
    }
    double d = v.asDouble(what);
    assertTrue(d >= lo && d <= 1.0, what + " = " + d);
  }

  @Test
  void retrainsFromReviewsEvaluatesOnHeldOutUnitsAndActivatesOnRequest() throws Exception {
    List<String[]> units = units();
    assertTrue(units.size() >= 16, "the examples have " + units.size() + " relevant units; the test needs 16");
    String[] stances = {"favor", "against", "none"};

    // too few reviews: a clear 400 saying how many more are needed
    for (int i = 0; i < 4; i++) {
      review(units.get(i), "stance:russia", stances[i % 3]);
    }
    Http.Response few = http.post("/api/retrain", "{}");
    assertEquals(400, few.status(), few.body());
    String msg = few.json().get("message").asString("message");
    assertTrue(msg.contains("4 reviewed units") && msg.contains("review 6 more"), msg);
    assertFalse(few.body().contains("Exception"), few.body());

    // enough: 16 units, stance toward Russia in all three classes
    for (int i = 4; i < 16; i++) {
      review(units.get(i), "stance:russia", stances[i % 3]);
    }
    String activeBefore = http.get("/api/model").json().get("id").asString("id");
    Http.Response r = http.post("/api/retrain", "{}");
    assertEquals(200, r.status(), r.body());
    Json.Obj o = r.json();
    assertEquals(16, o.get("units").asLong("units"));
    long examples = o.get("examples").asLong("examples");
    long heldOut = o.get("heldOut").asLong("heldOut");
    assertEquals(16, examples + heldOut);
    assertEquals(4, heldOut); // a quarter
    Set<String> train = new HashSet<>();
    o.get("trainingUnits").asList("t").forEach(j -> train.add(j.asString("u")));
    Set<String> held = new HashSet<>();
    o.get("heldOutUnits").asList("h").forEach(j -> held.add(j.asString("u")));
    assertEquals(examples, train.size());
    assertEquals(heldOut, held.size());
    for (String h : held) {
      assertFalse(train.contains(h), h + " is both trained on and held out");
    }
    assertTrue(o.get("trained").asList("trained").contains(Json.of("stance:russia")), r.body());
    for (String side : List.of("before", "after")) {
      Json.Obj m = o.get(side).asObj(side).get("stance:russia").asObj("m");
      assertEquals(heldOut, m.get("n").asLong("n"), side);
      assertUnit(m.get("accuracy"), 0, side + " accuracy");
      assertUnit(m.get("macroF1"), 0, side + " macroF1");
      assertUnit(m.get("fAvg"), 0, side + " fAvg");
      assertUnit(m.get("kappa"), -1, side + " kappa");
    }
    assertEquals(activeBefore, o.get("activeModelId").asString("a"));
    String newId = o.get("modelId").asString("modelId");
    assertNotEquals(activeBefore, newId);

    // the model file is beside the database and loads
    String name = o.get("model").asString("model");
    Path file = dir.resolve("corpus.db.models").resolve(name);
    assertTrue(Files.isRegularFile(file), file.toString());
    HeadSet loaded = ModelFile.read(file, Workbenches.CODEBOOK, Workbenches.EMBEDDING.info());
    assertEquals(newId, loaded.id());
    assertTrue(loaded.provenance().data().startsWith("coded data: " + examples + " training texts"),
        loaded.provenance().data());

    // not switched silently; activation switches
    Json.Obj status = http.get("/api/model").json();
    assertEquals(activeBefore, status.get("id").asString("id"));
    assertTrue(status.get("models").asList("models").contains(Json.of(name)), status.toString());
    Http.Response act = http.post("/api/model/activate", "{\"model\": \"" + name + "\"}");
    assertEquals(200, act.status(), act.body());
    Json.Obj after = http.get("/api/model").json();
    assertEquals(newId, after.get("id").asString("id"));
    assertEquals(name, after.get("file").asString("file"));

    // bad model names are refused cleanly
    Http.Response traversal = http.post("/api/model/activate", "{\"model\": \"../corpus.db\"}");
    assertEquals(400, traversal.status(), traversal.body());
    Http.Response missing = http.post("/api/model/activate", "{\"model\": \"20000101-000000-000.model.json\"}");
    assertEquals(404, missing.status(), missing.body());
  }
}
