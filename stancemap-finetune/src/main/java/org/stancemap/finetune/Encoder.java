package org.stancemap.finetune;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.Activation;
import ai.djl.nn.core.Embedding;
import ai.djl.nn.norm.Dropout;
import ai.djl.nn.norm.LayerNorm;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.stancemap.ModelLoadException;
import org.stancemap.model.onnx.OnnxWeights;

/**
 * A BERT encoder (the architecture of all-MiniLM-L6-v2) written with DJL's NDArray operations, so that PyTorch's
 * autograd can train it, with weights read from and written back to the ONNX graph that analysis runs.
 *
 * <p>Parameters are keyed by their Hugging Face names ({@code encoder.layer.0.attention.self.query.weight}); the
 * matrices are stored as the ONNX graph uses them ({@code [in, out]}, {@code x · W}). Not thread-safe.
 */
final class Encoder implements AutoCloseable {
  static final float LAYER_NORM_EPS = 1e-12f;
  private static final String[] DENSE = {"attention.self.query", "attention.self.key", "attention.self.value",
      "attention.output.dense", "intermediate.dense", "output.dense"};

  final int layers;
  final int hidden;
  final int heads;
  /** Parameter name → array (on the manager given to {@link #load}). */
  final Map<String, NDArray> params;
  /** Parameter name → ONNX initializer name. */
  final Map<String, String> onnxNames;

  private Encoder(int layers, int hidden, int heads, Map<String, NDArray> params, Map<String, String> onnxNames) {
    this.layers = layers;
    this.hidden = hidden;
    this.heads = heads;
    this.params = params;
    this.onnxNames = onnxNames;
  }

  /**
   * Reads the encoder's weights from an ONNX export of a BERT model (the layout of Hugging Face's exporter: named
   * biases and layer norms, anonymous matrix-product weights named by the node that reads them).
   */
  static Encoder load(byte[] onnx, int heads, NDManager manager) {
    Map<String, OnnxWeights.Tensor> tensors = OnnxWeights.read(onnx);
    Map<String, String> consumers = OnnxWeights.consumers(onnx);
    Map<String, String> names = new LinkedHashMap<>();
    for (OnnxWeights.Tensor t : tensors.values()) {
      String n = t.name();
      if (n.startsWith("embeddings.") || n.startsWith("encoder.")) {
        names.put(n, n);
      } else {
        String c = consumers.get(n);
        // "/encoder/layer.0/attention/self/query/MatMul_output_0" → "encoder.layer.0.attention.self.query.weight"
        if (c != null && c.startsWith("/encoder/layer.") && c.endsWith("/MatMul_output_0")) {
          String path = c.substring(1, c.length() - "/MatMul_output_0".length()).replace('/', '.');
          names.put(path + ".weight", n);
        }
      }
    }
    int layers = 0;
    while (names.containsKey("encoder.layer." + layers + ".attention.self.query.weight")) {
      layers++;
    }
    if (layers == 0 || !names.containsKey("embeddings.word_embeddings.weight")) {
      throw new ModelLoadException("the ONNX model is not a BERT encoder in the expected layout (no "
          + "encoder.layer.0.attention.self.query weights found)");
    }
    Map<String, NDArray> params = new LinkedHashMap<>();
    for (String p : expected(layers)) {
      String onnxName = names.get(p);
      if (onnxName == null) {
        throw new ModelLoadException("the ONNX encoder lacks weights " + p);
      }
      OnnxWeights.Tensor t = tensors.get(onnxName);
      params.put(p, manager.create(t.values(), new Shape(t.shape())));
    }
    int hidden = (int) params.get("embeddings.LayerNorm.weight").getShape().get(0);
    if (hidden % heads != 0) {
      throw new ModelLoadException("hidden size " + hidden + " is not divisible by " + heads + " attention heads");
    }
    Map<String, String> onnxNames = new LinkedHashMap<>();
    params.keySet().forEach(p -> onnxNames.put(p, names.get(p)));
    return new Encoder(layers, hidden, heads, params, onnxNames);
  }

  static List<String> expected(int layers) {
    List<String> out = new ArrayList<>(List.of("embeddings.word_embeddings.weight",
        "embeddings.position_embeddings.weight", "embeddings.token_type_embeddings.weight",
        "embeddings.LayerNorm.weight", "embeddings.LayerNorm.bias"));
    for (int l = 0; l < layers; l++) {
      String pre = "encoder.layer." + l + ".";
      for (String d : DENSE) {
        out.add(pre + d + ".weight");
        out.add(pre + d + ".bias");
      }
      out.add(pre + "attention.output.LayerNorm.weight");
      out.add(pre + "attention.output.LayerNorm.bias");
      out.add(pre + "output.LayerNorm.weight");
      out.add(pre + "output.LayerNorm.bias");
    }
    return out;
  }

