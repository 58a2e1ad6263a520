package org.stancemap.model.onnx;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.stancemap.ModelLoadException;

/**
 * Reads the float weights (graph initializers) of an ONNX model and writes a copy of the model with some of them
 * replaced, so that an encoder fine-tuned elsewhere runs on ONNX Runtime through the very graph it came from.
 *
 * <p>Only the few parts of the ONNX protobuf schema that hold weights are decoded (ModelProto.graph = 7,
 * GraphProto.node = 1 with NodeProto input = 1 and output = 2, GraphProto.initializer = 5, TensorProto dims = 1, data_type = 2, float_data = 4, name = 8, raw_data = 9); every
 * other field is copied byte for byte. Design decision: a small wire-format reader instead of a protobuf runtime
 * and generated ONNX classes, since nothing else of the schema is needed.
 */
public final class OnnxWeights {
  // Field numbers of the ONNX protobuf schema (onnx.proto) and the tensor element types used here; package-private
  // for StaticQuantization, which edits the graph with the same reader and writer.
  static final int MODEL_GRAPH = 7;
  static final int GRAPH_NODE = 1;
  static final int GRAPH_INITIALIZER = 5;
  static final int GRAPH_OUTPUT = 12;
  static final int NODE_INPUT = 1;
  static final int NODE_OUTPUT = 2;
  static final int NODE_NAME = 3;
  static final int NODE_OP_TYPE = 4;
  static final int NODE_DOMAIN = 7;
  private static final int TENSOR_DIMS = 1;
  static final int TENSOR_DATA_TYPE = 2;
  private static final int TENSOR_FLOAT_DATA = 4;
  static final int TENSOR_NAME = 8;
  static final int TENSOR_RAW_DATA = 9;
  static final int FLOAT = 1;
  static final int UINT8 = 2;

  private OnnxWeights() {}

  /** One float initializer: its name, shape and values in row-major order. */
  public record Tensor(String name, long[] shape, float[] values) {
    public Tensor {
      long n = 1;
      for (long d : shape) {
        n *= d;
      }
      if (n != values.length) {
        throw new IllegalArgumentException("tensor " + name + ": shape holds " + n + " values, not " + values.length);
      }
    }
  }

  /** The float initializers of {@code model}, by name, in file order; other data types are skipped. */
  public static Map<String, Tensor> read(byte[] model) {
    Map<String, Tensor> out = new LinkedHashMap<>();
    for (Field g : graphFields(model, GRAPH_INITIALIZER)) {
      Tensor t = tensor(model, g);
      if (t != null) {
        out.put(t.name(), t);
      }
    }
    if (out.isEmpty()) {
      throw new ModelLoadException("the ONNX model holds no float weights; is it an ONNX file?");
    }
    return out;
  }

  /** The length-delimited fields numbered {@code number} of the model's graph(s), in file order. */
  static List<Field> graphFields(byte[] model, int number) {
    List<Field> out = new ArrayList<>();
    for (Field f : fields(model, 0, model.length, "model")) {
      if (f.number == MODEL_GRAPH && f.wire == 2) {
        for (Field g : fields(model, f.start, f.end, "graph")) {
          if (g.number == number && g.wire == 2) {
            out.add(g);
          }
        }
      }
    }
    return out;
  }

  /**
   * For each initializer that a graph node reads, the name of that node's first output (the first such node in
   * file order). ONNX exporters give weights of matrix products anonymous names ({@code onnx::MatMul_787}); the
   * node that uses one names it ({@code /encoder/layer.0/attention/self/query/MatMul_output_0}).
   */
  public static Map<String, String> consumers(byte[] model) {
    Map<String, String> out = new LinkedHashMap<>();
    for (Field g : graphFields(model, GRAPH_NODE)) {
      List<String> in = new ArrayList<>();
      String firstOut = null;
      for (Field n : fields(model, g.start, g.end, "node")) {
        String s = n.wire == 2 ? new String(model, n.start, n.end - n.start, StandardCharsets.UTF_8)
            : null;
        if (n.number == NODE_INPUT && s != null) {
          in.add(s);
        } else if (n.number == NODE_OUTPUT && s != null && firstOut == null) {
          firstOut = s;
        }
      }
      if (firstOut != null) {
        for (String i : in) {
          out.putIfAbsent(i, firstOut);
        }
      }
    }
    return out;
  }

