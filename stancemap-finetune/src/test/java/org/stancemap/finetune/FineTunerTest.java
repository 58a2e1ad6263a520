package org.stancemap.finetune;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.stancemap.InvalidInputException;
import org.stancemap.model.onnx.OnnxEmbeddingModel;

class FineTunerTest {
  static byte[] base;

  @BeforeAll
  static void load() {
    base = EncoderTraining.resource(EncoderTraining.BASE_MODEL);
  }

  private static final List<String> SENTENCES = List.of(
      "The council voted to repair the old bridge before winter.",
      "Arms deliveries to Kyiv must continue until the occupiers leave.",
      "We stand with the workers of Ukraine against Putin's invasion.",
      "NATO expansion forced Moscow's hand, and the West is to blame.",
      "Short one.");

  /** Vectors from ONNX Runtime running {@code model} through the product's embedding code. */
  private static float[][] onnxVectors(byte[] model, List<String> texts) throws Exception {
    Path f = Files.createTempFile("stancemap-encoder", ".onnx");
    try {
      Files.write(f, model);
      try (OnnxEmbeddingModel m = OnnxEmbeddingModel.openFineTuned(f, 1, 32)) {
        // one text per call: no padding, so the comparison does not depend on batch-mates
        float[][] out = new float[texts.size()][];
        for (int i = 0; i < texts.size(); i++) {
          out[i] = m.embed(List.of(texts.get(i)))[0];
        }
        return out;
      }
    } finally {
      Files.deleteIfExists(f);
    }
  }

  private static float[][] djlVectors(byte[] model, List<String> texts) {
    try (NDManager manager = Engine.getEngine("PyTorch").newBaseManager();
         Encoder enc = Encoder.load(model, EncoderTraining.HEADS, manager);
         HuggingFaceTokenizer tok = EncoderTraining.tokenizer(256)) {
      List<FineTuner.Example> ex = texts.stream().map(t -> new FineTuner.Example(t, Map.of())).toList();
      FineTuner.Tokens tokens = FineTuner.Tokens.of(tok, ex, 256);
      List<Integer> idx = new ArrayList<>();
      for (int i = 0; i < texts.size(); i++) {
        idx.add(i);
      }
      NDArray[] in = tokens.batch(manager, idx);
      NDArray v = enc.embed(in[0], in[1], 0f);
      float[] flat = v.toFloatArray();
      int dim = (int) v.getShape().get(1);
      float[][] out = new float[texts.size()][dim];
      for (int i = 0; i < out.length; i++) {
        System.arraycopy(flat, i * dim, out[i], 0, dim);
      }
      return out;
    }
  }

  private static double cos(float[] a, float[] b) {
    double d = 0;
    double na = 0;
    double nb = 0;
    for (int i = 0; i < a.length; i++) {
      d += a[i] * b[i];
      na += a[i] * a[i];
      nb += b[i] * b[i];
    }
    return d / Math.sqrt(na * nb);
  }

  @Test
  void theTrainableEncoderComputesWhatTheOnnxGraphComputes() throws Exception {
    // padded batch on the DJL side (the mask must hide the padding), single texts on the ONNX side
    float[][] djl = djlVectors(base, SENTENCES);
    float[][] ort = onnxVectors(base, SENTENCES);
    for (int i = 0; i < SENTENCES.size(); i++) {
      assertTrue(cos(djl[i], ort[i]) > 0.9999, SENTENCES.get(i) + ": cosine " + cos(djl[i], ort[i]));
    }
  }