  /** Whether a parameter belongs to the embedding tables (frozen when asked). */
  static boolean isEmbeddingTable(String name) {
    return name.startsWith("embeddings.") && name.endsWith("_embeddings.weight");
  }

  /** Whether weight decay applies: matrices only, never biases or layer norms. */
  static boolean decays(String name) {
    return name.endsWith(".weight") && !name.contains("LayerNorm") && !isEmbeddingTable(name);
  }

  /**
   * Mean-pooled, L2-normalised sentence vectors, as {@code OnnxEmbeddingModel} computes them from the same graph.
   *
   * @param ids token ids {@code [batch, tokens]} (int64)
   * @param mask 1 for real tokens, 0 for padding {@code [batch, tokens]} (float32)
   * @param dropout dropout rate while training, 0 otherwise
   */
  NDArray embed(NDArray ids, NDArray mask, float dropout) {
    NDArray x = hiddenStates(ids, mask, dropout);
    NDArray m = mask.expandDims(2);
    NDArray pooled = x.mul(m).sum(new int[] {1}).div(m.sum(new int[] {1}).maximum(1e-9f));
    NDArray norm = pooled.square().sum(new int[] {1}, true).sqrt().maximum(1e-12f);
    return pooled.div(norm);
  }

  NDArray hiddenStates(NDArray ids, NDArray mask, float dropout) {
    long batch = ids.getShape().get(0);
    long tokens = ids.getShape().get(1);
    if (tokens > params.get("embeddings.position_embeddings.weight").getShape().get(0)) {
      throw new IllegalArgumentException("at most " + params.get("embeddings.position_embeddings.weight").getShape()
          .get(0) + " tokens per text: " + tokens);
    }
    boolean training = dropout > 0;
    NDArray x = Embedding.embedding(ids, params.get("embeddings.word_embeddings.weight"), SparseFormat.DENSE)
        .singletonOrThrow();
    NDArray pos = params.get("embeddings.position_embeddings.weight").get("0:" + tokens);
    NDArray type = params.get("embeddings.token_type_embeddings.weight").get("0");
    x = x.add(pos).add(type);
    x = layerNorm(x, "embeddings.LayerNorm");
    x = drop(x, dropout, training);
    // additive attention mask: 0 for tokens, a large negative number for padding, [batch, 1, 1, tokens]
    NDArray addMask = mask.toType(DataType.FLOAT32, false).sub(1f).mul(10000f).reshape(batch, 1, 1, tokens);
    int headDim = hidden / heads;
    float scale = (float) (1.0 / Math.sqrt(headDim));
    for (int l = 0; l < layers; l++) {
      String pre = "encoder.layer." + l + ".";
      NDArray q = split(dense(x, pre + "attention.self.query"), batch, tokens, headDim);
      NDArray k = split(dense(x, pre + "attention.self.key"), batch, tokens, headDim);
      NDArray v = split(dense(x, pre + "attention.self.value"), batch, tokens, headDim);
      NDArray scores = q.matMul(k.transpose(0, 1, 3, 2)).mul(scale).add(addMask);
      NDArray probs = drop(scores.softmax(-1), dropout, training);
      NDArray ctx = probs.matMul(v).transpose(0, 2, 1, 3).reshape(batch, tokens, hidden);
      NDArray attn = drop(dense(ctx, pre + "attention.output.dense"), dropout, training);
      x = layerNorm(x.add(attn), pre + "attention.output.LayerNorm");
      NDArray inter = Activation.gelu(dense(x, pre + "intermediate.dense"));
      NDArray out = drop(dense(inter, pre + "output.dense"), dropout, training);
      x = layerNorm(x.add(out), pre + "output.LayerNorm");
    }
    return x;
  }

  private NDArray split(NDArray x, long batch, long tokens, int headDim) {
    return x.reshape(batch, tokens, heads, headDim).transpose(0, 2, 1, 3);
  }

  private NDArray dense(NDArray x, String name) {
    return x.matMul(params.get(name + ".weight")).add(params.get(name + ".bias"));
  }

  private NDArray layerNorm(NDArray x, String name) {
    return LayerNorm.layerNorm(x, new Shape(hidden), params.get(name + ".weight"), params.get(name + ".bias"),
        LAYER_NORM_EPS).singletonOrThrow();
  }

  private static NDArray drop(NDArray x, float rate, boolean training) {
    return training ? Dropout.dropout(x, rate, true).singletonOrThrow() : x;
  }

  /** The current weights by ONNX initializer name, for {@link OnnxWeights#replace}. */
  Map<String, float[]> onnxWeights() {
    Map<String, float[]> out = new LinkedHashMap<>();
    params.forEach((p, a) -> out.put(onnxNames.get(p), a.toFloatArray()));
    return out;
  }

  @Override
  public void close() {
    params.values().forEach(NDArray::close);
  }
}
