package org.stancemap.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.stancemap.json.Json;

/** The JSON API over a real SQLite store filled by the real pipeline, through real HTTP on loopback. */
class ApiTest {
  static Workbenches.Running srv;
  static Http http;

  @BeforeAll
  static void start() {
    srv = Workbenches.server();
    http = new Http(srv.base());
  }

  private static List<Json> items(Json.Obj o, String key) {
    return o.get(key).asList(key);
  }

  private static void assertCleanError(Http.Response r, int status) {
    assertEquals(status, r.status(), r.body());
    Json.Obj o = r.json();
    assertFalse(o.get("message").asString("message").isBlank());
    assertFalse(r.body().contains("Exception") || r.body().contains("at org.") || r.body().contains(srv.dir().toString()),
        r.body());
  }

  @Test
  void corpusListsEveryImportedDocumentWithLabelsAndPages() {
    Json.Obj all = http.get("/api/corpus?limit=200").json();
    long current = srv.store().countDocuments(true);
    assertTrue(current >= srv.ids().size());
    assertEquals(current, all.get("total").asLong("total"));
    assertEquals(current, items(all, "items").size());
    Json.Obj first = items(all, "items").get(0).asObj("item");
    for (String k : List.of("id", "title", "source", "published", "excerpt", "position", "stance", "narratives")) {
      assertTrue(first.has(k), k);
    }
    Json.Obj page = http.get("/api/corpus?limit=2&offset=2").json();
    assertEquals(2, items(page, "items").size());
    assertEquals(items(all, "items").get(2).asObj("x").get("id"), items(page, "items").get(0).asObj("x").get("id"));
    // newest first
    String prev = "9999";
    for (Json j : items(all, "items")) {
      // undated documents (pasted by other tests) come last
      String p = j.asObj("i").get("published") instanceof Json.Str s ? s.value() : "";
      assertTrue(p.compareTo(prev) <= 0, p + " after " + prev);
      prev = p;
    }
  }

  @Test
  void corpusFiltersBySourceDatePositionAndNarrative() {
    Json.Obj bySource = http.get("/api/corpus?limit=200&source=Red%20Review").json();
    assertTrue(bySource.get("total").asLong("t") >= 1);
    for (Json j : items(bySource, "items")) {
      assertEquals("Red Review", j.asObj("i").get("source").asString("s"));
    }
    Json.Obj byDate = http.get("/api/corpus?limit=200&from=2023-02-01&to=2023-03-31").json();
    assertTrue(byDate.get("total").asLong("t") >= 1);
    for (Json j : items(byDate, "items")) {
      String p = j.asObj("i").get("published").asString("p");
      assertTrue(p.compareTo("2023-02-01") >= 0 && p.compareTo("2023-04-01") < 0, p);
    }
    String position = null;
    String narrative = null;
    for (Json j : items(http.get("/api/corpus?limit=200").json(), "items")) {
      Json.Obj o = j.asObj("i");
      if (position == null && o.get("position") instanceof Json.Str s && !s.value().equals("unrelated")) {
        position = s.value();
      }
      if (narrative == null && !o.get("narratives").asList("n").isEmpty()) {
        narrative = o.get("narratives").asList("n").get(0).asString("n");
      }
    }
    assertNotNull(position, "the fixture corpus has a document with a position");
    assertNotNull(narrative, "the fixture corpus has a document with a narrative");
    for (Json j : items(http.get("/api/corpus?limit=200&position=" + position).json(), "items")) {
      assertEquals(position, j.asObj("i").get("position").asString("p"));
    }
    Json.Obj byNarr = http.get("/api/corpus?limit=200&narrative=" + narrative).json();
    assertTrue(byNarr.get("total").asLong("t") >= 1);
    for (Json j : items(byNarr, "items")) {
      final String n = narrative;
      assertTrue(j.asObj("i").get("narratives").asList("n").stream().anyMatch(x -> x.asString("n").equals(n)));
    }
  }

