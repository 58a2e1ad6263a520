package org.stancemap.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.stancemap.ask.question.Synonyms;
import org.stancemap.document.Document;
import org.stancemap.document.DocumentMeta;
import org.stancemap.json.Json;
import org.stancemap.model.ModelFile;
import org.stancemap.store.PostgresServer;
import org.stancemap.store.Store;

/**
 * The core API flows against {@code serve} on a PostgreSQL JDBC URL (a private throwaway cluster from the store
 * module's {@link PostgresServer}): stored and pasted documents, the corpus listing with filters, the document page
 * data, a review and the agreement, a dashboard, and an activation that survives a restart. Skipped, saying why, when
 * no PostgreSQL server can be had; under CI ({@code CI=true}) that is a failure instead.
 */
class PostgresWebTest {
  static String url;
  static Path files;
  static Store store;
  static WebServer server;
  static Http http;
  static final List<Long> ids = new ArrayList<>();
  static final String[] SOURCES = {"Red Review", "Solidarity Notes"};

  @BeforeAll
  static void start() throws Exception {
    PostgresServer pg = PostgresServer.get();
    if (pg == null) {
      String why = "PostgreSQL web tests skipped: " + PostgresServer.whyUnavailable();
      if ("true".equals(System.getenv("CI"))) {
        throw new IllegalStateException(why + " (under CI PostgreSQL must be available)");
      }
      Assumptions.assumeTrue(false, why);
    }
    url = pg.newDatabase();
    files = Files.createTempDirectory("stancemap-pg-web-test");
    store = Store.open(url);
    long run = store.beginRun("postgres web test").id();
    int i = 0;
    try (var list = Files.list(Workbenches.ROOT.resolve("examples"))) {
      for (Path f : list.filter(Files::isRegularFile).sorted().toList()) {
        String name = f.getFileName().toString();
        Document d = Workbenches.READER.document(name, Files.readAllBytes(f), name.substring(name.lastIndexOf('.')
            + 1));
        ids.add(Workbenches.importAndAnalyse(store, run, "examples/" + name, SOURCES[i % 2], d, DocumentMeta.fromSource(
            "https://example.org/" + name, null, null, Instant.parse(String.format("2023-%02d-10T00:00:00Z", 1 + i)),
            null, null, null, Map.of())));
        i++;
      }
    }
    store.finishRun(run);
    serve();
  }

