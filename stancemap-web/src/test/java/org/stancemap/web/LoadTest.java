package org.stancemap.web;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.stancemap.analysis.DocumentAnalysis;
import org.stancemap.analysis.Provenance;
import org.stancemap.ask.question.Synonyms;
import org.stancemap.corpus.SyntheticCorpus;
import org.stancemap.document.Document;
import org.stancemap.document.DocumentMeta;
import org.stancemap.document.SourceItem;
import org.stancemap.store.AnalysisKey;
import org.stancemap.store.Store;

/**
 * The load test (not part of the normal suite; {@code -Dstancemap.load=true}): a store of {@code stancemap.load.docs}
 * (10,000) documents, 16 concurrent clients on loopback for {@code stancemap.load.seconds} (20) each on the corpus
 * listing and on document pages, then 1,000 malformed requests, of which none may get a 5xx. The first
 * {@code stancemap.load.distinct} (300) SyntheticCorpus texts are analysed by the real pipeline; the rest are those
 * analyses replicated under other ids (an appended line makes each text, and so its content hash, distinct),
 * sources and dates. {@code -Dstancemap.load.db=FILE} keeps the generated store in FILE and reuses it when it
 * exists. Prints the figures for docs/benchmarks.md section 6.
 */
@EnabledIfSystemProperty(named = "stancemap.load", matches = "true")
class LoadTest {
  static final int CLIENTS = 16;

  @Test
  void corpusAndDocumentPagesUnderLoad() throws Exception {
    int docs = Integer.getInteger("stancemap.load.docs", 10_000);
    int distinct = Integer.getInteger("stancemap.load.distinct", 300);
    int seconds = Integer.getInteger("stancemap.load.seconds", 20);
    String reuse = System.getProperty("stancemap.load.db");
    boolean fresh = reuse == null || !Files.exists(Path.of(reuse));
    String db = reuse != null ? reuse : Files.createTempDirectory("stancemap-load").resolve("load.db").toString();
    long t0 = System.nanoTime();
    try (Store store = Store.open(db)) {
      if (!fresh) {
        docs = (int) store.countDocuments(true);
        distinct = 0;
      }
      Provenance p = Workbenches.ANALYZER.provenance();
      AnalysisKey key = new AnalysisKey(p.model(), Workbenches.CODEBOOK.ref(), Workbenches.CODEBOOK.sha256(),
          p.embedding(), p.version());
      long run = store.beginRun("load").id();
      SyntheticCorpus corpus = new SyntheticCorpus(42);
      List<DocumentAnalysis> analyses = new ArrayList<>();
      List<List<float[]>> vectors = new ArrayList<>();
      for (int i = 0; fresh && i < distinct; i++) {
        Document d = Document.ofText("synthetic/" + i, corpus.document(6 + i % 10), "eng");
        List<float[]> v = new ArrayList<>();
        analyses.add(Workbenches.ANALYZER.analyze(d, (s, x) -> v.add(x)));
        vectors.add(v);
      }
      long analysed = System.nanoTime();
      Random rnd = new Random(7);
      Instant start = Instant.parse("2022-02-24T00:00:00Z");
      List<Long> ids = new ArrayList<>();
      if (!fresh) {
        try (var all = store.stream(new org.stancemap.store.DocumentQuery(0, 1000, true, false, false, false))) {
          all.forEach(e -> ids.add(e.document().id()));
        }
      }
      for (int i = 0; fresh && i < docs; i++) {
        DocumentAnalysis a = analyses.get(i % distinct);
        Document d = i < distinct ? a.document() : Document.ofText("synthetic/" + i, a.document().text()
            + "\n\nCopy " + i + ".", "eng");
        String source = "Source " + (i % 12);
        var put = store.put(run, new SourceItem("synthetic/" + i, source, d, DocumentMeta.fromSource(null,
            "Synthetic " + i,
            null, start.plus(rnd.nextInt(1000), ChronoUnit.DAYS), null, null, null, Map.of())));
        DocumentAnalysis copy = new DocumentAnalysis(d, a.status(), a.position(), a.stance(), a.narratives(),
            a.techniques(), a.roles(), a.units(), a.contradictions(), a.provenance());
        store.saveAnalysis(put.documentId(), copy, key, vectors.get(i % distinct));
        ids.add(put.documentId());
      }
      store.finishRun(run);
      if (reuse == null) {
        Path.of(db).toFile().deleteOnExit();
      }
      long stored = System.nanoTime();
      final int total = docs;
      Workbench wb = new Workbench(db, store, Workbenches.CODEBOOK, Workbenches.ANALYZER, Workbenches.EMBEDDING,
          null, Workbenches.READER, null, Synonyms.builtin(Workbenches.CODEBOOK));
      try (WebServer server = WebServer.start(wb, ServerSettings.local(0), new PrintStream(System.err, true))) {
        String base = "http://127.0.0.1:" + server.port();
        HttpClient client = HttpClient.newBuilder().executor(Executors.newFixedThreadPool(CLIENTS)).build();
        String[] narratives = Workbenches.CODEBOOK.narratives().stream().map(n -> n.id()).toArray(String[]::new);
        System.out.printf("load: %d documents (%d analysed, %.1f s; stored in %.1f s)%n", total, distinct,
            (analysed - t0) / 1e9, (stored - analysed) / 1e9);
        report("corpus listing (/api/corpus, 20 per page, random offset; 1 in 4 with a source or narrative filter)",
            run(client, seconds, r -> {
              int k = r.nextInt(4);
              String q = "/api/corpus?limit=20&offset=" + r.nextInt(total / 2);
              if (k == 1) {
                q = "/api/corpus?limit=20&source=Source%20" + r.nextInt(12);
              } else if (k == 2) {
                q = "/api/corpus?limit=20&narrative=" + narratives[r.nextInt(narratives.length)];
              }
              return base + q;
            }));
        report("document page data (/api/documents/{id}, random id)",
            run(client, seconds, r -> base + "/api/documents/" + ids.get(r.nextInt(ids.size()))));
        report("corpus page shell (/)", run(client, Math.max(2, seconds / 4), r -> base + "/"));
        int fivexx = malformed(client, base, 1000);
        System.out.println("load: 1000 malformed requests, 5xx responses: " + fivexx);
        assertEquals(0, fivexx);
      }
    }
  }

