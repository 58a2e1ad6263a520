package org.stancemap.model.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.stancemap.ModelLoadException;

class StaticQuantizationTest {
  private static final OnnxEmbeddingModel.Catalog MINILM = OnnxEmbeddingModel.Catalog.ALL_MINILM_L6_V2_Q;

  private static byte[] shipped() {
    return OnnxEmbeddingModel.resource(MINILM.model, MINILM);
  }

  @Test
  void scaleAndZeroPointFollowDynamicQuantizeLinear() {
    StaticQuantization.Range r = new StaticQuantization.Range(-1.0, 3.0);
    assertEquals(4.0f / 255, r.scale(), 1e-9);
    assertEquals(64, r.zeroPoint()); // rint(63.75)
    assertEquals(0, new StaticQuantization.Range(0, 2).zeroPoint());
    assertEquals(255, new StaticQuantization.Range(-2, 1e-9).zeroPoint());
    // A batch's scale and zero point give back its range (to float precision).
    StaticQuantization.Range back = StaticQuantization.rangeOf(r.scale(), r.zeroPoint());
    assertEquals(-64 * (double) r.scale(), back.min(), 1e-12);
    assertEquals(back.min() + 255.0 * r.scale(), back.max(), 1e-12);
  }

  @Test
  void aRangeMustIncludeZero() {
    assertThrows(IllegalArgumentException.class, () -> new StaticQuantization.Range(0.5, 2));
    assertThrows(IllegalArgumentException.class, () -> new StaticQuantization.Range(-2, -1));
    assertThrows(IllegalArgumentException.class, () -> new StaticQuantization.Range(0, 0));
    assertThrows(IllegalArgumentException.class, () -> new StaticQuantization.Range(Double.NaN, 1));
  }

  @Test
  void tableErrorsNameTheLine() {
    String ok = "# comment\nx\t-1\t2\n\ny\t-0.5\t0.5\n";
    StaticQuantization.Table t = StaticQuantization.parse(ok, "t.tsv");
    assertEquals(List.of("x", "y"), List.copyOf(t.ranges().keySet()));
    assertEquals(64, t.sha256().length());
    assertEquals(t.ranges(), StaticQuantization.parse(t.format(List.of("again")), "t2").ranges(), "round trip");
    var e = assertThrows(ModelLoadException.class, () -> StaticQuantization.parse("x\t-1\t2\nx\t-1\t3\n", "t.tsv"));
    assertTrue(e.getMessage().contains("line 2") && e.getMessage().contains("twice"), e.getMessage());
    e = assertThrows(ModelLoadException.class, () -> StaticQuantization.parse("x -1 2\n", "t.tsv"));
    assertTrue(e.getMessage().contains("line 1") && e.getMessage().contains("tabs"), e.getMessage());
    e = assertThrows(ModelLoadException.class, () -> StaticQuantization.parse("x\t1\t2\n", "t.tsv"));
    assertTrue(e.getMessage().contains("include 0"), e.getMessage());
    e = assertThrows(ModelLoadException.class, () -> StaticQuantization.parse("# nothing\n", "t.tsv"));
    assertTrue(e.getMessage().contains("no ranges"), e.getMessage());
  }

  @Test
  void theShippedTableReplacesEveryDynamicQuantisation() {
    byte[] model = shipped();
    List<StaticQuantization.DynamicNode> dynamic = StaticQuantization.dynamicNodes(model);
    StaticQuantization.Table table = StaticQuantization.load(MINILM.ranges);
    assertEquals(24, dynamic.size());
    assertEquals(dynamic.stream().map(StaticQuantization.DynamicNode::input).toList(),
        List.copyOf(table.ranges().keySet()), "one range per quantised activation, in graph order");
    byte[] rewritten = StaticQuantization.apply(model, table);
    assertEquals(List.of(), StaticQuantization.dynamicNodes(rewritten));
    // the weights are untouched; each activation gains a constant scale, named as the old node's scale output
    Map<String, OnnxWeights.Tensor> before = OnnxWeights.read(model);
    Map<String, OnnxWeights.Tensor> after = OnnxWeights.read(rewritten);
    before.forEach((k, v) -> assertArrayEquals(v.values(), after.get(k).values(), k));
    assertEquals(before.size() + 24, after.size());
    for (StaticQuantization.DynamicNode d : dynamic) {
      assertArrayEquals(new float[] {table.ranges().get(d.input()).scale()}, after.get(d.scale()).values(),
          d.scale());
    }
  }