  @Test
  void fullTextQueryGoesThroughTheSearchIndex() {
    Json.Obj r = http.get("/api/corpus?limit=200&q=NATO&mode=text").json();
    assertTrue(r.get("total").asLong("t") >= 1, r + " / " + http.get("/api/search?q=NATO&mode=text").body());
    Set<Long> listed = new TreeSet<>();
    items(r, "items").forEach(j -> listed.add(j.asObj("i").get("id").asLong("id")));
    Set<Long> hitDocs = new TreeSet<>();
    items(http.get("/api/search?q=NATO&mode=text&limit=200").json(), "hits")
        .forEach(j -> hitDocs.add(j.asObj("h").get("id").asLong("id")));
    assertEquals(hitDocs, listed);
    Json.Obj none = http.get("/api/corpus?q=zzzqqqxxyy&mode=text").json();
    assertEquals(0, none.get("total").asLong("t"));
    Json.Obj hits = http.get("/api/search?q=NATO&mode=text&limit=5").json();
    assertFalse(items(hits, "hits").isEmpty());
    Json.Obj h = items(hits, "hits").get(0).asObj("h");
    String text = http.get("/api/documents/" + h.get("id").asLong("id")).json().get("text").asString("t");
    assertEquals(h.get("sentence").asString("s"), text.substring((int) h.get("start").asLong("s"),
        (int) h.get("end").asLong("e")));
    assertCleanError(http.get("/api/search?q=%22unbalanced"), 400);
    assertCleanError(http.get("/api/search?q=x&mode=fuzzy"), 400);
  }

  @Test
  void hybridListingsHoldOnlyRelevantDocumentsWithTheirMatchingSentence() {
    // #20: a hybrid search for a word listed every document (the nearest neighbours of anything)
    Json.Obj hybrid = http.get("/api/corpus?limit=200&q=sanctions").json();
    Json.Obj text = http.get("/api/corpus?limit=200&q=sanctions&mode=text").json();
    long all = http.get("/api/corpus?limit=1").json().get("total").asLong("t");
    assertTrue(text.get("total").asLong("t") >= 1, text.toString());
    assertEquals(text.get("total").asLong("t"), hybrid.get("total").asLong("t"), "total of " + all);
    for (Json item : items(hybrid, "items")) {
      Json.Obj m = item.asObj("i").get("match").asObj("match");
      String sentence = m.get("sentence").asString("s");
      List<Json> hl = m.get("highlights").asList("h");
      assertFalse(hl.isEmpty(), sentence);
      List<Json> first = hl.get(0).asList("h0");
      assertTrue(sentence.substring((int) first.get(0).asLong("a"), (int) first.get(1).asLong("b"))
          .toLowerCase(Locale.ROOT).startsWith("sanction"), sentence);
      assertTrue(m.get("matched").asString("m").startsWith("text \"Sanction")
          || m.get("matched").asString("m").startsWith("text \"sanction"), m.toString());
      assertFalse(sentence.startsWith("#"), "a sentence, not the raw Markdown of the text's start: " + sentence);
    }
    Json.Obj hit = items(http.get("/api/search?q=sanctions&limit=1").json(), "hits").get(0).asObj("h");
    assertTrue(hit.get("matched").asString("m").startsWith("text "), hit.toString());
    assertTrue(hit.has("textScore") && hit.has("semanticScore"), hit.toString());
    assertEquals(Json.NULL, items(http.get("/api/corpus?limit=1").json(), "items").get(0).asObj("i").get("match"));
  }

  @Test
  void documentCarriesTextUnitsAndEvidenceSpans() {
    long id = srv.ids().get("campist-essay.md");
    Json.Obj d = http.get("/api/documents/" + id).json();
    String text = d.get("text").asString("text");
    Json.Obj a = d.get("analysis").asObj("analysis");
    List<Json> units = a.get("units").asList("units");
    assertFalse(units.isEmpty());
    int evidence = 0;
    for (Json u : units) {
      for (Json n : u.asObj("u").get("narratives").asList("n")) {
        for (Json e : n.asObj("n").get("evidence").asList("e")) {
          Json.Obj ev = e.asObj("e");
          assertEquals(ev.get("text").asString("t"), text.substring((int) ev.get("start").asLong("s"),
              (int) ev.get("end").asLong("e")));
          evidence++;
        }
      }
    }
    assertTrue(evidence > 0, "the campist essay has narrative evidence");
    assertFalse(d.has("location"));
    assertCleanError(http.get("/api/documents/999999"), 404);
    assertCleanError(http.get("/api/documents/abc"), 400);
    assertCleanError(http.get("/api/documents/-3"), 400);
  }

