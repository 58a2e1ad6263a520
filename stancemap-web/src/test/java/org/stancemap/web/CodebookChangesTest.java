package org.stancemap.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.stancemap.codebook.Codebook;
import org.stancemap.codebook.CodebookLoader;
import org.stancemap.json.Json;

/**
 * Adding and removing labels, editing an edited version again, and the active codebook used everywhere: once the
 * heads of an edited codebook are activated, the Codebook page, the filters, the review choices, ask's question
 * parser and new analyses all use that codebook.
 */
class CodebookChangesTest {
  static RetrainTest.Fixture fx;
  static Http http;
  static Path codebooks;

  static final String NEW_ID = "grain-corridor-blackmail";
  static final List<String> NEW_EXEMPLARS = List.of(
      "Moscow closed the grain corridor to make Africa pay for the sanctions.",
      "Hunger in Egypt is the price Russia sets for lifting the sanctions on its banks.",
      "The Kremlin blocks the ships full of wheat until Europe gives in.",
      "Every closed port on the Black Sea is a threat aimed at the poorest countries.",
      "Russia turns the world's bread into a weapon against those who support Ukraine.");

  @BeforeAll
  static void start() throws Exception {
    fx = RetrainTest.Fixture.create();
    http = fx.http();
    codebooks = fx.codebooks();
  }

  @AfterAll
  static void stop() {
    fx.close();
  }

  private static List<String> files() throws Exception {
    return fx.codebookFiles();
  }

  private static String json(List<String> l) {
    StringBuilder b = new StringBuilder("[");
    for (int i = 0; i < l.size(); i++) {
      b.append(i == 0 ? "" : ", ").append('"').append(l.get(i)).append('"');
    }
    return b.append(']').toString();
  }

  private static String addBody(String id, String definition, List<String> exemplars, String base) {
    return "{\"id\": \"" + id + "\", \"name\": \"Grain corridor blackmail\", \"definition\": \"" + definition
        + "\", \"exemplars\": " + json(exemplars) + ", \"near_misses\": [\"The grain deal was extended for"
        + " another four months.\"], \"edited_by\": \"CodebookChangesTest\""
        + (base == null ? "" : ", \"base\": \"" + base + "\"") + "}";
  }

  private static List<String> ids(Json list) {
    List<String> out = new ArrayList<>();
    for (Json j : list.asList("list")) {
      out.add(j instanceof Json.Str s ? s.value() : j.asObj("label").get("id").asString("id"));
    }
    return out;
  }

  /** {narrative, documentId, unitId}: a narrative that stored analyses give as some unit's top narrative. */
  private static String[] usedNarrative() {
    for (long id : fx.ids()) {
      Http.Response rv = http.get("/api/review/" + id);
      if (rv.status() != 200) {
        continue;
      }
      for (Json u : rv.json().get("units").asList("units")) {
        String n = u.asObj("u").get("labels").asObj("l").get("narrative").asString("n");
        if (!n.equals("none")) {
          return new String[] {n, Long.toString(id), u.asObj("u").get("id").asString("id")};
        }
      }
    }
    throw new AssertionError("no unit of the examples has a narrative");
  }

  @Test
  void invalidNewLabelsAreRefusedWithWhatToFixAndWriteNothing() throws Exception {
    List<String> before = files();
    String existing = Workbenches.CODEBOOK.narratives().getFirst().id();
    Http.Response dup = http.post("/api/codebook/labels/narrative", addBody(existing, "A definition.",
        NEW_EXEMPLARS, null));
    assertEquals(400, dup.status(), dup.body());
    assertTrue(dup.json().get("message").asString("m").contains("already has a narrative '" + existing + "'"),
        dup.body());
    Http.Response noDef = http.post("/api/codebook/labels/narrative", addBody(NEW_ID, " ", NEW_EXEMPLARS, null));
    assertEquals(400, noDef.status(), noDef.body());
    String m = noDef.json().get("message").asString("m");
    assertTrue(m.contains("narratives[" + Workbenches.CODEBOOK.narratives().size() + "].definition"), m);
    Http.Response few = http.post("/api/codebook/labels/technique", addBody(NEW_ID, "A definition.",
        NEW_EXEMPLARS.subList(0, 2), null));
    assertEquals(400, few.status(), few.body());
    String fm = few.json().get("message").asString("m");
    assertTrue(fm.contains("techniques[" + Workbenches.CODEBOOK.techniques().size() + "].exemplars")
        && fm.contains("at least " + CodebookLoader.MIN_EXEMPLARS) && fm.contains("found 2"), fm);
    Http.Response badId = http.post("/api/codebook/labels/narrative", addBody("Grain Blackmail!", "A definition.",
        NEW_EXEMPLARS, null));
    assertEquals(400, badId.status(), badId.body());
    assertTrue(badId.json().get("message").asString("m").contains("lower-case letters"), badId.body());
    Http.Response role = http.post("/api/codebook/labels/role", addBody(NEW_ID, "A definition.", NEW_EXEMPLARS,
        null));
    assertEquals(400, role.status(), role.body());
    Http.Response gone = http.delete("/api/codebook/labels/narrative/no-such-narrative", "");
    assertEquals(400, gone.status(), gone.body());
    assertTrue(gone.json().get("message").asString("m").contains("no-such-narrative"), gone.body());
    Http.Response badBase = http.put("/api/codebook/labels/narrative/" + existing, "{\"definition\": \"x\","
        + " \"base\": \"../corpus.db\"}");
    assertEquals(400, badBase.status(), badBase.body());
    // without the CSRF header a browser's add and remove are refused
    Http.Response addNoCsrf = http.send(HttpRequest.newBuilder(URI.create(http.base
        + "/api/codebook/labels/narrative")).header("Content-Type", "application/json").header("Origin", http.base)
        .POST(HttpRequest.BodyPublishers.ofString(addBody(NEW_ID, "A definition.", NEW_EXEMPLARS,
            null))).build());
    assertEquals(403, addNoCsrf.status(), addNoCsrf.body());
    Http.Response rmNoCsrf = http.send(HttpRequest.newBuilder(URI.create(http.base
        + "/api/codebook/labels/narrative/" + existing)).header("Origin", http.base).DELETE().build());
    assertEquals(403, rmNoCsrf.status(), rmNoCsrf.body());
    assertEquals(before, files());
  }

