package org.stancemap.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.stancemap.ask.question.Synonyms;
import org.stancemap.document.Document;
import org.stancemap.document.DocumentMeta;
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
  /** A server over a store of its own, filled with the examples analysed by the real pipeline. */
  record Fixture(Path dir, Store store, WebServer server, Http http, List<Long> ids) implements AutoCloseable {
    /** The folder the server writes edited codebook versions to. */
    Path codebooks() {
      return dir.resolve("corpus.db.codebooks");
    }

    /** The file names in {@link #codebooks()}, sorted (none when it does not exist yet). */
    List<String> codebookFiles() throws IOException {
      if (!Files.isDirectory(codebooks())) {
        return List.of();
      }
      try (Stream<Path> s = Files.list(codebooks())) {
        return s.map(p -> p.getFileName().toString()).sorted().toList();
      }
    }

    static Fixture create() throws Exception {
      Path dir = Files.createTempDirectory("stancemap-retrain-test");
      String db = dir.resolve("corpus.db").toString();
      Store store = Store.open(db);
      List<Long> ids = new ArrayList<>();
      long run = store.beginRun("retrain test").id();
      try (var files = Files.list(Workbenches.ROOT.resolve("examples"))) {
        for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
          String name = f.getFileName().toString();
          Document d = Workbenches.READER.document(name, Files.readAllBytes(f), name.substring(name.lastIndexOf('.')
              + 1));
          ids.add(Workbenches.importAndAnalyse(store, run, "examples/" + name, "Examples", d,
              DocumentMeta.fromSource(null, null,
              null, null, null, null, null, Map.of())));
        }
      }
      store.finishRun(run);
      Workbench wb = new Workbench(db, store, Workbenches.CODEBOOK, Workbenches.ANALYZER, Workbenches.EMBEDDING,
          null, Workbenches.READER, null, Synonyms.builtin(Workbenches.CODEBOOK));
      WebServer server = WebServer.start(wb, ServerSettings.local(0), new PrintStream(System.err, true));
      return new Fixture(dir, store, server, new Http(base(server)), ids);
    }

    private static String base(WebServer s) {
      return "http://127.0.0.1:" + s.port();
    }

    String base() {
      return base(server);
    }

    /** Every relevant unit of the corpus as {documentId, unitId}. */
    List<String[]> units() {
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

    void review(String[] unit, String dimension, String label) {
      Http.Response r = http.post("/api/reviews", "{\"documentId\": " + unit[0] + ", \"unit\": \"" + unit[1]
          + "\", \"dimension\": \"" + dimension + "\", \"label\": \"" + label + "\", \"reviewer\": \"Test\"}");
      assertEquals(201, r.status(), r.body());
    }

    /** Reviews the stance toward Russia of units {@code from..to-1}, cycling through favor, against, none. */
    void reviewStances(List<String[]> units, int from, int to) {
      String[] stances = {"favor", "against", "none"};
      for (int i = from; i < to; i++) {
        review(units.get(i), "stance:russia", stances[i % 3]);
      }
    }

    @Override
    public void close() {
      server.close();
      store.close();
    }
  }

  static Fixture fx;
  static Path dir;
  static Http http;

  @BeforeAll
  static void start() throws Exception {
    fx = Fixture.create();
    dir = fx.dir();
    http = fx.http();
  }

  @AfterAll
  static void stop() {
    fx.close();
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
    List<String[]> units = fx.units();
    assertTrue(units.size() >= 16, "the examples have " + units.size() + " relevant units; the test needs 16");
    // too few reviews: a clear 400 saying how many more are needed
    fx.reviewStances(units, 0, 4);
    Http.Response few = http.post("/api/retrain", "{}");
    assertEquals(400, few.status(), few.body());
    String msg = few.json().get("message").asString("message");
    assertTrue(msg.contains("4 reviewed units") && msg.contains("review 6 more"), msg);
    assertFalse(few.body().contains("Exception"), few.body());

    // enough: 16 units, stance toward Russia in all three classes
    fx.reviewStances(units, 4, 16);
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

  @Test
  void reviewsWithOneLabelOnlyCannotTrainAndSayWhatIsMissing() throws Exception {
    try (Fixture own = Fixture.create()) {
      List<String[]> units = own.units();
      for (int i = 0; i < 12; i++) {
        own.review(units.get(i), "stance:ukraine", "favor");
      }
      Http.Response r = own.http().post("/api/retrain", "{}");
      assertEquals(400, r.status(), r.body());
      String msg = r.json().get("message").asString("message");
      assertTrue(msg.contains("cannot train any dimension") && msg.contains("stance:ukraine")
          && msg.contains("'against'") && msg.contains("'none'"), msg);
      assertFalse(Files.exists(own.dir().resolve("corpus.db.models")), "no model is written");
      assertTrue(own.http().get("/api/model").json().get("models").asList("models").isEmpty());
    }
  }
}
