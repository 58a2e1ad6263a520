package org.stancemap.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.stancemap.analysis.Analyzer;
import org.stancemap.analysis.BatchAnalysis;
import org.stancemap.analysis.DocumentAnalysis;
import org.stancemap.document.Document;
import org.stancemap.json.JsonWriter;
import org.stancemap.model.EmbeddingModel;
import org.stancemap.report.JsonReport;

/**
 * Analysis batched across documents (analyze's default) gives every document exactly the analysis it gets alone,
 * and an embedding failure costs only the document that caused it.
 */
class BatchAnalysisTest {
  /** Seeded documents of codebook exemplars, short and long, so that windows mix many lengths. */
  private static Map<String, Document> corpus(long seed, int n) {
    Random r = new Random(seed);
    List<String> pool = new ArrayList<>();
    Fixture.CODEBOOK.narratives().forEach(l -> pool.addAll(l.exemplars()));
    Fixture.CODEBOOK.positions().forEach(p -> pool.addAll(p.label().exemplars()));
    Map<String, Document> docs = new LinkedHashMap<>();
    for (int d = 0; d < n; d++) {
      StringBuilder sb = new StringBuilder("Post " + d + "\n\n");
      int sentences = 1 + r.nextInt(d % 5 == 0 ? 20 : 5);
      for (int i = 0; i < sentences; i++) {
        sb.append(pool.get(r.nextInt(pool.size()))).append(i % 3 == 2 ? "\n\n" : " ");
      }
      docs.put("doc-" + d, Document.ofText("doc-" + d, sb.toString(), "eng"));
    }
    return docs;
  }

  /** Runs the batched path; an analysed input gives its analysis, a failed one its outcome. */
  private static List<Object> run(Map<String, Document> docs, Analyzer analyzer, BatchAnalysis.Windows window) {
    List<Object> out = new ArrayList<>();
    BatchAnalysis.run(docs.entrySet().stream().map(e -> (BatchAnalysis.Input<String>) new BatchAnalysis.Input.Ready<>(
        e.getKey(), e.getValue())).iterator(), analyzer, window, o -> out.add(switch (o) {
          case BatchAnalysis.Outcome.Analysed<String> a -> a.analysis();
          case BatchAnalysis.Outcome.Failed<String> f -> f;
        }));
    return out;
  }

  @Test
  void aDocumentGetsTheSameAnalysisInAWindowAsAlone() {
    Map<String, Document> docs = corpus(20261203L, 30);
    List<Object> batched = run(docs, Fixture.ANALYZER, new BatchAnalysis.Windows(16, 128));
    assertEquals(docs.size(), batched.size());
    int i = 0;
    for (Document d : docs.values()) {
      DocumentAnalysis together = assertInstanceOf(DocumentAnalysis.class, batched.get(i++), d.source());
      DocumentAnalysis alone = Fixture.ANALYZER.analyze(d);
      assertEquals(JsonWriter.compact(JsonReport.document(alone)), JsonWriter.compact(JsonReport.document(together)),
          d.source() + ": batched with its neighbours, the analysis is byte for byte the one it gets alone");
    }
  }

  @Test
  void windowsStartSmallAndDoubleUpToTheirMaximum() {
    Map<String, Document> docs = corpus(20261204L, 60);
    List<Integer> calls = new ArrayList<>();
    EmbeddingModel counting = new Probe(Fixture.EMBEDDING, null, calls);
    Analyzer analyzer = new Analyzer(Fixture.CODEBOOK, counting, Fixture.HEADS, Analyzer.Settings.defaults());
    List<Object> out = run(docs, analyzer, new BatchAnalysis.Windows(10, 40));
    assertEquals(docs.size(), out.size());
    int[] perDocument = docs.values().stream().mapToInt(d -> Fixture.ANALYZER.prepare(d).inputs().size()).toArray();
    int largestDocument = Arrays.stream(perDocument).max().orElseThrow();
    int total = Arrays.stream(perDocument).sum();
    assertEquals(total, calls.stream().mapToInt(Integer::intValue).sum(), "every text embedded once: " + calls);
    int[] sizes = {10, 20, 40, 40};
    assertTrue(calls.size() > sizes.length, "the corpus fills more windows than the schedule lists: " + calls);
    for (int k = 0; k < calls.size() - 1; k++) {
      int want = sizes[Math.min(k, sizes.length - 1)];
      assertTrue(calls.get(k) >= want && calls.get(k) < want + largestDocument,
          "window " + k + " closes at the first document that brings it to " + want + " texts: " + calls);
    }
  }