  @Test
  void addEditTheEditedVersionRemoveAndActivateMakeTheNewCodebookUsedEverywhere() throws Exception {
    String base = Workbenches.CODEBOOK.version();
    // add a narrative to the server's codebook
    Http.Response add = http.post("/api/codebook/labels/narrative", addBody(NEW_ID, "Blaming hunger on Russia"
        + " closing the grain corridor.", NEW_EXEMPLARS, null));
    assertEquals(201, add.status(), add.body());
    String first = add.json().get("file").asString("file");
    assertEquals(CodebookEdits.bump(base), add.json().get("version").asString("v"));
    Codebook c1 = CodebookLoader.load(codebooks.resolve(first).toString());
    assertEquals(NEW_EXEMPLARS, c1.narrative(NEW_ID).orElseThrow().exemplars());
    assertEquals(Workbenches.CODEBOOK.narratives().size() + 1, c1.narratives().size());

    // edit that edited version again: the next version, with both changes
    Http.Response edit = http.put("/api/codebook/labels/narrative/" + NEW_ID, "{\"definition\": \"Edited again.\","
        + " \"base\": \"" + first + "\"}");
    assertEquals(201, edit.status(), edit.body());
    String second = edit.json().get("file").asString("file");
    assertEquals(first, edit.json().get("base").asString("base"));
    assertEquals(CodebookEdits.bump(CodebookEdits.bump(base)), edit.json().get("version").asString("v"));
    Codebook c2 = CodebookLoader.load(codebooks.resolve(second).toString());
    assertEquals("Edited again.", c2.narrative(NEW_ID).orElseThrow().definition());
    assertEquals(NEW_EXEMPLARS, c2.narrative(NEW_ID).orElseThrow().exemplars());
    assertTrue(Files.readString(codebooks.resolve(second)).contains(first), "edited-from names the base file");

    // remove a narrative that stored analyses use: allowed, and it says so
    String[] usedAt = usedNarrative();
    String used = usedAt[0];
    // a review that confirms it, while it is still in the active codebook
    assertEquals(201, http.post("/api/reviews", "{\"documentId\": " + usedAt[1] + ", \"unit\": \"" + usedAt[2]
        + "\", \"dimension\": \"narrative\", \"label\": \"" + used + "\", \"reviewer\": \"T\"}").status());
    Http.Response rm = http.delete("/api/codebook/labels/narrative/" + used, "{\"base\": \"" + second + "\"}");
    assertEquals(201, rm.status(), rm.body());
    String third = rm.json().get("file").asString("file");
    long inUse = rm.json().get("inUse").asObj("inUse").get("analyses").asLong("analyses");
    assertTrue(inUse > 0, rm.body());
    String notes = rm.json().get("notes").toString();
    assertTrue(notes.contains(inUse + " stored analys") && notes.contains("keep it until"), notes);
    Codebook c3 = CodebookLoader.load(codebooks.resolve(third).toString());
    assertTrue(c3.narrative(used).isEmpty());
    assertTrue(c3.narrative(NEW_ID).isPresent());
    assertTrue(c3.positions().stream().noneMatch(p -> p.narratives().contains(used)), "positions drop it too");
    assertEquals(CodebookEdits.bump(CodebookEdits.bump(CodebookEdits.bump(base))), c3.version());

    // the page can show a saved version before it is active
    Json.Obj shown = http.get("/api/codebook?file=" + third).json();
    assertEquals(c3.version(), shown.get("version").asString("v"));
    assertEquals(new Json.Bool(false), shown.get("active"));
    assertTrue(ids(shown.get("saved")).containsAll(List.of(first, second, third)), shown.toString());

    // before activation everything uses the server's codebook
    String question = "Which sources push grain corridor blackmail?";
    assertFalse(ids(http.post("/api/ask", "{\"question\": \"" + question + "\"}").json().get("question")
        .asObj("q").get("narratives")).contains(NEW_ID));
    assertEquals(base, http.get("/api/codebook").json().get("version").asString("v"));

    Http.Response t = http.post("/api/codebook/retrain", "{\"file\": \"" + third + "\", \"activate\": true}");
    assertEquals(200, t.status(), t.body());
    assertEquals(new Json.Bool(true), t.json().get("activated"));

    // retraining ignores the review of the removed narrative: no usable reviewed unit is left
    Http.Response rt = http.post("/api/retrain", "{}");
    assertEquals(400, rt.status(), rt.body());
    assertTrue(rt.json().get("message").asString("m").contains("0 reviewed units are usable"), rt.body());

    // the Codebook page shows the active codebook
    Json.Obj cb = http.get("/api/codebook").json();
    assertEquals(c3.version(), cb.get("version").asString("v"));
    assertEquals(third, cb.get("file").asString("file"));
    assertEquals(new Json.Bool(true), cb.get("active"));
    assertTrue(ids(cb.get("narratives")).contains(NEW_ID));
    assertFalse(ids(cb.get("narratives")).contains(used));
    Json.Obj model = http.get("/api/model").json();
    assertEquals(third, model.get("codebook").asObj("c").get("file").asString("file"));
    // the corpus filters
    List<String> facetNarratives = ids(http.get("/api/facets").json().get("narratives"));
    assertTrue(facetNarratives.contains(NEW_ID) && !facetNarratives.contains(used), facetNarratives.toString());
    // review: the choices, the old label marked, and reviews with the removed label refused
    long doc = -1;
    String unit = null;
    for (long id : fx.ids()) {
      Http.Response rv = http.get("/api/review/" + id);
      if (rv.status() != 200) {
        continue;
      }
      List<String> choices = ids(rv.json().get("choices").asObj("c").get("narrative"));
      assertTrue(choices.contains(NEW_ID) && !choices.contains(used), choices.toString());
      for (Json u : rv.json().get("units").asList("units")) {
        Json.Obj uo = u.asObj("u");
        if (uo.get("labels").asObj("l").get("narrative").asString("n").equals(used)) {
          assertTrue(ids(uo.get("notInCodebook")).contains("narrative"), uo.toString());
          doc = id;
          unit = uo.get("id").asString("id");
        } else {
          assertFalse(ids(uo.get("notInCodebook")).contains("narrative"), uo.toString());
        }
      }
    }
    assertTrue(unit != null, "some unit's top narrative is " + used);
    Http.Response old = http.post("/api/reviews", "{\"documentId\": " + doc + ", \"unit\": \"" + unit
        + "\", \"dimension\": \"narrative\", \"label\": \"" + used + "\", \"reviewer\": \"T\"}");
    assertEquals(400, old.status(), old.body());
    assertTrue(old.json().get("message").asString("m").contains("re-analysed"), old.body());
    assertEquals(201, http.post("/api/reviews", "{\"documentId\": " + doc + ", \"unit\": \"" + unit
        + "\", \"dimension\": \"narrative\", \"label\": \"" + NEW_ID + "\", \"reviewer\": \"T\"}").status());
    // ask recognises the new narrative in a question
    Json.Obj answer = http.post("/api/ask", "{\"question\": \"" + question + "\"}").json();
    assertTrue(ids(answer.get("question").asObj("q").get("narratives")).contains(NEW_ID), answer.toString());
    // new analyses name the active codebook
    Http.Response a = http.post("/api/analyze", "{\"text\": \"Moscow closed the grain corridor so that Africa"
        + " goes hungry until Europe lifts the sanctions.\"}");
    assertEquals(201, a.status(), a.body());
    Json.Obj analysis = http.get("/api/documents/" + a.json().get("id").asLong("id")).json().get("analysis")
        .asObj("analysis");
    assertEquals(c3.ref(), analysis.get("provenance").asObj("p").get("codebook").asString("c"));

    // back to the default model: its codebook again
    assertEquals(200, http.post("/api/model/default", "{}").status());
    assertEquals(base, http.get("/api/codebook").json().get("version").asString("v"));
    assertTrue(ids(http.get("/api/facets").json().get("narratives")).contains(used));
  }
}
