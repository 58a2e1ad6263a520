package org.stancemap.model.onnx;

import static org.stancemap.model.onnx.OnnxWeights.FLOAT;
import static org.stancemap.model.onnx.OnnxWeights.GRAPH_INITIALIZER;
import static org.stancemap.model.onnx.OnnxWeights.TENSOR_DATA_TYPE;
import static org.stancemap.model.onnx.OnnxWeights.TENSOR_NAME;
import static org.stancemap.model.onnx.OnnxWeights.TENSOR_RAW_DATA;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.stancemap.ModelLoadException;

/**
 * Puts fine-tuned fp32 weights into the shipped int8 graph of the same network, quantised exactly as that graph's
 * own weights were, so a fine-tuned encoder ships at the int8 graph's size (23 MB instead of 90 MB) and runs with
 * the int8 graph's kernels, batching and static activation quantisation.
 *
 * <p>The int8 all-MiniLM-L6-v2 graph holds every matrix product's weight {@code W} as {@code W_quantized} (int8,
 * [in, out]), {@code W_scale} (one float per output column) and {@code W_zero_point} (zeros): symmetric per-column
 * quantisation with a reduced range, {@code scale = max |W[:, c]| / 64} and {@code q = round(W / scale)} (half to
 * even). {@code WeightQuantizationTest} checks that this reproduces the shipped graph's int8 weights from the fp32
 * model's weights bit for bit. Biases and layer norms are float in both graphs and are copied. The embedding tables
 * (uint8, one scale per table) are kept: fine-tuning freezes them, and {@link #requantize} refuses a tuned graph
 * whose tables differ from the base model's.
 */
public final class WeightQuantization {
  static final int INT8 = 3;
  static final String QUANTIZED = "_quantized";
  static final String SCALE = "_scale";
  /** Half of the reduced int8 range [-64, 64] that the shipped graph's weights use. */
  static final float HALF_RANGE = 64f;

  private WeightQuantization() {}

  /** One quantised matrix: its int8 values (row-major [in, out]) and one scale per output column. */
  record Quantized(byte[] values, float[] scales) {}

  /** Quantises a row-major [rows, cols] matrix per column, as the shipped int8 graph's weights are. */
  static Quantized quantize(float[] w, int rows, int cols) {
    float[] scales = new float[cols];
    for (int c = 0; c < cols; c++) {
      float max = 0;
      for (int r = 0; r < rows; r++) {
        max = Math.max(max, Math.abs(w[r * cols + c]));
      }
      scales[c] = max == 0 ? 1f : max / HALF_RANGE;
    }
    byte[] q = new byte[w.length];
    for (int r = 0; r < rows; r++) {
      for (int c = 0; c < cols; c++) {
        double v = Math.rint(w[r * cols + c] / scales[c]);
        q[r * cols + c] = (byte) Math.max(-127, Math.min(127, v));
      }
    }
    return new Quantized(q, scales);
  }

