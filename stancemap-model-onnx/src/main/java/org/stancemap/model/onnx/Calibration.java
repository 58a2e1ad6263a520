package org.stancemap.model.onnx;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.io.IOException;
import java.nio.LongBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import org.stancemap.ModelLoadException;
import org.stancemap.codebook.Codebook;
import org.stancemap.codebook.CodebookLoader;
import org.stancemap.codebook.Label;
import org.stancemap.codebook.Target;

/**
 * Measures the activation ranges of a catalogued int8 model for {@link StaticQuantization}: every text is run
 * alone (no padding) through the shipped graph with its dynamic quantisation parameters exposed, and each
 * activation's range is the union of the ranges its batches had. A developer tool, run by {@code
 * bench/calibrate.sh}; the tables it writes ship in this module's resources.
 *
 * <p>The calibration texts are the built-in codebook's own exemplars and near misses (tweets, posts, essay
 * sentences in every voice of the debate) plus any text files given, one text per line.
 */
public final class Calibration {
  private Calibration() {}

  /** The ranges of {@code weights} (a catalogued model's shipped int8 graph) over {@code texts}. */
  static StaticQuantization.Table calibrate(OnnxEmbeddingModel.Catalog c, byte[] weights, List<String> texts) {
    List<StaticQuantization.DynamicNode> nodes = StaticQuantization.dynamicNodes(weights);
    if (nodes.isEmpty()) {
      throw new ModelLoadException(c.id + " quantises no activation dynamically; there is nothing to calibrate");
    }
    Map<String, StaticQuantization.Range> ranges = new LinkedHashMap<>();
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    try (HuggingFaceTokenizer tokenizer = OnnxEmbeddingModel.tokenizer(c);
        OrtSession.SessionOptions opts = new OrtSession.SessionOptions()) {
      opts.setIntraOpNumThreads(1);
      opts.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.BASIC_OPT);
      try (OrtSession session = env.createSession(StaticQuantization.exposeParameters(weights), opts)) {
        boolean types = session.getInputNames().contains("token_type_ids");
        for (String text : texts) {
          long[] ids = tokenizer.encode(text).getIds();
          long[] mask = new long[ids.length];
          Arrays.fill(mask, 1L);
          long[] shape = {1, ids.length};
          try (OnnxTensor tIds = OnnxTensor.createTensor(env, LongBuffer.wrap(ids), shape);
              OnnxTensor tMask = OnnxTensor.createTensor(env, LongBuffer.wrap(mask), shape);
              OnnxTensor tTypes = OnnxTensor.createTensor(env, LongBuffer.wrap(new long[ids.length]), shape)) {
            Map<String, OnnxTensor> in = new HashMap<>(Map.of("input_ids", tIds, "attention_mask", tMask));
            if (types) {
              in.put("token_type_ids", tTypes);
            }
            try (OrtSession.Result r = session.run(in)) {
              for (StaticQuantization.DynamicNode n : nodes) {
                float scale = ((OnnxTensor) r.get(n.scale()).orElseThrow()).getFloatBuffer().get(0);
                int zero = ((OnnxTensor) r.get(n.zeroPoint()).orElseThrow()).getByteBuffer().get(0) & 0xff;
                ranges.merge(n.input(), StaticQuantization.rangeOf(scale, zero), StaticQuantization.Range::union);
              }
            }
          }
        }
      }
    } catch (OrtException e) {
      throw new ModelLoadException("ONNX Runtime failed while calibrating " + c.id + ": " + e.getMessage(), e);
    }
    return StaticQuantization.parse(new StaticQuantization.Table(ranges, "").format(List.of()), "calibration of " + c.id);
  }

  /** The built-in codebook's exemplars and near misses, in codebook order, each once. */
  static List<String> codebookTexts() {
    Codebook cb = CodebookLoader.builtin(CodebookLoader.DEFAULT);
    LinkedHashSet<String> out = new LinkedHashSet<>();
    for (Target t : cb.targets()) {
      t.stances().values().forEach(s -> out.addAll(s.exemplars()));
    }
    List<Label> labels = new ArrayList<>(cb.narratives());
    labels.addAll(cb.techniques());
    labels.addAll(cb.roles());
    cb.positions().forEach(p -> labels.add(p.label()));
    for (Label l : labels) {
      out.addAll(l.exemplars());
      out.addAll(l.nearMisses());
    }
    return new ArrayList<>(out);
  }

  /**
   * {@code Calibration MODEL-ID OUT [TEXT-FILE...]}: writes the table of a catalogued model to OUT.
   */
  public static void main(String[] args) throws IOException {
    if (args.length < 2) {
      System.err.println("usage: Calibration MODEL-ID OUT [TEXT-FILE...]   (models: "
          + OnnxEmbeddingModel.Catalog.ids() + ")");
      System.exit(2);
    }
    OnnxEmbeddingModel.Catalog c = OnnxEmbeddingModel.Catalog.byId(args[0]);
    List<String> texts = codebookTexts();
    for (int i = 2; i < args.length; i++) {
      for (String line : Files.readAllLines(Path.of(args[i]), StandardCharsets.UTF_8)) {
        if (!line.isBlank()) {
          texts.add(line.strip());
        }
      }
    }
    byte[] weights = OnnxEmbeddingModel.resource(c.model, c);
    StaticQuantization.Table t = calibrate(c, weights, texts);
    String source = "the built-in codebook's exemplars and near misses"
        + (args.length > 2 ? " and the lines of " + String.join(", ", List.of(args).subList(2, args.length)) : "");
    Files.writeString(Path.of(args[1]), format(t, c, weights, texts.size(), source), StandardCharsets.UTF_8);
    System.err.println("wrote " + t.ranges().size() + " ranges of " + c.id + " to " + args[1]);
  }

  private static String format(StaticQuantization.Table t, OnnxEmbeddingModel.Catalog c, byte[] weights, int n,
      String source) {
    return t.format(List.of(
        "Static int8 activation ranges of " + c.id + " (weights SHA-256 "
            + OnnxEmbeddingModel.weightsSha256(weights, c.known) + ").",
        "Measured by bench/calibrate.sh on " + n + " texts (" + source + "), each run alone.",
        "One line per dynamically quantised activation: tensor, min, max. See StaticQuantization."));
  }
}
