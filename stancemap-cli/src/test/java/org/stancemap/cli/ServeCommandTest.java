package org.stancemap.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code stancemap serve}: starts the workbench over a store, answers on loopback, and refuses weak settings. */
class ServeCommandTest {
  @Test
  void servesTheCorpusOnLoopbackUntilInterrupted(@TempDir Path dir) throws Exception {
    String db = dir.resolve("c.db").toString();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int[] code = {-1};
    Thread t = new Thread(() -> code[0] = new StancemapTool().run(new PrintWriter(out, true), new PrintWriter(err,
        true), "serve", "--db", db, "--port", "0", "--no-fetch", "--cache-dir=" + Fixture.CACHE, "-q"));
    t.start();
    Pattern p = Pattern.compile("at http://127\\.0\\.0\\.1:(\\d+)/");
    Matcher m = p.matcher("");
    for (int i = 0; i < 1200 && !m.find(); i++) {
      Thread.sleep(100);
      m = p.matcher(out.toString());
    }
    assertTrue(m.find(0), out + "\n" + err);
    HttpClient c = HttpClient.newHttpClient();
    HttpResponse<String> r = c.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + m.group(1)
        + "/api/corpus")).GET().build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(200, r.statusCode(), r.body());
    assertTrue(r.body().contains("\"total\":0"), r.body());
    t.interrupt();
    t.join(30_000);
    assertTrue(!t.isAlive());
  }

  @Test
  void aShortTokenIsAUsageError(@TempDir Path dir) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = new StancemapTool().run(new PrintWriter(out), new PrintWriter(err), "serve", "--db",
        dir.resolve("c.db").toString(), "--token", "short", "--cache-dir=" + Fixture.CACHE);
    assertEquals(StancemapTool.USAGE, code, err.toString());
    assertTrue(err.toString().contains("--token must have at least 16 characters"), err.toString());
  }
}