  @Test
  void windowSizesAreChecked() {
    org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> new BatchAnalysis.Windows(0, 8));
    org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> new BatchAnalysis.Windows(16, 8));
    assertEquals(2048, new BatchAnalysis.Windows(512, 2048).next(1024));
    assertEquals(2048, new BatchAnalysis.Windows(512, 2048).next(2048));
  }

  /**
   * The real model, recording how many texts each call embeds and failing on texts that contain {@code marker}
   * (as ONNX Runtime might on one odd input; null: never).
   */
  private record Probe(EmbeddingModel inner, String marker, List<Integer> calls) implements EmbeddingModel {
    @Override
    public EmbeddingInfo info() {
      return inner.info();
    }

    @Override
    public List<Embedded> embedSpans(List<SpanInput> in) {
      synchronized (calls) {
        calls.add(in.size());
      }
      if (marker != null && in.stream().anyMatch(x -> x.text().contains(marker))) {
        throw new IllegalStateException("ONNX Runtime failed on a batch of " + in.size());
      }
      return inner.embedSpans(in);
    }

    @Override
    public void close() {}
  }

  @Test
  void aWindowThatCannotBeEmbeddedCostsOnlyTheDocumentThatBrokeIt() {
    Map<String, Document> docs = corpus(7L, 12);
    docs.put("doc-bad", Document.ofText("doc-bad", "Post with the marker XYZZY in it.\n\nRussia invaded Ukraine.",
        "eng"));
    corpus(8L, 6).forEach((k, d) -> docs.put(k + "-b", Document.ofText(k + "-b", d.text(), "eng")));
    EmbeddingModel failing = new Probe(Fixture.EMBEDDING, "XYZZY", new ArrayList<>());
    Analyzer analyzer = new Analyzer(Fixture.CODEBOOK, failing, Fixture.HEADS, Analyzer.Settings.defaults());
    List<Object> out = run(docs, analyzer, new BatchAnalysis.Windows(64, 64));
    assertEquals(docs.size(), out.size(), "every input reported, in order");
    List<String> keys = new ArrayList<>(docs.keySet());
    for (int i = 0; i < out.size(); i++) {
      if (keys.get(i).equals("doc-bad")) {
        BatchAnalysis.Outcome.Failed<?> f = assertInstanceOf(BatchAnalysis.Outcome.Failed.class, out.get(i));
        assertEquals("doc-bad", f.item(), "the failure names its input");
        assertTrue(f.reason().contains("could not be embedded") && f.reason().contains("ONNX Runtime failed"),
            f.reason());
      } else {
        DocumentAnalysis a = assertInstanceOf(DocumentAnalysis.class, out.get(i), keys.get(i));
        assertEquals(JsonWriter.compact(JsonReport.document(Fixture.ANALYZER.analyze(docs.get(keys.get(i))))),
            JsonWriter.compact(JsonReport.document(a)), keys.get(i));
      }
    }
  }

  @Test
  void everySentenceVectorComesWithItsAnalysis() {
    Map<String, Document> docs = corpus(20261207L, 8);
    List<BatchAnalysis.Outcome<String>> out = new ArrayList<>();
    BatchAnalysis.run(docs.entrySet().stream().map(e -> (BatchAnalysis.Input<String>) new BatchAnalysis.Input.Ready<>(
        e.getKey(), e.getValue())).iterator(), Fixture.ANALYZER, new BatchAnalysis.Windows(8, 32), out::add);
    assertEquals(docs.size(), out.size());
    for (BatchAnalysis.Outcome<String> o : out) {
      if (!(o instanceof BatchAnalysis.Outcome.Analysed<String> a)) {
        throw new AssertionError(o.item() + " was not analysed: " + o);
      }
      List<float[]> alone = new ArrayList<>();
      Fixture.ANALYZER.analyze(docs.get(a.item()), (s, v) -> alone.add(v));
      assertEquals(alone.size(), a.sentenceVectors().size(), a.item());
      for (int i = 0; i < alone.size(); i++) {
        org.junit.jupiter.api.Assertions.assertArrayEquals(alone.get(i), a.sentenceVectors().get(i),
            a.item() + " sentence " + i + ": the same vector as the document's own analysis gives");
      }
    }
  }

  @Test
  void anUnreadableInputIsReportedInItsPlace() {
    List<BatchAnalysis.Outcome<String>> out = new ArrayList<>();
    List<BatchAnalysis.Input<String>> in = List.of(
        new BatchAnalysis.Input.Ready<>("a", Document.ofText("a", "Russia invaded Ukraine.", "eng")),
        new BatchAnalysis.Input.Unreadable<>("b", "b: not UTF-8 at byte 3"),
        new BatchAnalysis.Input.Ready<>("c", Document.ofText("c", "NATO expanded east.", "eng")));
    BatchAnalysis.run(in.iterator(), Fixture.ANALYZER, new BatchAnalysis.Windows(1, 4), out::add);
    assertEquals(List.of("a", "b", "c"), out.stream().map(BatchAnalysis.Outcome::item).toList());
    assertEquals("b: not UTF-8 at byte 3", assertInstanceOf(BatchAnalysis.Outcome.Failed.class, out.get(1)).reason());
  }
}
