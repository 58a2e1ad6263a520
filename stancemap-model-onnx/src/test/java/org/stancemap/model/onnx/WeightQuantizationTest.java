package org.stancemap.model.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.stancemap.ModelLoadException;

class WeightQuantizationTest {
  private static byte[] resource(String name) throws Exception {
    try (InputStream in = WeightQuantizationTest.class.getResourceAsStream(name)) {
      return in.readAllBytes();
    }
  }

  /** The raw int8 data of every {@code *_quantized} initializer of type int8, by name. */
  private static Map<String, byte[]> int8(byte[] model) {
    Map<String, byte[]> out = new LinkedHashMap<>();
    for (OnnxWeights.Field g : OnnxWeights.graphFields(model, OnnxWeights.GRAPH_INITIALIZER)) {
      String name = null;
      long type = -1;
      byte[] raw = null;
      for (OnnxWeights.Field f : OnnxWeights.fields(model, g.start(), g.end(), "tensor")) {
        if (f.number() == OnnxWeights.TENSOR_NAME) {
          name = new String(model, f.start(), f.end() - f.start(), StandardCharsets.UTF_8);
        } else if (f.number() == OnnxWeights.TENSOR_DATA_TYPE) {
          type = f.value();
        } else if (f.number() == OnnxWeights.TENSOR_RAW_DATA) {
          raw = Arrays.copyOfRange(model, f.start(), f.end());
        }
      }
      if (type == WeightQuantization.INT8 && name.endsWith("_quantized")) {
        out.put(name, raw);
      }
    }
    return out;
  }

  @Test
  void requantisingTheBaseWeightsGivesTheShippedInt8GraphBack() throws Exception {
    byte[] q = resource("/all-minilm-l6-v2-q.onnx");
    byte[] fp32 = resource("/all-minilm-l6-v2.onnx");
    byte[] again = WeightQuantization.requantize(q, fp32, fp32);
    Map<String, byte[]> shipped = int8(q);
    Map<String, byte[]> made = int8(again);
    assertEquals(36, shipped.size(), "six layers of six matrix products");
    assertEquals(shipped.keySet(), made.keySet());
    for (String k : shipped.keySet()) {
      assertArrayEquals(shipped.get(k), made.get(k), k);
    }
    Map<String, OnnxWeights.Tensor> a = OnnxWeights.read(q);
    Map<String, OnnxWeights.Tensor> b = OnnxWeights.read(again);
    assertEquals(a.keySet(), b.keySet());
    for (String k : a.keySet()) {
      float[] x = a.get(k).values();
      float[] y = b.get(k).values();
      for (int i = 0; i < x.length; i++) {
        assertTrue(Math.abs(x[i] - y[i]) <= Math.ulp(x[i]), k + "[" + i + "]: " + x[i] + " vs " + y[i]);
      }
    }
  }

  @Test
  void tunedWeightsReachTheInt8Graph() throws Exception {
    byte[] q = resource("/all-minilm-l6-v2-q.onnx");
    byte[] fp32 = resource("/all-minilm-l6-v2.onnx");
    Map<String, OnnxWeights.Tensor> w = OnnxWeights.read(fp32);
    OnnxWeights.Tensor m = w.get("onnx::MatMul_787");
    float[] doubled = m.values().clone();
    for (int i = 0; i < doubled.length; i++) {
      doubled[i] *= 2;
    }
    float[] bias = w.get("encoder.layer.0.attention.self.query.bias").values().clone();
    bias[0] += 1;
    byte[] tuned = OnnxWeights.replace(fp32, Map.of("onnx::MatMul_787", doubled,
        "encoder.layer.0.attention.self.query.bias", bias));
    byte[] made = WeightQuantization.requantize(q, tuned, fp32);
    // doubling a matrix doubles its scales and leaves its int8 values
    assertArrayEquals(int8(q).get("onnx::MatMul_787_quantized"), int8(made).get("onnx::MatMul_787_quantized"));
    Map<String, OnnxWeights.Tensor> r = OnnxWeights.read(made);
    float[] s0 = OnnxWeights.read(q).get("onnx::MatMul_787_scale").values();
    float[] s1 = r.get("onnx::MatMul_787_scale").values();
    for (int i = 0; i < s0.length; i++) {
      assertEquals(2 * s0[i], s1[i], Math.ulp(2 * s0[i]));
    }
    assertEquals(bias[0], r.get("encoder.layer.0.attention.self.query.bias").values()[0]);
  }

  @Test
  void changedEmbeddingTablesAreRefused() throws Exception {
    byte[] q = resource("/all-minilm-l6-v2-q.onnx");
    byte[] fp32 = resource("/all-minilm-l6-v2.onnx");
    float[] t = OnnxWeights.read(fp32).get("embeddings.token_type_embeddings.weight").values().clone();
    t[3] += 0.5f;
    byte[] tuned = OnnxWeights.replace(fp32, Map.of("embeddings.token_type_embeddings.weight", t));
    ModelLoadException e = assertThrows(ModelLoadException.class, () -> WeightQuantization.requantize(q, tuned, fp32));
    assertTrue(e.getMessage().contains("frozen"), e.getMessage());
  }
}