  /**
   * A copy of {@code model} whose float initializers named in {@code replacements} hold the given values instead;
   * each replacement must have exactly the initializer's number of values.
   */
  public static byte[] replace(byte[] model, Map<String, float[]> replacements) {
    Map<String, float[]> left = new LinkedHashMap<>(replacements);
    byte[] out = rewriteGraph(model, (b, g, graph, extra) -> {
      Tensor t = g.number == GRAPH_INITIALIZER && g.wire == 2 ? tensor(b, g) : null;
      float[] v = t == null ? null : left.remove(t.name());
      if (v == null) {
        graph.write(b, g.tagStart, g.end - g.tagStart);
      } else {
        if (v.length != t.values().length) {
          throw new IllegalArgumentException("weights " + t.name() + ": " + v.length + " values given, the model has "
              + t.values().length);
        }
        writeLengthDelimited(graph, GRAPH_INITIALIZER, retensor(b, g, v));
      }
    }, GRAPH_INITIALIZER);
    if (!left.isEmpty()) {
      throw new IllegalArgumentException("the model has no float weights named " + left.keySet());
    }
    return out;
  }

  /** Rewrites one field of a model's graph into {@code graph}, or adds fields to {@code extra}. */
  interface GraphRewrite {
    void field(byte[] model, Field graphField, ByteArrayOutputStream graph, List<byte[]> extra);
  }