  @Test
  void everyCataloguedModelHasATableThatFitsItsGraph() {
    for (OnnxEmbeddingModel.Catalog c : OnnxEmbeddingModel.Catalog.values()) {
      byte[] model = OnnxEmbeddingModel.resource(c.model, c);
      StaticQuantization.Table table = StaticQuantization.load(c.ranges);
      assertEquals(StaticQuantization.dynamicNodes(model).size(), table.ranges().size(), c.id);
      assertEquals(List.of(), StaticQuantization.dynamicNodes(StaticQuantization.apply(model, table)), c.id);
    }
  }

  @Test
  void bgeVectorsDoNotDependOnTheirBatchEither() {
    List<String> texts = List.of("Kyiv was shelled again last night.", "Sanctions have failed, say the pundits on "
        + "state television, and the ruble is stronger than before the war.", "Solidarity!");
    try (OnnxEmbeddingModel bge = OnnxEmbeddingModel.open(OnnxEmbeddingModel.Catalog.BGE_SMALL_EN_V15_Q, 1, 32)) {
      float[][] together = bge.embed(texts);
      for (int i = 0; i < texts.size(); i++) {
        assertArrayEquals(bge.embed(List.of(texts.get(i)))[0], together[i], texts.get(i));
      }
    }
  }

  @Test
  void aTableThatDoesNotFitTheModelIsRefused() {
    byte[] model = shipped();
    Map<String, StaticQuantization.Range> ranges = new LinkedHashMap<>(StaticQuantization.load(MINILM.ranges)
        .ranges());
    String first = ranges.keySet().iterator().next();
    ranges.remove(first);
    var missing = new StaticQuantization.Table(ranges, "x");
    var e = assertThrows(ModelLoadException.class, () -> StaticQuantization.apply(model, missing));
    assertTrue(e.getMessage().contains("no range for [" + first + "]") && e.getMessage().contains("calibrate"),
        e.getMessage());
    ranges.put(first, new StaticQuantization.Range(-1, 1));
    ranges.put("/not/in/the/graph", new StaticQuantization.Range(-1, 1));
    var extra = new StaticQuantization.Table(ranges, "x");
    e = assertThrows(ModelLoadException.class, () -> StaticQuantization.apply(model, extra));
    assertTrue(e.getMessage().contains("/not/in/the/graph"), e.getMessage());
  }

  @Test
  void calibrationMeasuresARangeForEveryActivation() {
    StaticQuantization.Table t = Calibration.calibrate(MINILM, shipped(), List.of(
        "Russian troops shelled the city again overnight.",
        "Solidarity with Ukrainian miners and nurses!",
        "NATO expansion provoked the war, they say."));
    assertEquals(24, t.ranges().size());
    for (StaticQuantization.Range r : t.ranges().values()) {
      assertTrue(r.min() < 0 && r.max() > 0, "a real range: " + r);
    }
    // The shipped table was measured on many more texts, so it covers these three.
    StaticQuantization.Table shipped = StaticQuantization.load(MINILM.ranges);
    t.ranges().forEach((k, r) -> {
      StaticQuantization.Range s = shipped.ranges().get(k);
      assertTrue(s.min() <= r.min() + 1e-6 && s.max() >= r.max() - 1e-6, k + ": " + r + " within " + s);
    });
  }
}
