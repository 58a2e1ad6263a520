package org.stancemap.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.stancemap.analysis.DocumentAnalysis;
import org.stancemap.analysis.Provenance;
import org.stancemap.document.Document;
import org.stancemap.json.JsonWriter;
import org.stancemap.report.JsonReport;

/** {@link AnalysisCodec} without a store: what a report holds comes back, the label threshold included. */
class AnalysisCodecTest {
  @Test
  void aNonDefaultLabelThresholdSurvivesTheRoundTrip() {
    Document d = Samples.document();
    DocumentAnalysis a = Samples.analysis(d);
    Provenance p = a.provenance();
    DocumentAnalysis low = new DocumentAnalysis(a.document(), a.status(), a.position(), a.stance(), a.narratives(),
        a.techniques(), a.roles(), a.units(), a.contradictions(),
        new Provenance(p.model(), p.codebook(), p.version(), p.embedding(), 0.25));
    String json = JsonWriter.compact(JsonReport.document(low));
    assertTrue(json.contains("\"label_threshold\":0.25"), json);

    DocumentAnalysis back = AnalysisCodec.decode(json, d);
    assertEquals(0.25, back.provenance().labelThreshold());
    assertFalse(back.provenance().defaultThresholds());
    assertEquals(json, JsonWriter.compact(JsonReport.document(back)));
  }

  @Test
  void theDefaultThresholdIsNotWrittenAndDecodesAsTheDefault() {
    Document d = Samples.document();
    DocumentAnalysis a = Samples.analysis(d);
    String json = JsonWriter.compact(JsonReport.document(a));
    assertFalse(json.contains("label_threshold"), json);
    DocumentAnalysis back = AnalysisCodec.decode(json, d);
    assertTrue(back.provenance().defaultThresholds());
    assertEquals(a.provenance(), back.provenance());
  }
}