  /**
   * The int8 graph {@code int8Graph} with the weights of {@code tunedGraph} (the same network in fp32, as {@code
   * stancemap train --fine-tune} writes it), quantised as described above.
   *
   * @param baseGraph the fp32 graph the tuned one started from, to check that the embedding tables were frozen
   * @throws ModelLoadException when the graphs do not belong together (a matrix or bias missing or of another size,
   *     or embedding tables that were changed)
   */
  public static byte[] requantize(byte[] int8Graph, byte[] tunedGraph, byte[] baseGraph) {
    Map<String, OnnxWeights.Tensor> tuned = OnnxWeights.read(tunedGraph);
    Map<String, OnnxWeights.Tensor> base = OnnxWeights.read(baseGraph);
    for (var e : base.entrySet()) {
      if (e.getKey().startsWith("embeddings.") && e.getKey().endsWith("_embeddings.weight")) {
        OnnxWeights.Tensor t = tuned.get(e.getKey());
        if (t == null || !Arrays.equals(t.values(), e.getValue().values())) {
          throw new ModelLoadException("embedding table " + e.getKey() + " differs from the base model's; the int8"
              + " graph keeps the base tables, so fine-tune with the embedding tables frozen (the default)");
        }
      }
    }
    Map<String, Quantized> quantized = new HashMap<>();
    Set<String> floats = new HashSet<>();
    for (var g : OnnxWeights.graphFields(int8Graph, GRAPH_INITIALIZER)) {
      String name = name(int8Graph, g);
      long type = type(int8Graph, g);
      if (type == INT8 && name.endsWith(QUANTIZED)) {
        String w = name.substring(0, name.length() - QUANTIZED.length());
        OnnxWeights.Tensor t = tuned.get(w);
        if (t == null || t.shape().length != 2) {
          throw new ModelLoadException("the tuned graph has no matrix " + w + " for the int8 graph's " + name);
        }
        quantized.put(w, quantize(t.values(), (int) t.shape()[0], (int) t.shape()[1]));
      } else if (type == FLOAT && tuned.containsKey(name)) {
        floats.add(name);
      }
    }
    if (quantized.isEmpty()) {
      throw new ModelLoadException("the int8 graph holds no per-column int8 matrices; is it the shipped int8 model?");
    }
    int[] replaced = {0};
    byte[] out = OnnxWeights.rewriteGraph(int8Graph, (b, g, graph, extra) -> {
      if (g.number() != GRAPH_INITIALIZER || g.wire() != 2) {
        graph.write(b, g.tagStart(), g.end() - g.tagStart());
        return;
      }
      String name = name(b, g);
      byte[] raw = null;
      if (name.endsWith(QUANTIZED) && quantized.containsKey(name.substring(0, name.length() - QUANTIZED.length()))) {
        raw = quantized.get(name.substring(0, name.length() - QUANTIZED.length())).values();
      } else if (name.endsWith(SCALE) && quantized.containsKey(name.substring(0, name.length() - SCALE.length()))) {
        raw = floats(quantized.get(name.substring(0, name.length() - SCALE.length())).scales());
      } else if (floats.contains(name)) {
        raw = floats(tuned.get(name).values());
      }
      if (raw == null) {
        graph.write(b, g.tagStart(), g.end() - g.tagStart());
      } else {
        replaced[0]++;
        OnnxWeights.writeLengthDelimited(graph, GRAPH_INITIALIZER, withRaw(b, g, raw));
      }
    }, GRAPH_INITIALIZER);
    if (replaced[0] != 2 * quantized.size() + floats.size()) {
      throw new ModelLoadException("the int8 graph lacks the scale of some quantised matrix (" + replaced[0]
          + " tensors replaced, " + (2 * quantized.size() + floats.size()) + " expected)");
    }
    return out;
  }

  private static byte[] floats(float[] v) {
    ByteBuffer raw = ByteBuffer.allocate(v.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    raw.asFloatBuffer().put(v);
    return raw.array();
  }

  /** The tensor {@code t} with its data (raw or typed) replaced by {@code raw}; dims, type and name kept. */
  private static byte[] withRaw(byte[] b, OnnxWeights.Field t, byte[] raw) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length + 64);
    for (OnnxWeights.Field f : OnnxWeights.fields(b, t.start(), t.end(), "tensor")) {
      // 4 float_data, 5 int32_data (int8 and uint8 values may be stored there), 9 raw_data
      if (f.number() != TENSOR_RAW_DATA && f.number() != 4 && f.number() != 5) {
        out.write(b, f.tagStart(), f.end() - f.tagStart());
      }
    }
    OnnxWeights.writeLengthDelimited(out, TENSOR_RAW_DATA, raw);
    return out.toByteArray();
  }

  private static String name(byte[] b, OnnxWeights.Field t) {
    for (OnnxWeights.Field f : OnnxWeights.fields(b, t.start(), t.end(), "tensor")) {
      if (f.number() == TENSOR_NAME && f.wire() == 2) {
        return new String(b, f.start(), f.end() - f.start(), StandardCharsets.UTF_8);
      }
    }
    return "";
  }

  private static long type(byte[] b, OnnxWeights.Field t) {
    for (OnnxWeights.Field f : OnnxWeights.fields(b, t.start(), t.end(), "tensor")) {
      if (f.number() == TENSOR_DATA_TYPE && f.wire() == 0) {
        return f.value();
      }
    }
    return -1;
  }
}