  @Test
  void askAnswersWithCitationsThatPointIntoStoredDocuments() {
    Http.Response r = http.post("/api/ask", "{\"question\": \"What do campists say about NATO?\"}");
    assertEquals(200, r.status(), r.body());
    List<Json> cites = items(r.json(), "citations");
    assertFalse(cites.isEmpty(), r.body());
    for (Json c : cites) {
      Json.Obj o = c.asObj("c");
      long id = o.get("documentId").asLong("id");
      assertTrue(id > 0);
      String text = http.get("/api/documents/" + id).json().get("text").asString("t");
      assertEquals(o.get("quote").asString("q"), text.substring((int) o.get("start").asLong("s"),
          (int) o.get("end").asLong("e")));
    }
    assertCleanError(http.post("/api/ask", "{\"question\": \"\"}"), 400);
    assertCleanError(http.post("/api/ask", "{\"question\": 5}"), 400);
    assertCleanError(http.post("/api/ask", "{\"question\": \"x\", \"k\": 0}"), 400);
  }

  @Test
  void analyzePasteStoresAndAnalysesTheText() {
    Http.Response r = http.post("/api/analyze", "{\"text\": \"NATO expansion provoked Russia, and the Western left "
        + "should oppose sending weapons to Ukraine.\", \"title\": \"Pasted note\"}");
    assertEquals(201, r.status(), r.body());
    long id = r.json().get("id").asLong("id");
    Json.Obj d = http.get("/api/documents/" + id).json();
    assertEquals("Pasted note", d.get("title").asString("title"));
    assertTrue(d.get("analysis") instanceof Json.Obj);
    assertFalse(d.get("analysis").asObj("a").get("units").asList("u").isEmpty());
    assertCleanError(http.post("/api/analyze", "{\"text\": \"   \"}"), 400);
    assertCleanError(http.post("/api/analyze", "{\"url\": \"https://example.org/\"}"), 400);
  }

  @Test
  void uploadsAreLimitedInTypeAndSize() {
    Http.Response ok = upload("note.txt", "Russia invaded Ukraine, and Ukraine resists the invasion.".getBytes(
        StandardCharsets.UTF_8));
    assertEquals(201, ok.status(), ok.body());
    assertCleanError(upload("tool.exe", new byte[] {0x4d, 0x5a, 0, 0}), 415);
    // a PDF goes through the sources module's parser
    Http.Response pdf = upload("statement.pdf", pdf("Russia invaded Ukraine in February 2022, and the Ukrainian "
        + "workers resist the occupation of their land."));
    assertEquals(201, pdf.status(), pdf.body());
    String text = http.get("/api/documents/" + pdf.json().get("id").asLong("id")).json().get("text").asString("t");
    assertTrue(text.contains("Ukrainian workers resist"), text);
    Http.Response broken = upload("broken.pdf", "not a pdf at all".getBytes(StandardCharsets.UTF_8));
    assertCleanError(broken, 400);
    assertFalse(broken.body().contains("stancemap-upload"), broken.body());
    byte[] big = new byte[(int) ServerSettings.DEFAULT_MAX_UPLOAD + 10];
    Arrays.fill(big, (byte) 'a');
    Http.Response tooBig = upload("big.txt", big);
    assertCleanError(tooBig, 413); // #20, point 5: was 400 "could not be read as multipart/form-data"
    assertEquals("too-large", tooBig.json().get("error").asString("error"), tooBig.body());
    Http.Response unknown = http.get("/api/no-such-endpoint");
    assertEquals(404, unknown.status());
    assertEquals("not-found", unknown.json().get("error").asString("error"), unknown.body());
  }