  /**
   * A copy of {@code model} whose graph(s) hold what {@code rewrite} writes for each of their fields, followed by
   * the fields it added to {@code extra}, as fields numbered {@code number}; every other field is copied byte for
   * byte.
   */
  static byte[] rewriteGraph(byte[] model, GraphRewrite rewrite, int number) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(model.length + 4096);
    for (Field f : fields(model, 0, model.length, "model")) {
      if (f.number == MODEL_GRAPH && f.wire == 2) {
        ByteArrayOutputStream graph = new ByteArrayOutputStream(f.end - f.start + 4096);
        List<byte[]> extra = new ArrayList<>();
        for (Field g : fields(model, f.start, f.end, "graph")) {
          rewrite.field(model, g, graph, extra);
        }
        for (byte[] e : extra) {
          writeLengthDelimited(graph, number, e);
        }
        writeLengthDelimited(out, MODEL_GRAPH, graph.toByteArray());
      } else {
        out.write(model, f.tagStart, f.end - f.tagStart);
      }
    }
    return out.toByteArray();
  }

  private static byte[] retensor(byte[] b, Field t, float[] values) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(values.length * 4 + 64);
    for (Field f : fields(b, t.start, t.end, "tensor")) {
      if (f.number != TENSOR_RAW_DATA && f.number != TENSOR_FLOAT_DATA) {
        out.write(b, f.tagStart, f.end - f.tagStart);
      }
    }
    ByteBuffer raw = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    raw.asFloatBuffer().put(values);
    writeLengthDelimited(out, TENSOR_RAW_DATA, raw.array());
    return out.toByteArray();
  }

  private static Tensor tensor(byte[] b, Field t) {
    List<Long> dims = new ArrayList<>();
    long type = -1;
    String name = null;
    Field raw = null;
    List<Field> floats = new ArrayList<>();
    for (Field f : fields(b, t.start, t.end, "tensor")) {
      switch (f.number) {
        case TENSOR_DIMS -> {
          if (f.wire == 0) {
            dims.add(f.value);
          } else if (f.wire == 2) {
            int[] pos = {f.start};
            while (pos[0] < f.end) {
              dims.add(varint(b, pos, f.end));
            }
          }
        }
        case TENSOR_DATA_TYPE -> type = f.value;
        case TENSOR_NAME -> name = new String(b, f.start, f.end - f.start, StandardCharsets.UTF_8);
        case TENSOR_RAW_DATA -> raw = f;
        case TENSOR_FLOAT_DATA -> floats.add(f);
        default -> { }
      }
    }
    if (type != FLOAT || name == null) {
      return null;
    }
    long[] shape = dims.stream().mapToLong(Long::longValue).toArray();
    float[] v;
    if (raw != null) {
      v = new float[(raw.end - raw.start) / 4];
      ByteBuffer.wrap(b, raw.start, raw.end - raw.start).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(v);
    } else {
      // float_data, packed (wire type 2) or one value per field (wire type 5)
      List<Float> vals = new ArrayList<>();
      for (Field f : floats) {
        ByteBuffer bb = f.wire == 2 ? ByteBuffer.wrap(b, f.start, f.end - f.start)
            : ByteBuffer.wrap(b, f.start, 4);
        bb.order(ByteOrder.LITTLE_ENDIAN);
        while (bb.remaining() >= 4) {
          vals.add(bb.getFloat());
        }
      }
      v = new float[vals.size()];
      for (int i = 0; i < v.length; i++) {
        v[i] = vals.get(i);
      }
    }
    return new Tensor(name, shape, v);
  }

  /** A field: its number, wire type, where its tag starts, where its value lies ([start, end)) and its varint. */
  record Field(int number, int wire, int tagStart, int start, int end, long value) {}

  static List<Field> fields(byte[] b, int from, int to, String what) {
    List<Field> out = new ArrayList<>();
    int[] pos = {from};
    while (pos[0] < to) {
      int tagStart = pos[0];
      long key = varint(b, pos, to);
      int number = (int) (key >>> 3);
      int wire = (int) (key & 7);
      switch (wire) {
        case 0 -> {
          int s = pos[0];
          long v = varint(b, pos, to);
          out.add(new Field(number, wire, tagStart, s, pos[0], v));
        }
        case 1, 5 -> {
          int n = wire == 1 ? 8 : 4;
          check(pos[0] + n <= to, what);
          out.add(new Field(number, wire, tagStart, pos[0], pos[0] + n, 0));
          pos[0] += n;
        }
        case 2 -> {
          long n = varint(b, pos, to);
          check(n >= 0 && pos[0] + n <= to, what);
          out.add(new Field(number, wire, tagStart, pos[0], (int) (pos[0] + n), 0));
          pos[0] += (int) n;
        }
        default -> throw new ModelLoadException("malformed ONNX " + what + ": unknown wire type " + wire + " at byte "
            + tagStart);
      }
    }
    return out;
  }

  private static void check(boolean ok, String what) {
    if (!ok) {
      throw new ModelLoadException("malformed ONNX " + what + ": a field runs past its end (truncated file?)");
    }
  }

  private static long varint(byte[] b, int[] pos, int to) {
    long r = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      check(pos[0] < to, "varint");
      byte c = b[pos[0]++];
      r |= (long) (c & 0x7f) << shift;
      if ((c & 0x80) == 0) {
        return r;
      }
    }
    throw new ModelLoadException("malformed ONNX: a varint is longer than 10 bytes");
  }

  static void writeVarint(ByteArrayOutputStream out, long v) {
    while ((v & ~0x7fL) != 0) {
      out.write((int) ((v & 0x7f) | 0x80));
      v >>>= 7;
    }
    out.write((int) v);
  }

  static void writeLengthDelimited(ByteArrayOutputStream out, int number, byte[] value) {
    writeVarint(out, ((long) number << 3) | 2);
    writeVarint(out, value.length);
    out.write(value, 0, value.length);
  }
}
