package org.stancemap.model.onnx;

import static org.stancemap.model.onnx.OnnxWeights.FLOAT;
import static org.stancemap.model.onnx.OnnxWeights.GRAPH_INITIALIZER;
import static org.stancemap.model.onnx.OnnxWeights.GRAPH_NODE;
import static org.stancemap.model.onnx.OnnxWeights.GRAPH_OUTPUT;
import static org.stancemap.model.onnx.OnnxWeights.NODE_DOMAIN;
import static org.stancemap.model.onnx.OnnxWeights.NODE_INPUT;
import static org.stancemap.model.onnx.OnnxWeights.NODE_NAME;
import static org.stancemap.model.onnx.OnnxWeights.NODE_OP_TYPE;
import static org.stancemap.model.onnx.OnnxWeights.NODE_OUTPUT;
import static org.stancemap.model.onnx.OnnxWeights.TENSOR_DATA_TYPE;
import static org.stancemap.model.onnx.OnnxWeights.TENSOR_NAME;
import static org.stancemap.model.onnx.OnnxWeights.TENSOR_RAW_DATA;
import static org.stancemap.model.onnx.OnnxWeights.UINT8;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.stancemap.ModelLoadException;
import org.stancemap.text.Hashing;

/**
 * Rewrites an int8 graph's dynamic activation quantisation as static quantisation with calibrated ranges.
 *
 * <p>The shipped int8 models quantise each matrix product's input with {@code DynamicQuantizeLinear}, whose scale
 * and zero point come from the minimum and maximum of the whole batch. A text's vector therefore depends on the
 * other texts of its batch (and their padding), so a document embedded among other documents got slightly
 * different scores from the same document embedded alone. Each {@code DynamicQuantizeLinear} node becomes a
 * {@code QuantizeLinear} node whose scale and zero point are constants computed from a fixed range per activation,
 * measured once on the project's own texts ({@link Calibration}) and shipped as a table. Every later operation
 * works row by row (integer matrix products are exact; layer norm, softmax and the masked attention read only a
 * row's own tokens), so a text's vector no longer depends on its batch-mates or on how much it is padded
 * ({@code StaticQuantizationTest} checks bit-identical vectors).
 *
 * <p>A table line is {@code TENSOR<TAB>MIN<TAB>MAX}: the name of the activation a {@code DynamicQuantizeLinear} node
 * reads, and the range that becomes its scale and zero point with that operator's own formula (the range always
 * includes 0); lines starting with {@code #} are comments. The table must name exactly the graph's dynamically
 * quantised activations: a graph with one more, or one fewer, is refused rather than run half static.
 */
public final class StaticQuantization {
  static final String DYNAMIC = "DynamicQuantizeLinear";

  private StaticQuantization() {}

  /** The calibrated range of one activation; it always includes 0, as {@code DynamicQuantizeLinear}'s does. */
  public record Range(double min, double max) {
    public Range {
      if (!Double.isFinite(min) || !Double.isFinite(max) || min > 0 || max < 0 || max <= min) {
        throw new IllegalArgumentException("a range must be finite, include 0 and not be empty: [" + min + ", "
            + max + "]");
      }
    }

    /** The scale, as {@code DynamicQuantizeLinear} computes it from a minimum and maximum: (max - min) / 255. */
    public float scale() {
      return (float) ((max - min) / 255.0);
    }

    /** The zero point: round(-min / scale), saturated to [0, 255] (round half to even, as ONNX rounds). */
    public int zeroPoint() {
      double z = Math.rint(-min / scale());
      return (int) Math.max(0, Math.min(255, z));
    }

    /** The range covering this one and {@code o}. */
    public Range union(Range o) {
      return new Range(Math.min(min, o.min), Math.max(max, o.max));
    }
  }

  /** A calibration table: ranges by activation name, in file order, and the SHA-256 of the table's text. */
  public record Table(Map<String, Range> ranges, String sha256) {
    public Table {
      ranges = Collections.unmodifiableMap(new LinkedHashMap<>(ranges));
    }

    /** The table as its file holds it (with {@code comment} lines first). */
    public String format(List<String> comment) {
      StringBuilder sb = new StringBuilder();
      comment.forEach(c -> sb.append("# ").append(c).append('\n'));
      ranges.forEach((k, r) -> sb.append(k).append('\t').append(r.min()).append('\t').append(r.max()).append('\n'));
      return sb.toString();
    }
  }