  static void serve() {
    if (store == null) {
      store = Store.open(url);
    }
    Workbench wb = new Workbench(url, store, Workbenches.CODEBOOK, Workbenches.ANALYZER, Workbenches.EMBEDDING, null,
        Workbenches.READER, null, Synonyms.builtin(Workbenches.CODEBOOK), files);
    server = WebServer.start(wb, ServerSettings.local(0), new PrintStream(System.err, true));
    http = new Http("http://127.0.0.1:" + server.port());
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
      server = null;
    }
    if (store != null) {
      store.close();
      store = null;
    }
  }

  private static List<Json.Obj> items(String query) {
    Http.Response r = http.get("/api/corpus?limit=200" + query);
    assertEquals(200, r.status(), r.body());
    List<Json.Obj> out = new ArrayList<>();
    r.json().get("items").asList("items").forEach(j -> out.add(j.asObj("item")));
    assertEquals(out.size(), r.json().get("total").asLong("total"), r.body());
    return out;
  }

  @Test
  void theCoreFlowsRunOnPostgres() {
    assertTrue(store.describe().startsWith("PostgreSQL"), store.describe());
    // a pasted document is stored through serve and listed with the imported ones (and those of the other test)
    int before = items("").size();
    assertTrue(before >= ids.size());
    Http.Response pasted = http.post("/api/analyze", "{\"text\": \"Ukraine has every right to resist the invasion"
        + " and deserves our solidarity.\", \"title\": \"Pasted on PostgreSQL\", \"source\": \"Paste\"}");
    assertEquals(201, pasted.status(), pasted.body());
    long pastedId = pasted.json().get("id").asLong("id");
    List<Json.Obj> all = items("");
    assertEquals(before + 1, all.size());
    assertTrue(all.stream().anyMatch(o -> o.get("id").asLong("id") == pastedId
        && o.get("title").asString("t").equals("Pasted on PostgreSQL")), all.toString());

    // filters: source, dates, position
    List<Json.Obj> red = items("&source=" + SOURCES[0].replace(" ", "%20"));
    assertEquals((ids.size() + 1) / 2, red.size()); // every other example; pasted documents have other sources
    red.forEach(o -> assertEquals(SOURCES[0], o.get("source").asString("s")));
    List<Json.Obj> spring = items("&from=2023-02-01&to=2023-03-31");
    assertEquals(2, spring.size(), spring.toString());
    Set<String> positions = new HashSet<>();
    all.forEach(o -> {
      if (o.get("position") instanceof Json.Str s) {
        positions.add(s.value());
      }
    });
    assertFalse(positions.isEmpty());
    for (String p : positions) {
      long expected = all.stream().filter(o -> Json.of(p).equals(o.get("position"))).count();
      List<Json.Obj> byPos = items("&position=" + p);
      assertEquals(expected, byPos.size(), p);
    }
    List<String> facetSources = new ArrayList<>();
    http.get("/api/facets").json().get("sources").asList("s").forEach(j -> facetSources.add(j.asString("s")));
    assertTrue(facetSources.containsAll(List.of(SOURCES[0], SOURCES[1], "Paste")), facetSources.toString());

    // document page data
    Json.Obj doc = http.get("/api/documents/" + pastedId).json();
    assertEquals("Pasted on PostgreSQL", doc.get("title").asString("t"));
    assertTrue(doc.get("text").asString("text").contains("solidarity"));
    assertFalse(doc.get("analysis").asObj("a").get("units").asList("units").isEmpty());

    // a review and the agreement
    long reviewed = ids.getFirst();
    Json.Obj rv = http.get("/api/review/" + reviewed).json();
    Json.Obj unit = rv.get("units").asList("units").getFirst().asObj("u");
    String ai = unit.get("labels").asObj("l").get("stance:russia").asString("s");
    String other = ai.equals("favor") ? "against" : "favor";
    Http.Response r = http.post("/api/reviews", "{\"documentId\": " + reviewed + ", \"unit\": \""
        + unit.get("id").asString("id") + "\", \"dimension\": \"stance:russia\", \"label\": \"" + other
        + "\", \"reviewer\": \"PG\"}");
    assertEquals(201, r.status(), r.body());
    Json.Obj agreement = null;
    for (Json g : http.get("/api/agreement").json().get("agreement").asList("agreement")) {
      if (g.asObj("g").get("dimension").asString("d").equals("stance:russia")) {
        agreement = g.asObj("g");
      }
    }
    assertTrue(agreement != null);
    assertEquals(1, agreement.get("n").asLong("n"));
    assertEquals(0, agreement.get("agreed").asLong("agreed"));
    Json.Obj again = http.get("/api/review/" + reviewed).json().get("units").asList("units").getFirst().asObj("u");
    assertEquals(other, again.get("reviews").asObj("r").get("stance:russia").asObj("x").get("label").asString("l"));

    // a dashboard's SQL
    Json.Obj dash = http.get("/api/dashboards/positions-by-source").json();
    long docs = 0;
    for (Json row : dash.get("rows").asList("rows")) {
      docs += row.asList("row").get(2).asLong("n");
    }
    assertEquals(all.stream().filter(o -> o.get("position") instanceof Json.Str).count(), docs);
  }

  @Test
  void anActivationIsRecordedInPostgresAndSurvivesARestart() {
    String file = "20260102-120000-000.model.json";
    ModelFile.write(ActivationTest.VARIANT, files.resolve("stancemap.models").resolve(file));
    Http.Response a = http.post("/api/model/activate", "{\"model\": \"" + file + "\", \"activated_by\": \"PG\"}");
    assertEquals(200, a.status(), a.body());
    stop();
    serve();
    Json.Obj m = http.get("/api/model").json();
    assertEquals(ActivationTest.VARIANT.id(), m.get("id").asString("id"));
    assertEquals("PG", m.get("activatedBy").asString("by"));
    Http.Response p = http.post("/api/analyze", "{\"text\": \"Russia only defends itself against NATO, says a"
        + " text analysed after the restart.\"}");
    assertEquals(201, p.status(), p.body());
    Json.Obj analysis = http.get("/api/documents/" + p.json().get("id").asLong("id")).json().get("analysis")
        .asObj("a");
    assertEquals(ActivationTest.VARIANT.id(), analysis.get("provenance").asObj("p").get("model").asString("m"));
    assertEquals(200, http.post("/api/model/default", "{}").status());
  }
}
