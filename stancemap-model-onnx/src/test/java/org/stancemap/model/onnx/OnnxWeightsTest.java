package org.stancemap.model.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.stancemap.ModelLoadException;

class OnnxWeightsTest {
  private static byte[] shippedModel() throws Exception {
    try (InputStream in = OnnxWeightsTest.class.getResourceAsStream("/all-minilm-l6-v2-q.onnx")) {
      return in.readAllBytes();
    }
  }

  /** The first token's hidden state of a fixed input, as ONNX Runtime computes it from {@code model}. */
  private static float[] firstHidden(byte[] model) throws Exception {
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    try (OrtSession s = env.createSession(model, new OrtSession.SessionOptions())) {
      long[][] ids = {{101, 2162, 2003, 1037, 4248, 102}};
      long[][] mask = {{1, 1, 1, 1, 1, 1}};
      long[][] types = {{0, 0, 0, 0, 0, 0}};
      try (OnnxTensor a = OnnxTensor.createTensor(env, ids); OnnxTensor b = OnnxTensor.createTensor(env, mask);
           OnnxTensor c = OnnxTensor.createTensor(env, types);
           OrtSession.Result r = s.run(Map.of("input_ids", a, "attention_mask", b, "token_type_ids", c))) {
        float[][][] h = (float[][][]) r.get(0).getValue();
        return h[0][0];
      }
    }
  }

  @Test
  void readsNamedFloatWeightsWithTheirShapes() throws Exception {
    Map<String, OnnxWeights.Tensor> w = OnnxWeights.read(shippedModel());
    OnnxWeights.Tensor ln = w.get("embeddings.LayerNorm.weight");
    assertArrayEquals(new long[] {384}, ln.shape());
    assertEquals(384, ln.values().length);
    // layer-norm gains of a trained model sit around 1, not 0
    double mean = 0;
    for (float f : ln.values()) {
      mean += f / 384.0;
    }
    assertTrue(mean > 0.2 && mean < 2, "mean gain " + mean);
  }

  @Test
  void replacingWithTheSameValuesKeepsTheOutputAndChangedValuesChangeIt() throws Exception {
    byte[] model = shippedModel();
    OnnxWeights.Tensor bias = OnnxWeights.read(model).get("embeddings.LayerNorm.bias");
    float[] before = firstHidden(model);
    byte[] same = OnnxWeights.replace(model, Map.of(bias.name(), bias.values().clone()));
    assertArrayEquals(before, firstHidden(same), 0f);
    float[] shifted = bias.values().clone();
    for (int i = 0; i < shifted.length; i++) {
      shifted[i] += 0.5f;
    }
    byte[] changed = OnnxWeights.replace(model, Map.of(bias.name(), shifted));
    assertArrayEquals(shifted, OnnxWeights.read(changed).get(bias.name()).values(), 0f);
    assertTrue(!Arrays.equals(before, firstHidden(changed)), "the new weights are used");
    // everything else is kept
    assertEquals(OnnxWeights.read(model).keySet(), OnnxWeights.read(changed).keySet());
    assertEquals(OnnxWeights.consumers(model), OnnxWeights.consumers(changed));
  }

  @Test
  void namesTheNodeThatReadsAnAnonymousWeight() throws Exception {
    Map<String, String> c = OnnxWeights.consumers(shippedModel());
    assertTrue(c.values().stream().anyMatch(o -> o.startsWith("/encoder/layer.0/attention/self/query/")), c.toString());
  }

  @Test
  void rejectsWrongSizesUnknownNamesAndBrokenFiles() throws Exception {
    byte[] model = shippedModel();
    assertThrows(IllegalArgumentException.class,
        () -> OnnxWeights.replace(model, Map.of("embeddings.LayerNorm.bias", new float[3])));
    assertThrows(IllegalArgumentException.class, () -> OnnxWeights.replace(model, Map.of("no.such", new float[1])));
    assertThrows(ModelLoadException.class, () -> OnnxWeights.read(Arrays.copyOf(model, 5000)));
    assertThrows(ModelLoadException.class, () -> OnnxWeights.read("not an onnx file".getBytes()));
  }
}