  private static byte[] pdf(String line) {
    try (var doc = new org.apache.pdfbox.pdmodel.PDDocument()) {
      var page = new org.apache.pdfbox.pdmodel.PDPage();
      doc.addPage(page);
      try (var cs = new org.apache.pdfbox.pdmodel.PDPageContentStream(doc, page)) {
        cs.beginText();
        cs.setFont(new org.apache.pdfbox.pdmodel.font.PDType1Font(
            org.apache.pdfbox.pdmodel.font.Standard14Fonts.FontName.HELVETICA), 10);
        cs.newLineAtOffset(40, 700);
        cs.showText(line);
        cs.endText();
      }
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      doc.save(out);
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Http.Response upload(String name, byte[] content) {
    String boundary = "----stancemap" + System.nanoTime();
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    b.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + name
        + "\"\r\nContent-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.UTF_8));
    b.writeBytes(content);
    b.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
    String token = http.csrf();
    return http.send(HttpRequest.newBuilder(URI.create(http.base + "/api/analyze"))
        .header("Content-Type", "multipart/form-data; boundary=" + boundary).header("Origin", http.base)
        .header("Cookie", Security.CSRF_COOKIE + "=" + token).header(Security.CSRF_HEADER, token)
        .POST(HttpRequest.BodyPublishers.ofByteArray(b.toByteArray())).build());
  }

  @Test
  void reviewsAreStoredAndChangeAgreement() {
    long id = srv.ids().get("solidarity-statement.txt");
    Json.Obj doc = http.get("/api/review/" + id).json();
    Json.Obj unit = items(doc, "units").get(0).asObj("u");
    String uid = unit.get("id").asString("id");
    String ai = unit.get("labels").asObj("l").get("stance:russia").asString("s");
    String other = ai.equals("against") ? "favor" : "against";
    Http.Response accept = http.post("/api/reviews", "{\"documentId\": " + id + ", \"unit\": \"" + uid
        + "\", \"dimension\": \"stance:russia\", \"label\": \"" + ai + "\", \"reviewer\": \"Ada\"}");
    assertEquals(201, accept.status(), accept.body());
    Json.Obj before = dim(accept.json(), "stance:russia");
    Http.Response correct = http.post("/api/reviews", "{\"documentId\": " + id + ", \"unit\": \"" + uid
        + "\", \"dimension\": \"stance:russia\", \"label\": \"" + other + "\", \"reviewer\": \"Ada\"}");
    assertEquals(201, correct.status(), correct.body());
    Json.Obj review = correct.json().get("review").asObj("r");
    assertEquals("Ada", review.get("reviewer").asString("r"));
    assertEquals(ai, review.get("ai").asString("ai"));
    assertEquals(other, review.get("label").asString("l"));
    Json.Obj after = dim(correct.json(), "stance:russia");
    // the latest review of the unit replaced the acceptance: one fewer agreement
    assertEquals(before.get("agreed").asLong("a") - 1, after.get("agreed").asLong("a"));
    Json.Obj again = http.get("/api/review/" + id).json();
    Json.Obj stored = items(again, "units").get(0).asObj("u").get("reviews").asObj("r").get("stance:russia")
        .asObj("s");
    assertEquals(other, stored.get("label").asString("l"));
    assertCleanError(http.post("/api/reviews", "{\"documentId\": " + id + ", \"unit\": \"" + uid
        + "\", \"dimension\": \"stance:russia\", \"label\": \"maybe\", \"reviewer\": \"Ada\"}"), 400);
    assertCleanError(http.post("/api/reviews", "{\"documentId\": " + id + ", \"unit\": \"u999\", \"dimension\": "
        + "\"position\", \"label\": \"campist\", \"reviewer\": \"Ada\"}"), 400);
    assertCleanError(http.post("/api/reviews", "{\"documentId\": " + id + "}"), 400);
  }

  private static Json.Obj dim(Json.Obj o, String dimension) {
    for (Json j : o.get("agreement").asList("a")) {
      if (j.asObj("a").get("dimension").asString("d").equals(dimension)) {
        return j.asObj("a");
      }
    }
    throw new AssertionError("no agreement for " + dimension + " in " + o);
  }

  @Test
  void kappaAndAlphaComeFromMetrics() {
    // two coders, 4 items, 3 agreements: kappa from Metrics (the same function the eval command reports)
    var m = org.stancemap.evaluation.Metrics.of("d", List.of("a", "a", "b", "b"), List.of("a", "a", "b", "a"), null);
    assertEquals(0.5, m.cohensKappa(), 1e-9);
  }

  @Test
  void crossSiteGetsToTheApiAreRefused() {
    // any page on the web can make a browser send a GET to loopback; the browser marks it, and the API refuses it
    for (String[] h : new String[][] {{"Sec-Fetch-Site", "cross-site"}, {"Sec-Fetch-Site", "same-site"},
        {"Origin", "http://evil.example"}, {"Origin", "null"}}) {
      Http.Response r = http.send(HttpRequest.newBuilder(URI.create(http.base + "/api/search?q=war"))
          .header(h[0], h[1]).GET().build());
      assertCleanError(r, 403);
    }
    Http.Response own = http.send(HttpRequest.newBuilder(URI.create(http.base + "/api/corpus"))
        .header("Sec-Fetch-Site", "same-origin").GET().build());
    assertEquals(200, own.status());
    assertEquals(200, http.get("/api/corpus").status(), "clients that are not browsers send neither header");
  }

  @Test
  void stateChangingRequestsNeedCsrfTokenAndSameOrigin() {
    String body = "{\"question\": \"What do campists say?\"}";
    Http.Response noToken = http.send(HttpRequest.newBuilder(URI.create(http.base + "/api/ask"))
        .header("Content-Type", "application/json").header("Origin", http.base)
        .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    assertCleanError(noToken, 403);
    String token = http.csrf();
    Http.Response foreign = http.send(HttpRequest.newBuilder(URI.create(http.base + "/api/ask"))
        .header("Content-Type", "application/json").header("Origin", "http://evil.example")
        .header("Cookie", Security.CSRF_COOKIE + "=" + token).header(Security.CSRF_HEADER, token)
        .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    assertCleanError(foreign, 403);
    Http.Response wrong = http.send(HttpRequest.newBuilder(URI.create(http.base + "/api/ask"))
        .header("Content-Type", "application/json").header("Origin", http.base)
        .header("Cookie", Security.CSRF_COOKIE + "=" + token).header(Security.CSRF_HEADER, token + "x")
        .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    assertCleanError(wrong, 403);
    for (String path : List.of("/api/retrain", "/api/model/activate")) {
      Http.Response unprotected = http.send(HttpRequest.newBuilder(URI.create(http.base + path))
          .header("Content-Type", "application/json").header("Origin", http.base)
          .POST(HttpRequest.BodyPublishers.ofString("{}")).build());
      assertCleanError(unprotected, 403);
    }
  }

  @Test
  void foreignHostHeaderIsRefused() throws Exception {
    try (Socket s = new Socket("127.0.0.1", srv.server().port())) {
      OutputStream out = s.getOutputStream();
      out.write("GET /api/corpus HTTP/1.1\r\nHost: rebind.evil.example\r\nConnection: close\r\n\r\n"
          .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = s.getInputStream();
      String response = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      assertTrue(response.startsWith("HTTP/1.1 403"), response);
    }
  }

  /** The whole response to raw request bytes, read until the server closes the connection. */
  private static String raw(String request) throws IOException {
    try (Socket s = new Socket("127.0.0.1", srv.server().port())) {
      s.setSoTimeout(10_000);
      OutputStream out = s.getOutputStream();
      out.write(request.getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      return new String(s.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
    }
  }

  @Test
  void jettysOwnErrorPagesCarryTheSecurityHeadersToo() throws Exception {
    // Jetty answers these itself, before any handler of ours runs (#20 point 5)
    for (String request : List.of(
        "GET / HTTP/1.1\r\nHost: a b\r\nConnection: close\r\n\r\n",
        "GET /%00 HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n",
        "GET /../etc/passwd HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n",
        "GET /%2e%2e/pom.xml HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n",
        "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nBad Header\r\nConnection: close\r\n\r\n")) {
      String response = raw(request);
      String what = request.lines().findFirst().orElse("") + " -> " + response;
      assertTrue(response.startsWith("HTTP/1.1 400"), what);
      String head = response.substring(0, Math.max(0, response.indexOf("\r\n\r\n"))).toLowerCase(Locale.ROOT);
      assertTrue(head.contains("\r\ncontent-security-policy: " + Security.CSP.toLowerCase(Locale.ROOT)),
          what);
      assertTrue(head.contains("\r\nx-content-type-options: nosniff"), what);
      assertTrue(head.contains("\r\nx-frame-options: deny"), what);
    }
  }

  @Test
  void everyResponseCarriesTheSecurityHeaders() {
    for (String path : List.of("/", "/doc/1", "/api/corpus", "/assets/app.js", "/api/documents/zzz")) {
      Http.Response r = http.get(path);
      String csp = r.headers().firstValue("Content-Security-Policy").orElse("");
      assertTrue(csp.contains("script-src 'self'"), path + ": " + csp);
      assertFalse(csp.contains("unsafe-inline") || csp.contains("unsafe-eval"), csp);
      assertEquals("nosniff", r.headers().firstValue("X-Content-Type-Options").orElse(""), path);
    }
  }

  @Test
  void chartLibraryIsServedFromItsWebJarWithALongCacheHeader() throws IOException {
    Http.Response r = http.get("/assets/" + WebServer.ECHARTS_ASSET);
    assertEquals(200, r.status());
    assertEquals("echarts-" + WebServer.ECHARTS_VERSION + ".min.js", WebServer.ECHARTS_ASSET);
    assertEquals("text/javascript; charset=utf-8", r.headers().firstValue("Content-Type").orElse(""));
    assertEquals("public, max-age=31536000, immutable", r.headers().firstValue("Cache-Control").orElse(""));
    assertTrue(r.headers().firstValue("Content-Security-Policy").orElse("").contains("script-src 'self'"));
    try (InputStream in = WebServer.class.getResourceAsStream("/META-INF/resources/webjars/echarts/"
        + WebServer.ECHARTS_VERSION + "/dist/echarts.min.js")) {
      assertNotNull(in, "the WebJar's dist/echarts.min.js is on the class path");
      assertEquals(new String(in.readAllBytes(), StandardCharsets.UTF_8), r.body(), "the file of the WebJar as it is");
    }
    // our own files are revalidated on every load; nothing else of the WebJar, and no other version, is served
    assertEquals("no-cache", http.get("/assets/app.js").headers().firstValue("Cache-Control").orElse(""));
    for (String other : List.of("/assets/echarts-0.0.1.min.js", "/assets/echarts.min.js",
        "/webjars/echarts/" + WebServer.ECHARTS_VERSION + "/dist/echarts.min.js",
        "/META-INF/resources/webjars/echarts/" + WebServer.ECHARTS_VERSION + "/package.json")) {
      assertCleanError(http.get(other), 404);
    }
  }

  @Test
  void noPageReferencesAnotherHost() {
    Pattern ref = Pattern.compile("(?:src|href)=\"([^\"]*)\"");
    for (String page : List.of("/", "/doc/1", "/analyze", "/ask", "/review", "/dashboards", "/codebook")) {
      String html = http.get(page).body();
      Matcher m = ref.matcher(html);
      int refs = 0;
      while (m.find()) {
        String url = m.group(1);
        assertTrue(url.startsWith("/") && !url.startsWith("//"), page + " refers to " + url);
        refs++;
      }
      assertTrue(refs >= 3, page + ": icon, style sheet and script");
      assertEquals(page.equals("/dashboards"), html.contains("src=\"/assets/" + WebServer.ECHARTS_ASSET + "\""),
          page + ": only the dashboards load the chart library");
      assertFalse(html.contains("http://") || html.contains("https://"), page);
    }
    for (String asset : List.of("/assets/app.js", "/assets/app.css")) {
      String body = http.get(asset).body();
      assertFalse(Pattern.compile("https?://[A-Za-z0-9]").matcher(body).find(), asset + " names no address");
    }
  }

  @Test
  void dashboardsGiveDataAsJsonAndCsv() {
    for (String name : Api.DASHBOARDS) {
      Json.Obj d = http.get("/api/dashboards/" + name).json();
      assertFalse(d.get("columns").asList("c").isEmpty());
      Http.Response csv = http.get("/api/dashboards/" + name + "?format=csv");
      assertEquals(200, csv.status());
      assertTrue(csv.headers().firstValue("Content-Type").orElse("").startsWith("text/csv"));
      assertEquals(d.get("rows").asList("r").size() + 1, csv.body().split("\r\n").length, name);
    }
    assertFalse(http.get("/api/dashboards/positions-by-source").json().get("rows").asList("r").isEmpty());
    assertFalse(http.get("/api/dashboards/narratives-over-time").json().get("rows").asList("r").isEmpty());
    assertCleanError(http.get("/api/dashboards/nope"), 404);
    assertEquals("'=1+1", Api.csv("=1+1"));
    assertEquals("\"a,b\"", Api.csv("a,b"));
  }

  @Test
  void openApiListsEveryEndpoint() {
    Json.Obj doc = http.get("/openapi.json").json();
    assertEquals("3.1.0", doc.get("openapi").asString("v"));
    Json.Obj paths = doc.get("paths").asObj("paths");
    for (WebServer.Route r : srv.server().routes()) {
      assertTrue(paths.has(r.path()), r.path());
      assertTrue(paths.get(r.path()).asObj("p").has(r.method()), r.method() + " " + r.path());
    }
    assertEquals(srv.server().routes().stream().map(WebServer.Route::path).distinct().count(),
        paths.fields().size());
  }

  @Test
  void malformedRequestsGetClearErrorsNeverServerErrors() {
    List<String> gets = List.of("/api/corpus?limit=0", "/api/corpus?limit=-1", "/api/corpus?limit=abc",
        "/api/corpus?limit=99999999999", "/api/corpus?offset=-5", "/api/corpus?from=2023-13-45",
        "/api/corpus?from=2023-05-01&to=2023-01-01", "/api/corpus?q=%22", "/api/corpus?q=x&mode=zzz",
        "/api/corpus?q=" + "a".repeat(600), "/api/documents/0",
        "/api/documents/99999999999999999999", "/api/documents/%2e%2e%2f", "/api/review/xyz", "/api/review/424242",
        "/api/search", "/api/search?q=", "/api/search?q=title:(", "/api/search?q=*", "/api/dashboards/%3Cscript%3E",
        "/api/dashboards/positions-by-source?format=xml", "/api/nope", "/assets/../../etc/passwd",
        "/assets/%2e%2e%2fpom.xml", "/doc/", "/nothing-here");
    for (String g : gets) {
      Http.Response r = http.get(g);
      assertTrue(r.status() >= 400 && r.status() < 500, g + " -> " + r.status() + " " + r.body());
      assertFalse(r.body().contains("Exception") || r.body().contains("at org.") || r.body().contains("/tmp/"),
          g + ": " + r.body());
    }
    List<String> bodies = List.of("", "{", "[]", "null", "\"x\"", "{\"question\": null}", "{\"question\": []}",
        "{\"question\": \"" + "x".repeat(3000) + "\"}", "{\"documentId\": \"1\"}", "{\"text\": 3}",
        "{\"url\": \"ftp://x\"}", "{\"url\": \"http://\"}", "{\"a\":1,\"a\":2}", "\u0000\u0001");
    for (String path : List.of("/api/ask", "/api/analyze", "/api/reviews", "/api/model/activate")) {
      for (String b : bodies) {
        Http.Response r = http.post(path, b);
        assertTrue(r.status() >= 400 && r.status() < 500, path + " " + b + " -> " + r.status() + " " + r.body());
      }
    }
    Http.Response wrongType = http.send(HttpRequest.newBuilder(URI.create(http.base + "/api/ask"))
        .header("Content-Type", "text/plain").header("Origin", http.base)
        .header("Cookie", Security.CSRF_COOKIE + "=" + http.csrf()).header(Security.CSRF_HEADER, http.csrf())
        .POST(HttpRequest.BodyPublishers.ofString("hi")).build());
    assertCleanError(wrongType, 400);
    Http.Response badMultipart = http.send(HttpRequest.newBuilder(URI.create(http.base + "/api/analyze"))
        .header("Content-Type", "multipart/form-data; boundary=zzz").header("Origin", http.base)
        .header("Cookie", Security.CSRF_COOKIE + "=" + http.csrf()).header(Security.CSRF_HEADER, http.csrf())
        .POST(HttpRequest.BodyPublishers.ofString("garbage")).build());
    assertTrue(badMultipart.status() >= 400 && badMultipart.status() < 500, badMultipart.body());
  }

  @Test
  void codebookAndFacetsDescribeTheLabels() {
    Json.Obj cb = http.get("/api/codebook").json();
    Set<String> narratives = new TreeSet<>();
    cb.get("narratives").asList("n").forEach(n -> narratives.add(n.asObj("n").get("id").asString("id")));
    assertEquals(Workbenches.CODEBOOK.narratives().size(), narratives.size());
    Json.Obj f = http.get("/api/facets").json();
    List<String> sources = new ArrayList<>();
    f.get("sources").asList("s").forEach(s -> sources.add(s.asString("s")));
    assertTrue(sources.contains("Red Review"), sources.toString());
  }
}
