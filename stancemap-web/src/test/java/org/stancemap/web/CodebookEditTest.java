package org.stancemap.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.stancemap.codebook.Codebook;
import org.stancemap.codebook.CodebookLoader;
import org.stancemap.codebook.Label;
import org.stancemap.json.Json;

/**
 * Codebook editing and retraining through the API, on a server of its own: an edit writes a new, loadable codebook
 * file with the next patch version and the new exemplars; invalid edits and requests without CSRF write nothing;
 * retraining with the edited codebook gives a model keyed by the new codebook's hash, which activation puts to use.
 */
class CodebookEditTest {
  static RetrainTest.Fixture fx;
  static Http http;
  static Path codebooks;

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

  private static String narrative() {
    return Workbenches.CODEBOOK.narratives().getFirst().id();
  }

  static final List<String> NEW = List.of("The sanctions were written in Washington and obeyed in every capital.",
      "Brussels only repeats what the State Department tells it about the war.",
      "Every European government follows the American line on Ukraine without a question.",
      "The decisions about this war are taken across the Atlantic, not here.",
      "Our ministers wait for a call from Washington before they say anything.");

  private static String editBody() {
    StringBuilder b = new StringBuilder("{\"definition\": \"Edited in a test.\", \"exemplars\": [");
    for (int i = 0; i < NEW.size(); i++) {
      b.append(i == 0 ? "" : ", ").append('"').append(NEW.get(i)).append('"');
    }
    return b.append("], \"edited_by\": \"CodebookEditTest\"}").toString();
  }

  @Test
  void anEditWritesANewCodebookFileAndRetrainingUsesIt() throws Exception {
    String id = narrative();
    Http.Response r = http.put("/api/codebook/labels/narrative/" + id, editBody());
    assertEquals(201, r.status(), r.body());
    String file = r.json().get("file").asString("file");
    String version = CodebookEdits.bump(Workbenches.CODEBOOK.version());
    assertEquals(version, r.json().get("version").asString("version"));
    assertTrue(files().contains(file), files().toString());
    assertFalse(files().stream().anyMatch(f -> f.endsWith(".tmp")), files().toString());

    Codebook cb = CodebookLoader.load(codebooks.resolve(file).toString());
    assertEquals(version, cb.version());
    Label edited = cb.narrative(id).orElseThrow();
    assertEquals(NEW, edited.exemplars());
    assertEquals("Edited in a test.", edited.definition());
    assertTrue(Files.readString(codebooks.resolve(file)).contains("CodebookEditTest"), "edited-by is recorded");
    // everything else is kept
    assertEquals(Workbenches.CODEBOOK.narratives().size(), cb.narratives().size());
    assertEquals(Workbenches.CODEBOOK.narratives().get(1), cb.narratives().get(1));
    assertEquals(Workbenches.CODEBOOK.positions(), cb.positions());
    assertEquals(Workbenches.CODEBOOK.targets(), cb.targets());
    assertEquals(Workbenches.CODEBOOK.roles(), cb.roles());
    assertEquals(Workbenches.CODEBOOK.polarity(), cb.polarity());
    // the running analyzer is not switched
    assertEquals(Workbenches.CODEBOOK.version(), http.get("/api/codebook").json().get("version").asString("v"));

    Http.Response t = http.post("/api/codebook/retrain", "{\"file\": \"" + file + "\"}");
    assertEquals(200, t.status(), t.body());
    Json.Obj tj = t.json();
    assertEquals(cb.sha256(), tj.get("codebookSha256").asString("sha"));
    String modelId = tj.get("modelId").asString("modelId");
    assertTrue(modelId.contains(cb.sha256().substring(0, 8)), modelId + " should name codebook " + cb.sha256());
    assertEquals(new Json.Bool(false), tj.get("activated"));
    assertTrue(tj.get("evaluation").asString("evaluation").startsWith("none"), tj.toString());
    String before = http.get("/api/model").json().get("id").asString("id");
    assertFalse(before.equals(modelId));

    Http.Response a = http.post("/api/model/activate", "{\"model\": \"" + tj.get("model").asString("m") + "\"}");
    assertEquals(200, a.status(), a.body());
    assertEquals(modelId, http.get("/api/model").json().get("id").asString("id"));
  }

  @Test
  void invalidEditsAreRefusedWithTheProblemAndWriteNothing() throws Exception {
    List<String> before = files();
    Http.Response empty = http.put("/api/codebook/labels/narrative/" + narrative(), "{\"exemplars\": []}");
    assertEquals(400, empty.status(), empty.body());
    String msg = empty.json().get("message").asString("message");
    assertTrue(msg.contains("narratives[0].exemplars") && msg.contains("at least " + CodebookLoader.MIN_EXEMPLARS),
        msg);
    Http.Response unknown = http.put("/api/codebook/labels/narrative/no-such-narrative", editBody());
    assertEquals(400, unknown.status(), unknown.body());
    assertTrue(unknown.json().get("message").asString("m").contains("no-such-narrative"), unknown.body());
    Http.Response kind = http.put("/api/codebook/labels/stance/" + narrative(), editBody());
    assertEquals(400, kind.status(), kind.body());
    Http.Response noCsrf = http.send(HttpRequest.newBuilder(URI.create(http.base + "/api/codebook/labels/narrative/"
        + narrative())).header("Content-Type", "application/json").header("Origin", http.base)
        .PUT(HttpRequest.BodyPublishers.ofString(editBody())).build());
    assertEquals(403, noCsrf.status(), noCsrf.body());
    assertEquals(before, files());
  }

  @Test
  void retrainRefusesMalformedAndUnknownFiles() {
    assertEquals(400, http.post("/api/codebook/retrain", "{\"file\": \"../../etc/passwd\"}").status());
    assertEquals(400, http.post("/api/codebook/retrain", "{\"file\": \"..%2Fx.codebook.json\"}").status());
    assertEquals(404, http.post("/api/codebook/retrain",
        "{\"file\": \"ru-ua-left-9.9.9-20990101-000000-000.codebook.json\"}").status());
  }
}
