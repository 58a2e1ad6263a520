package org.stancemap.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stancemap.cli.SearchCommandTest.Run;
import org.stancemap.json.Json;
import org.stancemap.json.JsonParser;

/**
 * The command line and the workbench on one database at once (#19 point 7): while {@code serve} holds the search
 * index for writing, {@code search --db} and {@code ask --db} answer from the index as last committed, say how far
 * it is behind the store, and never block the server's own syncs. The server runs in this JVM (Lucene's write lock
 * refuses a second writer in the same JVM as in another process) and one search runs in a child JVM, a second
 * process.
 */
class SharedIndexCommandTest {
  @TempDir
  Path dir;

  private static final String NOTE = "the search index is 1 analysis behind the store; it is being updated by "
      + "another process (such as stancemap serve) and is read as last committed";

  @Test
  void searchAndAskAnswerWhileServeWritesTheIndex() throws Exception {
    Path in = Files.createDirectories(dir.resolve("in"));
    Files.writeString(in.resolve("grain.txt"), "The Grain Deal Collapses\n\nThe agreement that let ships carry "
        + "wheat out of Odesa ended this week. Bakers in Cairo will feel it first.\n", StandardCharsets.UTF_8);
    Files.writeString(in.resolve("heat.txt"), "A Night Without Heat\n\nRussian missiles struck power stations "
        + "across Ukraine, leaving millions without heat and light.\n", StandardCharsets.UTF_8);
    String db = dir.resolve("corpus.db").toString();
    String cache = "--cache-dir=" + Fixture.CACHE;
    assertEquals(0, SearchCommandTest.run("import", "--db", db, "-q", in.toString()).code());
    assertEquals(0, SearchCommandTest.run("analyze", "--db", db, cache, "-q").code());

    StringWriter serveOut = new StringWriter();
    StringWriter serveErr = new StringWriter();
    Thread serve = new Thread(() -> new StancemapTool().run(new PrintWriter(serveOut, true),
        new PrintWriter(serveErr, true), "serve", "--db", db, "--port", "0", "--no-fetch", cache, "-q"));
    serve.start();
    try {
      int port = port(serveOut, serveErr);
      // the server synced the two documents at start-up; a third is imported and analysed while it runs
      Path later = Files.createDirectories(dir.resolve("later"));
      Files.writeString(later.resolve("nato.txt"), "NATO Pushed Moscow Into This War\n\nThe eastward expansion of "
          + "NATO left Russia with no choice but to act.\n", StandardCharsets.UTF_8);
      assertEquals(0, SearchCommandTest.run("import", "--db", db, "-q", later.toString()).code());
      assertEquals(0, SearchCommandTest.run("analyze", "--db", db, cache, "-q").code());

      // before #19 point 7 this stopped with "search index ... is in use by another process"
      Run wheat = SearchCommandTest.run("search", "wheat Odesa", "--db", db, cache, "--mode", "text");
      assertEquals(0, wheat.code(), wheat.err());
      assertFalse(wheat.err().contains("in use"), wheat.err());
      assertTrue(wheat.out().startsWith("note: " + NOTE + ": results may miss the newest documents\n"), wheat.out());
      assertTrue(wheat.out().contains("text search: hits 1-1 of 1"), wheat.out());
      assertTrue(wheat.out().contains("ships carry **wheat** out of **Odesa**"), wheat.out());
      assertFalse(wheat.err().contains("indexed"), "a read-only search does not sync: " + wheat.err());

      Run newest = SearchCommandTest.run("search", "eastward expansion", "--db", db, cache, "--mode", "text");
      assertEquals(0, newest.code(), newest.err());
      assertTrue(newest.out().contains("no hits for: eastward expansion"), "not in the index yet: " + newest.out());
      assertTrue(newest.out().contains(NOTE), newest.out());

      Run json = SearchCommandTest.run("search", "missiles power", "--db", db, cache, "--format", "json");
      assertEquals(0, json.code(), json.err());
      Json.Obj o = JsonParser.parse(json.out()).asObj("");
      assertEquals(NOTE + ": results may miss the newest documents",
          o.get("notes").asList("notes").get(0).asString("note"));
      assertTrue(o.get("hits").asList("hits").get(0).asObj("hit").get("sentence").asString("sentence")
          .startsWith("Russian missiles struck power stations"), json.out());

      // a second process: the same answer and note, and nothing on stderr
      Run child = SearchCommandTest.child(List.of(), "search", "wheat Odesa", "--db", db, cache, "--mode", "text");
      assertEquals(0, child.code(), child.err());
      assertEquals(wheat.out(), child.out());
      assertEquals("", child.err());

      // ask over a small store reads every document from the store itself, the newest one included
      Run ask = SearchCommandTest.run("ask", "Who says NATO expansion pushed Moscow into the war?", "--db", db,
          cache);
      assertEquals(0, ask.code(), ask.err());
      assertTrue(ask.out().contains("eastward expansion of NATO"), ask.out());
      assertTrue(ask.err().contains("stancemap: " + NOTE + "; the answer does not depend on it"), ask.err());
      Run quietAsk = SearchCommandTest.run("ask", "-q", "Who says NATO expansion pushed Moscow into the war?",
          "--db", db, cache);
      assertEquals(ask.out(), quietAsk.out());
      assertEquals("", quietAsk.err());

      // the readers never blocked the writer: the server's next search syncs and finds the new document ...
      HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
          "http://127.0.0.1:" + port + "/api/search?mode=text&q=eastward")).GET().build(),
          HttpResponse.BodyHandlers.ofString());
      assertEquals(200, r.statusCode(), r.body());
      assertEquals(1, JsonParser.parse(r.body()).asObj("").get("hits").asList("hits").size(), r.body());
      // ... and then the command line finds it too, with nothing to note
      Run synced = SearchCommandTest.run("search", "eastward expansion", "--db", db, cache, "--mode", "text");
      assertEquals(0, synced.code(), synced.err());
      assertTrue(synced.out().startsWith("text search: hits 1-1 of 1"), synced.out());
      assertFalse(synced.out().contains("behind the store"), synced.out());
    } finally {
      serve.interrupt();
      serve.join(30_000);
    }
    assertFalse(serve.isAlive());

    // with the server gone the command line writes the index again: it syncs, as before
    Files.writeString(dir.resolve("in").resolve("talks.txt"), "Talks Before Another Winter\n\nA ceasefire must be "
        + "negotiated at once, before another winter of fighting.\n", StandardCharsets.UTF_8);
    assertEquals(0, SearchCommandTest.run("import", "--db", db, "-q", in.toString()).code());
    assertEquals(0, SearchCommandTest.run("analyze", "--db", db, cache, "-q").code());
    Run alone = SearchCommandTest.run("search", "ceasefire", "--db", db, cache, "--mode", "text");
    assertEquals(0, alone.code(), alone.err());
    assertTrue(alone.err().contains("1 document(s) indexed"), alone.err());
    assertTrue(alone.out().startsWith("text search: hits 1-1 of 1"), alone.out());
    assertFalse(alone.out().contains("behind the store"), alone.out());
  }

  /** Waits for serve's address line and returns its port. */
  private static int port(StringWriter out, StringWriter err) throws InterruptedException {
    Pattern p = Pattern.compile("at http://127\\.0\\.0\\.1:(\\d+)/");
    for (int i = 0; i < 1200; i++) {
      Matcher m = p.matcher(out.toString());
      if (m.find()) {
        return Integer.parseInt(m.group(1));
      }
      Thread.sleep(100);
    }
    throw new AssertionError("serve did not start: " + out + "\n" + err);
  }
}