  /** Parses a table; {@code source} names it in errors. */
  public static Table parse(String text, String source) {
    Map<String, Range> ranges = new LinkedHashMap<>();
    String[] lines = text.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i].strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      String[] f = line.split("\t");
      try {
        if (f.length != 3) {
          throw new IllegalArgumentException("expected TENSOR, MIN and MAX separated by tabs");
        }
        if (ranges.put(f[0], new Range(Double.parseDouble(f[1]), Double.parseDouble(f[2]))) != null) {
          throw new IllegalArgumentException("tensor " + f[0] + " appears twice");
        }
      } catch (IllegalArgumentException e) {
        throw new ModelLoadException("quantisation table " + source + ", line " + (i + 1) + ": " + e.getMessage());
      }
    }
    if (ranges.isEmpty()) {
      throw new ModelLoadException("quantisation table " + source + " holds no ranges");
    }
    return new Table(ranges, Hashing.sha256(text));
  }

  /** Reads a table from the classpath. */
  public static Table load(String resource) {
    try (InputStream in = StaticQuantization.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new ModelLoadException("quantisation table " + resource + " is not on the classpath");
      }
      return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), resource);
    } catch (IOException e) {
      throw new ModelLoadException("cannot read quantisation table " + resource + ": " + e.getMessage(), e);
    }
  }

  /** The SHA-256 that identifies {@code weightsSha256}'s graph quantised with {@code table}. */
  public static String identity(String weightsSha256, Table table) {
    return Hashing.sha256(weightsSha256 + "+static-int8:" + table.sha256());
  }

  /** One {@code DynamicQuantizeLinear} node: the activation it reads and its three outputs. */
  record DynamicNode(String name, String input, String quantized, String scale, String zeroPoint) {}

  /** The graph's {@code DynamicQuantizeLinear} nodes, in file order. */
  static List<DynamicNode> dynamicNodes(byte[] model) {
    List<DynamicNode> out = new ArrayList<>();
    for (OnnxWeights.Field node : OnnxWeights.graphFields(model, OnnxWeights.GRAPH_NODE)) {
      DynamicNode d = dynamic(model, node);
      if (d != null) {
        out.add(d);
      }
    }
    return out;
  }

  /**
   * A copy of {@code model} in which every {@code DynamicQuantizeLinear} node is a {@code QuantizeLinear} node with
   * the table's constant scale and zero point (initializers under the names of the old node's scale and
   * zero-point outputs, so their readers are unchanged).
   */
  public static byte[] apply(byte[] model, Table table) {
    requireGraph(model);
    Set<String> unused = new LinkedHashSet<>(table.ranges().keySet());
    List<String> missing = new ArrayList<>();
    byte[] out = OnnxWeights.rewriteGraph(model, (b, g, graph, extra) -> {
      DynamicNode d = g.number() == GRAPH_NODE && g.wire() == 2 ? dynamic(b, g) : null;
      if (d == null) {
        graph.write(b, g.tagStart(), g.end() - g.tagStart());
        return;
      }
      Range r = table.ranges().get(d.input());
      if (r == null) {
        missing.add(d.input());
        graph.write(b, g.tagStart(), g.end() - g.tagStart());
        return;
      }
      unused.remove(d.input());
      ByteArrayOutputStream node = new ByteArrayOutputStream();
      string(node, NODE_INPUT, d.input());
      string(node, NODE_INPUT, d.scale());
      string(node, NODE_INPUT, d.zeroPoint());
      string(node, NODE_OUTPUT, d.quantized());
      string(node, NODE_NAME, d.name() + "/static");
      string(node, NODE_OP_TYPE, "QuantizeLinear");
      OnnxWeights.writeLengthDelimited(graph, GRAPH_NODE, node.toByteArray());
      ByteBuffer scale = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putFloat(r.scale());
      extra.add(scalar(d.scale(), FLOAT, scale.array()));
      extra.add(scalar(d.zeroPoint(), UINT8, new byte[] {(byte) r.zeroPoint()}));
    }, GRAPH_INITIALIZER);
    if (!missing.isEmpty() || !unused.isEmpty()) {
      throw new ModelLoadException("the quantisation table does not fit the model: "
          + (missing.isEmpty() ? "" : "no range for " + missing + (unused.isEmpty() ? "" : "; "))
          + (unused.isEmpty() ? "" : "the model quantises no activation named " + unused)
          + "; regenerate the table with bench/calibrate.sh for this model");
    }
    return out;
  }

  /**
   * A copy of {@code model} that also outputs each {@code DynamicQuantizeLinear} node's scale and zero point, for
   * calibration: from them follow the minimum and maximum of the activation in the batch.
   */
  static byte[] exposeParameters(byte[] model) {
    requireGraph(model);
    return OnnxWeights.rewriteGraph(model, (b, g, graph, extra) -> {
      graph.write(b, g.tagStart(), g.end() - g.tagStart());
      DynamicNode d = g.number() == GRAPH_NODE && g.wire() == 2 ? dynamic(b, g) : null;
      if (d != null) {
        extra.add(output(d.scale(), FLOAT));
        extra.add(output(d.zeroPoint(), UINT8));
      }
    }, GRAPH_OUTPUT);
  }

  /** The range of the activation that a batch's scale and zero point were computed from. */
  static Range rangeOf(float scale, int zeroPoint) {
    double min = -zeroPoint * (double) scale;
    return new Range(Math.min(0, min), Math.max(Math.ulp(1f), min + 255.0 * scale));
  }

  private static void requireGraph(byte[] model) {
    if (OnnxWeights.fields(model, 0, model.length, "model").stream()
        .noneMatch(f -> f.number() == OnnxWeights.MODEL_GRAPH && f.wire() == 2)) {
      throw new ModelLoadException("the ONNX model has no graph; is it an ONNX file?");
    }
  }

  /** The node as a {@link DynamicNode} when it is a {@code DynamicQuantizeLinear} of the default domain, else null. */
  private static DynamicNode dynamic(byte[] b, OnnxWeights.Field node) {
    List<String> in = new ArrayList<>();
    List<String> out = new ArrayList<>();
    String name = "";
    String op = null;
    String domain = "";
    for (OnnxWeights.Field f : OnnxWeights.fields(b, node.start(), node.end(), "node")) {
      if (f.wire() != 2) {
        continue;
      }
      String s = new String(b, f.start(), f.end() - f.start(), StandardCharsets.UTF_8);
      switch (f.number()) {
        case NODE_INPUT -> in.add(s);
        case NODE_OUTPUT -> out.add(s);
        case NODE_NAME -> name = s;
        case NODE_OP_TYPE -> op = s;
        case NODE_DOMAIN -> domain = s;
        default -> { }
      }
    }
    if (!DYNAMIC.equals(op) || !(domain.isEmpty() || domain.equals("ai.onnx"))) {
      return null;
    }
    if (in.size() != 1 || out.size() != 3) {
      throw new ModelLoadException(String.format(Locale.ROOT,
          "malformed ONNX graph: %s node '%s' has %d inputs and %d outputs, not 1 and 3", DYNAMIC, name, in.size(),
          out.size()));
    }
    return new DynamicNode(name, in.get(0), out.get(0), out.get(1), out.get(2));
  }

  private static byte[] scalar(String name, int type, byte[] raw) {
    ByteArrayOutputStream t = new ByteArrayOutputStream();
    OnnxWeights.writeVarint(t, ((long) TENSOR_DATA_TYPE << 3));
    OnnxWeights.writeVarint(t, type);
    string(t, TENSOR_NAME, name);
    OnnxWeights.writeLengthDelimited(t, TENSOR_RAW_DATA, raw);
    return t.toByteArray();
  }

  /** A ValueInfoProto for a scalar graph output: name = 1, type = 2 (TypeProto.tensor_type = 1: elem_type = 1). */
  private static byte[] output(String name, int type) {
    ByteArrayOutputStream tensorType = new ByteArrayOutputStream();
    OnnxWeights.writeVarint(tensorType, 1L << 3);
    OnnxWeights.writeVarint(tensorType, type);
    OnnxWeights.writeLengthDelimited(tensorType, 2, new byte[0]); // shape: a scalar
    ByteArrayOutputStream typeProto = new ByteArrayOutputStream();
    OnnxWeights.writeLengthDelimited(typeProto, 1, tensorType.toByteArray());
    ByteArrayOutputStream v = new ByteArrayOutputStream();
    string(v, 1, name);
    OnnxWeights.writeLengthDelimited(v, 2, typeProto.toByteArray());
    return v.toByteArray();
  }

  private static void string(ByteArrayOutputStream out, int number, String s) {
    OnnxWeights.writeLengthDelimited(out, number, s.getBytes(StandardCharsets.UTF_8));
  }
}
