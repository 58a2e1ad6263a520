package org.stancemap.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stancemap.json.Json;
import org.stancemap.json.JsonParser;

/** {@code stancemap search} end to end: import files into an SQLite store, analyse, search (syncing the index). */
class SearchCommandTest {
  @TempDir
  Path dir;

  record Run(int code, String out, String err) {}

  static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = new StancemapTool().run(new PrintWriter(out), new PrintWriter(err), args);
    return new Run(code, out.toString(), err.toString());
  }

  @Test
  void importAnalyseSearch() throws Exception {
    Path in = Files.createDirectories(dir.resolve("in"));
    Files.writeString(in.resolve("grain.txt"), "The Grain Deal Collapses\n\nThe agreement that let ships carry "
        + "wheat out of Odesa ended this week. Bakers in Cairo will feel it first.\n", StandardCharsets.UTF_8);
    Files.writeString(in.resolve("heat.txt"), "A Night Without Heat\n\nRussian missiles struck power stations "
        + "across Ukraine, leaving millions without heat and light.\n", StandardCharsets.UTF_8);
    Files.writeString(in.resolve("nato.txt"), "NATO Pushed Moscow Into This War\n\nThe eastward expansion of NATO "
        + "left Russia with no choice but to act.\n", StandardCharsets.UTF_8);
    String db = dir.resolve("corpus.db").toString();
    Run imp = run("import", "--db", db, "-q", in.toString());
    assertEquals(0, imp.code(), imp.err());
    Run an = run("analyze", "--db", db, "--cache-dir=" + Fixture.CACHE, "-q");
    assertEquals(0, an.code(), an.err());

    Run r = run("search", "wheat Odesa", "--db", db, "--cache-dir=" + Fixture.CACHE, "--mode", "text");
    assertEquals(0, r.code(), r.err());
    assertTrue(r.err().contains("3 document(s) indexed"), r.err());
    assertTrue(Files.isDirectory(dir.resolve("corpus.db.index")), "the index lives beside the database");
    assertTrue(r.out().startsWith("text search: hits 1-1 of 1"), r.out());
    assertTrue(r.out().contains("The agreement that let ships carry **wheat** out of **Odesa** ended this week."),
        r.out());
    assertTrue(r.out().contains("grain.txt") || r.out().contains("in"), r.out());

    // second search: nothing to sync, nothing said on stderr
    Run semantic = run("search", "bombardment", "of", "the", "energy", "network", "--db", db,
        "--cache-dir=" + Fixture.CACHE, "--mode", "semantic", "--limit", "1", "--format", "json");
    assertEquals(0, semantic.code(), semantic.err());
    assertFalse(semantic.err().contains("indexed"), semantic.err());
    Json.Obj json = JsonParser.parse(semantic.out()).asObj("");
    assertEquals("stancemap.search/1", json.get("schema").asString("schema"));
    assertEquals("bombardment of the energy network", json.get("query").asString("query"));
    List<Json> hits = json.get("hits").asList("hits");
    assertEquals(1, hits.size());
    Json.Obj hit = hits.get(0).asObj("hit");
    assertTrue(hit.get("sentence").asString("s").startsWith("Russian missiles struck power stations"), semantic.out());
    assertTrue(hit.get("semantic_score").asDouble("semantic_score") > 0.2);

    Run hybrid = run("search", "NATO expansion", "--db", db, "--cache-dir=" + Fixture.CACHE, "--limit", "2");
    assertEquals(0, hybrid.code(), hybrid.err());
    assertTrue(hybrid.out().startsWith("hybrid search"), hybrid.out());
    assertTrue(hybrid.out().contains("**expansion** of **NATO**"), hybrid.out());

    Run listing = run("search", "kind:title", "--db", db, "--cache-dir=" + Fixture.CACHE);
    assertEquals(0, listing.code(), listing.err());
    assertTrue(listing.out().startsWith("filter matches, newest first: hits 1-3 of 3"), listing.out());
    assertFalse(listing.out().contains("score"), listing.out());

    // why each hit matched (#20): the words full text found, or the similarity of a meaning-based hit
    Run why = run("search", "wheat", "--db", db, "--cache-dir=" + Fixture.CACHE);
    assertEquals(0, why.code(), why.err());
    assertTrue(why.out().contains("   matched: text \"wheat\""), why.out());
    assertTrue(JsonParser.parse(semantic.out()).asObj("").get("hits").asList("hits").get(0).asObj("hit")
        .get("matched").asString("matched").matches("meaning 0\\.\\d\\d"), semantic.out());
    // imported files have no date: a date filter says so instead of silently finding nothing
    Run dated = run("search", "wheat date:2023", "--db", db, "--cache-dir=" + Fixture.CACHE);
    assertEquals(0, dated.code(), dated.err());
    assertTrue(dated.out().contains("note: 3 of 3 document(s) in the index have no date, and a date: filter never"
        + " matches them"), dated.out());
    assertTrue(dated.out().contains("no hits for: wheat date:2023"), dated.out());

    // the launcher's JVM: no library log lines on stderr, with or without the incubating Vector API (#20 point 15)
    Run quiet = child(List.of(), "search", "power cuts", "--db", db, "--cache-dir=" + Fixture.CACHE);
    assertEquals(0, quiet.code(), quiet.err());
    assertEquals("", quiet.err(), "nothing on stderr");
    assertTrue(quiet.out().contains("Russian missiles struck **power** stations"), quiet.out());
    Run vector = child(List.of("--add-modules", "jdk.incubator.vector"), "search", "power cuts", "--db", db,
        "--cache-dir=" + Fixture.CACHE);
    assertEquals(0, vector.code(), vector.err());
    assertEquals("WARNING: Using incubator modules: jdk.incubator.vector", vector.err().strip(),
        "only the JVM's own line, which no option silences (STANCEMAP_VECTOR_API=1)");
  }

  /** Runs the CLI's {@code main} in a new JVM with the launcher's logging flags plus {@code flags}. */
  static Run child(List<String> flags, String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
        .toString(), "--enable-native-access=ALL-UNNAMED", "-Xlog:disable", "-Xlog:all=warning:stderr"));
    cmd.addAll(flags);
    cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), StancemapTool.class.getName()));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).start();
    CompletableFuture<byte[]> err = CompletableFuture.supplyAsync(() -> {
      try {
        return p.getErrorStream().readAllBytes();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    int code = p.waitFor();
    return new Run(code, out, new String(err.get(), StandardCharsets.UTF_8));
  }

  @Test
  void badQueriesAndOptionsGetClearMessages() {
    String db = dir.resolve("empty.db").toString();
    Run r = run("search", "putin \"sided with", "--db", db, "--cache-dir=" + Fixture.CACHE);
    assertEquals(StancemapTool.USAGE, r.code());
    assertTrue(r.err().startsWith("stancemap: invalid query at position 7: this quote is never closed"), r.err());
    assertFalse(r.err().contains("Exception") || r.err().contains("\tat "), r.err());
    Run mode = run("search", "x", "--db", db, "--mode", "fuzzy", "--cache-dir=" + Fixture.CACHE);
    assertEquals(StancemapTool.USAGE, mode.code());
    assertTrue(mode.err().contains("search mode must be hybrid, text or semantic"), mode.err());
    Run limit = run("search", "x", "--db", db, "--limit", "0", "--cache-dir=" + Fixture.CACHE);
    assertEquals(StancemapTool.USAGE, limit.code());
    assertTrue(limit.err().contains("limit must lie in 1..1000"), limit.err());
    Run empty = run("search", "anything", "--db", db, "--cache-dir=" + Fixture.CACHE);
    assertEquals(0, empty.code(), empty.err());
    assertTrue(empty.err().contains("is empty: import and analyse documents first"), empty.err());
    assertTrue(empty.out().contains("no hits for: anything"), empty.out());
  }
}