  @Test
  void fineTuningSeparatesTheCodedClassesAndTheWrittenGraphRunsOnOnnxRuntime() throws Exception {
    List<String> favor = List.of("We must send Ukraine more weapons to defend itself.",
        "Solidarity with Ukrainians resisting the invasion.", "Ukraine has every right to defend its land.",
        "Support Ukraine's armed resistance now.", "Glory to the defenders of Kharkiv.",
        "Ukrainian workers deserve our full support.");
    List<String> against = List.of("Ukraine is a puppet of Washington and deserves no help.",
        "The Kyiv regime provoked this war.", "Stop arming the corrupt government in Kyiv.",
        "Ukraine's leaders are Western stooges.", "Kyiv's army shells its own people.",
        "Not one cent more for the Ukrainian regime.");
    List<FineTuner.Example> train = new ArrayList<>();
    favor.forEach(t -> train.add(new FineTuner.Example(t, Map.of("stance:ukraine", "favor"))));
    against.forEach(t -> train.add(new FineTuner.Example(t, Map.of("stance:ukraine", "against"))));
    List<FineTuner.Dimension> dims = List.of(new FineTuner.Dimension("stance:ukraine",
        List.of("favor", "against", "none"), List.of("favor", "against")));
    FineTuner.Options o = new FineTuner.Options(4, 4, 2e-4, 5e-3, 64, 0.1f, 0.01, 0.1, true, 20f, 7L);
    List<String> log = new ArrayList<>();
    FineTuner.Result r;
    try (HuggingFaceTokenizer tok = EncoderTraining.tokenizer(64)) {
      r = FineTuner.fineTune(base, EncoderTraining.HEADS, tok, dims, train, train, o, log::add);
    }
    assertEquals(4, r.epochs().size());
    assertEquals(4, log.stream().filter(l -> l.contains("validation")).count());
    assertTrue(r.bestEpoch() >= 1 && r.bestEpoch() <= 4);
    assertTrue(r.epochs().getLast().loss() < r.epochs().getFirst().loss(), "the loss falls: " + log);
    assertEquals(0, r.epochs().stream().mapToInt(FineTuner.Epoch::skippedSteps).sum(), "no step lost: " + log);
    assertTrue(r.bestValidation() >= 0.9, "the coded texts are learned: " + log);
    // the written model is the base graph with new weights: ONNX Runtime runs it, and the classes lie further apart
    List<String> all = new ArrayList<>(favor);
    all.addAll(against);
    double before = margin(onnxVectors(base, all), favor.size());
    double after = margin(onnxVectors(r.model(), all), favor.size());
    assertTrue(after > before + 0.03, "within-class minus between-class cosine: before " + before + ", after " + after);
    assertFalse(Arrays.equals(base, r.model()));
  }

  /** Mean cosine within classes minus mean cosine between them; the first {@code split} vectors are one class. */
  private static double margin(float[][] v, int split) {
    double within = 0;
    double between = 0;
    int nw = 0;
    int nb = 0;
    for (int i = 0; i < v.length; i++) {
      for (int j = i + 1; j < v.length; j++) {
        if ((i < split) == (j < split)) {
          within += cos(v[i], v[j]);
          nw++;
        } else {
          between += cos(v[i], v[j]);
          nb++;
        }
      }
    }
    return within / nw - between / nb;
  }

  @Test
  void refusesMissingValidationAndUnknownClasses() {
    List<FineTuner.Dimension> dims = List.of(new FineTuner.Dimension("stance:russia",
        List.of("favor", "against", "none"), List.of("favor", "against")));
    List<FineTuner.Example> train = List.of(new FineTuner.Example("Text.", Map.of("stance:russia", "favor")));
    try (HuggingFaceTokenizer tok = EncoderTraining.tokenizer(32)) {
      FineTuner.Options o = FineTuner.Options.defaults().withEpochs(1);
      assertThrows(InvalidInputException.class,
          () -> FineTuner.fineTune(base, 12, tok, dims, train, List.of(), o, s -> { }));
      List<FineTuner.Example> bad = List.of(new FineTuner.Example("Text.", Map.of("stance:russia", "maybe")));
      InvalidInputException e = assertThrows(InvalidInputException.class,
          () -> FineTuner.fineTune(base, 12, tok, dims, bad, train, o, s -> { }));
      assertTrue(e.getMessage().contains("maybe"), e.getMessage());
    }
    assertThrows(IllegalArgumentException.class, () -> FineTuner.Options.defaults().withEpochs(0));
  }
}