  interface Url {
    String next(Random r);
  }

  record Result(List<Long> micros, int errors, double seconds) {}

  private static Result run(HttpClient client, int seconds, Url url) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
    long end = System.nanoTime() + seconds * 1_000_000_000L;
    List<Long> all = Collections.synchronizedList(new ArrayList<>());
    AtomicInteger errors = new AtomicInteger();
    List<Future<?>> fs = new ArrayList<>();
    long t0 = System.nanoTime();
    for (int c = 0; c < CLIENTS; c++) {
      int seed = c;
      fs.add(pool.submit(() -> {
        Random r = new Random(seed);
        while (System.nanoTime() < end) {
          long s = System.nanoTime();
          try {
            HttpResponse<byte[]> res = client.send(HttpRequest.newBuilder(URI.create(url.next(r))).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
            if (res.statusCode() != 200) {
              errors.incrementAndGet();
            }
          } catch (Exception e) {
            errors.incrementAndGet();
          }
          all.add((System.nanoTime() - s) / 1000);
        }
        return null;
      }));
    }
    for (Future<?> f : fs) {
      f.get();
    }
    pool.shutdown();
    return new Result(new ArrayList<>(all), errors.get(), (System.nanoTime() - t0) / 1e9);
  }

  private static void report(String what, Result r) {
    List<Long> l = new ArrayList<>(r.micros());
    Collections.sort(l);
    System.out.printf("load: %s: %d requests in %.1f s (%.0f/s), p50 %.1f ms, p95 %.1f ms, p99 %.1f ms, "
        + "non-200 %d%n", what, l.size(), r.seconds(), l.size() / r.seconds(), pct(l, 0.50), pct(l, 0.95),
        pct(l, 0.99), r.errors());
  }

  private static double pct(List<Long> sorted, double q) {
    return sorted.isEmpty() ? 0 : sorted.get((int) Math.min(sorted.size() - 1, Math.floor(q * sorted.size()))) / 1000.0;
  }

  private static int malformed(HttpClient client, String base, int n) throws Exception {
    Random r = new Random(99);
    String[] paths = {"/api/corpus?limit=", "/api/corpus?offset=", "/api/corpus?from=", "/api/corpus?to=",
        "/api/documents/", "/api/review/", "/api/dashboards/", "/api/search?q=", "/api/corpus?mode=",
        "/api/corpus?q=%22"};
    String[] junk = {"-1", "abc", "%00", "99999999999999999999", "2023-99-99", "%FF%FE", "..%2F..%2Fetc",
        "%3Cscript%3E", "1e9", "", "null", "%5B%5D", "'%20OR%201=1--"};
    int fivexx = 0;
    for (int i = 0; i < n; i++) {
      HttpRequest req;
      if (i % 4 == 3) {
        String body = switch (r.nextInt(4)) {
          case 0 -> "{";
          case 1 -> "{\"question\": " + r.nextInt() + "}";
          case 2 -> "{\"documentId\": \"x\", \"unit\": 1}";
          default -> "\u0000\u0001garbage";
        };
        String path = new String[] {"/api/ask", "/api/reviews", "/api/analyze"}[r.nextInt(3)];
        req = HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json")
            .header("Origin", base).header("Cookie", "sm_csrf=t").header("X-CSRF-Token", i % 8 == 3 ? "u" : "t")
            .POST(HttpRequest.BodyPublishers.ofString(body)).build();
      } else {
        req = HttpRequest.newBuilder(URI.create(base + paths[r.nextInt(paths.length)] + junk[r.nextInt(junk.length)]))
            .GET().build();
      }
      HttpResponse<String> res = client.send(req, HttpResponse.BodyHandlers.ofString());
      if (res.statusCode() >= 500) {
        fivexx++;
        System.out.println("load: 5xx for " + req.uri() + ": " + res.body());
      }
    }
    return fivexx;
  }
}
