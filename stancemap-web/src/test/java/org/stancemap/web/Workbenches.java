package org.stancemap.web;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.stancemap.analysis.Analyzer;
import org.stancemap.analysis.DocumentAnalysis;
import org.stancemap.analysis.Provenance;
import org.stancemap.ask.question.Synonyms;
import org.stancemap.codebook.Codebook;
import org.stancemap.document.Document;
import org.stancemap.document.DocumentMeta;
import org.stancemap.document.SourceItem;
import org.stancemap.ingest.DocumentReader;
import org.stancemap.model.HeadSet;
import org.stancemap.model.onnx.OnnxEmbeddingModel;
import org.stancemap.search.SearchIndex;
import org.stancemap.store.AnalysisKey;
import org.stancemap.store.Put;
import org.stancemap.store.Store;
import org.stancemap.testkit.Pipeline;

/**
 * The real pipeline of the test kit ({@link Pipeline}) and one running server per test JVM: a temporary SQLite store
 * filled by importing the project's {@code examples/} and the hostile documents below, each analysed by the real
 * {@link Analyzer}, and a real Lucene index beside it.
 */
final class Workbenches {
  static final Path ROOT = Pipeline.root();
  static final Codebook CODEBOOK = Pipeline.CODEBOOK;
  static final OnnxEmbeddingModel EMBEDDING = Pipeline.EMBEDDING;
  static final HeadSet HEADS = Pipeline.HEADS;
  static final Analyzer ANALYZER = Pipeline.ANALYZER;
  static final DocumentReader READER = Pipeline.READER;

  /** A hostile document: every way its text could try to run script if it were not escaped. */
  static final String HOSTILE_TITLE = "<script>document.title='pwned';window.__pwned=1</script>Hostile title";
  /** A hostile source name: shown in the document list, on the document page and in the dashboards' charts. */
  static final String HOSTILE_SOURCE = "<b onmouseover=alert(1)>Evil source</b>";
  static final String HOSTILE_TEXT = """
      <img src=x onerror="window.__pwned=2"> NATO provoked the war, says this page <script>window.__pwned=3</script>.

      Click <a href="javascript:window.__pwned=4">here</a> to read how Russia defends itself against the West.

      <svg onload="window.__pwned=5"><script>window.__pwned=6</script></svg> Ukraine has every right to resist \
      the invasion <iframe src="javascript:window.__pwned=7"></iframe> and deserves our solidarity.
      """;

  private static Running running;

  /** The running server with its store, started once. */
  record Running(WebServer server, Store store, SearchIndex index, Path dir, Map<String, Long> ids) {
    String base() {
      return "http://127.0.0.1:" + server.port();
    }
  }

  private Workbenches() {}

  static synchronized Running server() {
    if (running == null) {
      try {
        running = start();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return running;
  }

  private static Running start() throws IOException {
    Path dir = Files.createTempDirectory("stancemap-web-test");
    String db = dir.resolve("corpus.db").toString();
    Store store = Store.open(db);
    Map<String, Long> ids = new LinkedHashMap<>();
    long run = store.beginRun("test import").id();
    String[] sources = {"Red Review", "Solidarity Notes", "Third Camp Weekly"};
    int i = 0;
    try (var files = Files.list(ROOT.resolve("examples"))) {
      for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
        Document d = READER.document(f.getFileName().toString(), Files.readAllBytes(f),
            f.getFileName().toString().substring(f.getFileName().toString().lastIndexOf('.') + 1));
        String month = String.format("2023-%02d-15T10:00:00Z", 1 + (i % 6));
        ids.put(f.getFileName().toString(), importAndAnalyse(store, run, "examples/" + f.getFileName(),
            sources[i % 3], d, DocumentMeta.fromSource("https://example.org/" + f.getFileName(), null, null,
                Instant.parse(month), null, null, null, Map.of())));
        i++;
      }
    }
    Document hostile = READER.document("hostile.txt", HOSTILE_TEXT.getBytes(StandardCharsets.UTF_8),
        "txt");
    ids.put("hostile", importAndAnalyse(store, run, "hostile.txt", HOSTILE_SOURCE, hostile,
        DocumentMeta.fromSource("javascript:alert(1)", HOSTILE_TITLE, null, Instant.parse("2023-03-01T00:00:00Z"),
            null, null,
            null, Map.of())));
    store.finishRun(run);
    return serve(dir, db, store, ids);
  }

  /**
   * A server of its own over a store holding only {@code texts} (file name to text), each analysed by the real
   * {@link Analyzer}: for a test that must not change what the shared server's tests count. Close it after use.
   */
  static Running separate(Map<String, String> texts) throws IOException {
    Path dir = Files.createTempDirectory("stancemap-web-test");
    String db = dir.resolve("corpus.db").toString();
    Store store = Store.open(db);
    Map<String, Long> ids = new LinkedHashMap<>();
    long run = store.beginRun("test import").id();
    for (Map.Entry<String, String> e : texts.entrySet()) {
      Document d = READER.document(e.getKey(), e.getValue().getBytes(StandardCharsets.UTF_8),
          e.getKey().substring(e.getKey().lastIndexOf('.') + 1));
      ids.put(e.getKey(), importAndAnalyse(store, run, e.getKey(), "Separate", d, DocumentMeta.fromSource(
          "https://example.org/" + e.getKey(), null, null, Instant.parse("2023-01-15T10:00:00Z"), null, null, null,
          Map.of())));
    }
    store.finishRun(run);
    return serve(dir, db, store, ids);
  }

  /** A workbench server over a filled store, with a Lucene index beside it. */
  private static Running serve(Path dir, String db, Store store, Map<String, Long> ids) throws IOException {
    SearchIndex index = SearchIndex.open(dir.resolve("corpus.db.index"), EMBEDDING);
    Workbench wb = new Workbench(db, store, CODEBOOK, ANALYZER, EMBEDDING, index, READER, null,
        Synonyms.builtin(CODEBOOK));
    WebServer server = WebServer.start(wb, ServerSettings.local(0), new PrintStream(System.err, true));
    return new Running(server, store, index, dir, ids);
  }

  static long importAndAnalyse(Store store, long run, String location, String source, Document d, DocumentMeta meta) {
    Put put = store.put(run, new SourceItem(location, source, d, meta));
    Document stored = store.ingestDocument(put.documentId()).orElseThrow();
    List<float[]> vectors = new ArrayList<>();
    DocumentAnalysis a = ANALYZER.analyze(stored, (s, v) -> vectors.add(v));
    Provenance p = ANALYZER.provenance();
    AnalysisKey key = new AnalysisKey(p.model(), CODEBOOK.ref(), CODEBOOK.sha256(), p.embedding(), p.version());
    int sentences = a.units().stream().mapToInt(u -> u.unit().sentences().size()).sum();
    store.saveAnalysis(put.documentId(), a, key, vectors.size() == sentences ? vectors : null);
    return put.documentId();
  }
}
