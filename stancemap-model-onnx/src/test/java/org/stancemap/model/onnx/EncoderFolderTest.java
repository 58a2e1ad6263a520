package org.stancemap.model.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stancemap.ModelLoadException;
import org.stancemap.model.EmbeddingModel;
import org.stancemap.text.Span;

/**
 * {@code --encoder DIR}: any sentence-transformers model exported to ONNX, tried with the three encoders Maven
 * serves, which differ in tokenizer and pooling: all-MiniLM-L6-v2 (mean), bge-small-en-v1.5 (CLS, from
 * 1_Pooling/config.json) and e5-small-v2 (mean, with the "query: " prefix from stancemap-encoder.json).
 */
class EncoderFolderTest {
  @TempDir Path tmp;

  private Path folder(String name, String model, String tokenizer) throws Exception {
    Path dir = Files.createDirectories(tmp.resolve(name));
    copy(model, dir.resolve("model.onnx"));
    copy(tokenizer, dir.resolve("tokenizer.json"));
    return dir;
  }

  private static void copy(String resource, Path to) throws Exception {
    try (InputStream in = EncoderFolderTest.class.getResourceAsStream(resource)) {
      Files.copy(in, to);
    }
  }

  private static double cos(float[] a, float[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += a[i] * b[i];
    }
    return s;
  }

  private static void separatesMeaning(EmbeddingModel m) {
    float[][] v = m.embed(List.of("Russia's army shelled the city of Kharkiv overnight.",
        "Russian artillery hit Kharkiv during the night.", "My grandmother bakes bread every Sunday morning."));
    assertTrue(cos(v[0], v[1]) > cos(v[0], v[2]) + 0.1, m.info().id() + ": paraphrase " + cos(v[0], v[1])
        + " vs unrelated " + cos(v[0], v[2]));
  }

  @Test
  void miniLmFromAFolderMatchesTheCataloguedModel() throws Exception {
    Path dir = folder("minilm", "/all-minilm-l6-v2-q.onnx", "/all-minilm-l6-v2-q-tokenizer.json");
    String text = "Neither Washington nor Moscow deserves the support of workers.";
    try (OnnxEmbeddingModel f = OnnxEmbeddingModel.openFolder(dir, 1, 32);
         OnnxEmbeddingModel c = OnnxEmbeddingModel.open(OnnxEmbeddingModel.Catalog.ALL_MINILM_L6_V2_Q, 1, 32)) {
      assertEquals("encoder:minilm", f.info().id());
      assertEquals(384, f.info().dimension());
      // the folder runs the int8 graph with dynamic activation quantisation, the catalogue with static ranges
      assertTrue(cos(f.embed(List.of(text))[0], c.embed(List.of(text))[0]) > 0.97);
      separatesMeaning(f);
    }
  }

  @Test
  void bgeTakesClsPoolingFromItsPoolingConfig() throws Exception {
    Path dir = folder("bge", "/bge-small-en-v1.5-q.onnx", "/bge-small-en-v1.5-q-tokenizer.json");
    Files.createDirectories(dir.resolve("1_Pooling"));
    String text = "The Kremlin's war is an imperialist war of conquest.";
    float[] mean;
    String meanSha;
    try (OnnxEmbeddingModel m = OnnxEmbeddingModel.openFolder(dir, 1, 32)) {
      mean = m.embed(List.of(text))[0];
      meanSha = m.info().weightsSha256();
    }
    Files.writeString(dir.resolve("1_Pooling/config.json"),
        "{\"word_embedding_dimension\": 384, \"pooling_mode_cls_token\": true, \"pooling_mode_mean_tokens\": false}");
    try (OnnxEmbeddingModel m = OnnxEmbeddingModel.openFolder(dir, 1, 32);
         OnnxEmbeddingModel c = OnnxEmbeddingModel.open(OnnxEmbeddingModel.Catalog.BGE_SMALL_EN_V15_Q, 1, 32)) {
      float[] cls = m.embed(List.of(text))[0];
      assertTrue(cos(cls, mean) < 0.99, "CLS and mean pooling give different vectors");
      assertNotEquals(meanSha, m.info().weightsSha256(), "the pooling is part of the encoder's identity");
      assertTrue(cos(cls, c.embed(List.of(text))[0]) > 0.97, "the catalogued bge pools by CLS too");
      separatesMeaning(m);
    }
  }

  @Test
  void e5TakesItsPrefixAndSpansStayOnTheText() throws Exception {
    Path dir = folder("e5", "/e5-small-v2-q.onnx", "/e5-small-v2-q-tokenizer.json");
    String text = "Ukrainian unions keep the railways running under fire.";
    Span unions = new Span(text.indexOf("unions"), text.indexOf("unions") + 6);
    float[] plain;
    float[] plainSpan;
    int plainTokens;
    try (OnnxEmbeddingModel m = OnnxEmbeddingModel.openFolder(dir, 1, 32)) {
      plainTokens = m.tokenCounts(List.of(text))[0];
      var e = m.embedSpans(List.of(new EmbeddingModel.SpanInput(text, List.of(unions)))).get(0);
      plain = e.text();
      plainSpan = e.spans().get(0);
    }
    Files.writeString(dir.resolve("stancemap-encoder.json"), "{\"pooling\": \"mean\", \"prefix\": \"query: \"}");
    try (OnnxEmbeddingModel m = OnnxEmbeddingModel.openFolder(dir, 1, 32)) {
      var e = m.embedSpans(List.of(new EmbeddingModel.SpanInput(text, List.of(unions)))).get(0);
      assertTrue(cos(e.text(), plain) < 0.9999, "the prefix changes the text's vector");
      // the span is shifted past the prefix: it still pools the word "unions", so it stays close to the span
      // pooled without a prefix, and far from the prefix's own tokens
      assertTrue(cos(e.spans().get(0), plainSpan) > 0.9, "span vector " + cos(e.spans().get(0), plainSpan));
      assertEquals(plainTokens + 2, m.tokenCounts(List.of(text))[0], "token counts include the prefix's two tokens");
      separatesMeaning(m);
    }
  }

  @Test
  void aFolderWithoutItsFilesIsRefusedWithWhatIsMissing() throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("empty"));
    ModelLoadException e = assertThrows(ModelLoadException.class, () -> OnnxEmbeddingModel.openFolder(dir, 1, 32));
    assertTrue(e.getMessage().contains("model.onnx"), e.getMessage());
    Path file = Files.writeString(tmp.resolve("model.onnx"), "x");
    e = assertThrows(ModelLoadException.class, () -> OnnxEmbeddingModel.openFolder(file, 1, 32));
    assertTrue(e.getMessage().contains("not a folder"), e.getMessage());
  }
}
