package org.stancemap.store;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.stancemap.analysis.Contradiction;
import org.stancemap.analysis.DocumentAnalysis;
import org.stancemap.analysis.Evidence;
import org.stancemap.analysis.PositionResult;
import org.stancemap.analysis.Provenance;
import org.stancemap.analysis.RoleResult;
import org.stancemap.analysis.Scored;
import org.stancemap.analysis.StanceResult;
import org.stancemap.analysis.UnitAnalysis;
import org.stancemap.codebook.Stance;
import org.stancemap.document.Document;
import org.stancemap.document.DocumentMeta;
import org.stancemap.document.SourceItem;
import org.stancemap.text.Region;
import org.stancemap.text.Sentence;
import org.stancemap.text.Span;
import org.stancemap.text.Unit;
import org.stancemap.text.UnitKind;

/** Documents, items and analyses written for the store tests. */
final class Samples {
  private Samples() {}

  static final AnalysisKey KEY = new AnalysisKey("test-model/1", "test-codebook@1.0", "c0ffee", "test-embedding",
      "0.1.0");

  static SourceItem item(String location, String text) {
    Document d = Document.ofText(location, text, "eng");
    return new SourceItem(location, "samples", d, DocumentMeta.NONE);
  }

  /** A text with two units of which the first has two sentences: "Russia ... Ukraine." / "NATO ...". */
  static final String TEXT = "Russia invaded Ukraine. We stand with Ukraine.\n\nNATO expanded to the east.";

  static Document document() {
    return new Document(Document.idOf(TEXT), "page.html", TEXT, Document.Format.HTML, "eng", "A title",
        List.of(new Region(UnitKind.COMMENT, new Span(48, 74), "Ann", "2023-03-01")), List.of(new Span(23, 24)),
        List.of("decoded as windows-1252"));
  }

  static SourceItem richItem() {
    DocumentMeta meta = DocumentMeta.fromSource("https://example.org/page", "Meta title", "Ann Author",
        Instant.parse("2023-03-01T10:15:30Z"), "post-7", "post-1", "img/meme.png", Map.of("lang", "en", "k", "v"));
    return new SourceItem("https://example.org/page", "example.org", document(), meta);
  }

  static Evidence ev(String unit, int start, int end, double score) {
    return new Evidence(unit, start, end, TEXT.substring(start, end), score);
  }

  /** An analysis of {@link #document()} with every kind of label, evidence and a contradiction. */
  static DocumentAnalysis analysis(Document d) {
    Unit u1 = new Unit("u1", UnitKind.PARAGRAPH, new Span(0, 46),
        List.of(new Sentence(0, new Span(0, 23)), new Sentence(1, new Span(24, 46))), null, null, false);
    Unit u2 = new Unit("u2", UnitKind.COMMENT, new Span(48, 74), List.of(new Sentence(2, new Span(48, 74))), "Ann",
        "2023-03-01", true);
    Map<String, StanceResult> s1 = new LinkedHashMap<>();
    s1.put("russia", new StanceResult(Stance.AGAINST, 0.81, true, List.of(ev("u1", 0, 23, 0.81))));
    s1.put("ukraine", new StanceResult(Stance.FAVOR, 0.9, true, List.of(ev("u1", 24, 46, 0.9), ev("u1", 0, 23, 0.6))));
    s1.put("west", StanceResult.notMentioned());
    Map<String, StanceResult> s2 = new LinkedHashMap<>();
    s2.put("russia", StanceResult.notMentioned());
    s2.put("ukraine", StanceResult.notMentioned());
    s2.put("west", new StanceResult(Stance.AGAINST, 0.55, true, List.of(ev("u2", 48, 74, 0.55))));
    Scored nato = new Scored("nato-provocation", "NATO provoked the war", 0.66, List.of(ev("u2", 48, 74, 0.66)));
    Scored loaded = new Scored("loaded-language", "Loaded language", 0.42, List.of(ev("u1", 0, 23, 0.42)));
    RoleResult role = new RoleResult("Russia", "russia-state", "Russia", "antagonist", 0.77,
        List.of(ev("u1", 0, 23, 0.77)));
    UnitAnalysis ua1 = new UnitAnalysis(u1, s1, List.of(), List.of(loaded), List.of(role),
        new PositionResult("solidarity", 0.7, Map.of(), Map.of()), true);
    UnitAnalysis ua2 = new UnitAnalysis(u2, s2, List.of(nato), List.of(), List.of(),
        new PositionResult("campist", 0.51, Map.of(), Map.of()), true);
    Map<String, StanceResult> ds = new LinkedHashMap<>(s1);
    ds.put("west", s2.get("west"));
    PositionResult dp = new PositionResult("mixed", 0.58, Map.of("solidarity", 0.58, "campist", 0.42),
        Map.of("solidarity", List.of("u1"), "campist", List.of("u2")));
    Contradiction c = new Contradiction("u1", "u2", "stance", "west", null, false, 0.55,
        List.of(ev("u1", 24, 46, 0.9)), List.of(ev("u2", 48, 74, 0.55)));
    return new DocumentAnalysis(d, DocumentAnalysis.ANALYSED, dp, ds, List.of(nato), List.of(loaded), List.of(role),
        List.of(ua1, ua2), List.of(c), new Provenance(KEY.modelId(), KEY.codebookRef(), KEY.version(),
            KEY.embedding()));
  }

  /** {@code n} random unit vectors of {@code dim} components. */
  static List<float[]> vectors(int n, int dim, long seed) {
    Random r = new Random(seed);
    List<float[]> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      float[] v = new float[dim];
      double norm = 0;
      for (int j = 0; j < dim; j++) {
        v[j] = (float) r.nextGaussian();
        norm += v[j] * v[j];
      }
      for (int j = 0; j < dim; j++) {
        v[j] /= (float) Math.sqrt(norm);
      }
      out.add(v);
    }
    return out;
  }

  static double cosine(float[] a, float[] b) {
    double dot = 0;
    double na = 0;
    double nb = 0;
    for (int i = 0; i < a.length; i++) {
      dot += a[i] * b[i];
      na += a[i] * a[i];
      nb += b[i] * b[i];
    }
    return dot / Math.sqrt(na * nb);
  }
}
