package org.stancemap.model.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The shipped MiniLM model, run for real. */
class OnnxEmbeddingModelTest {
  static OnnxEmbeddingModel model;

  @BeforeAll
  static void open() {
    model = OnnxEmbeddingModel.open(OnnxEmbeddingModel.Catalog.ALL_MINILM_L6_V2_Q, 2, 32);
  }

  @AfterAll
  static void close() {
    model.close();
  }

  private static final List<String> TEXTS = List.of(
      "Why the Western left keeps silent on Ukraine",
      "Putin has repeatedly claimed that the expansion of the alliance left Moscow with no choice but to act.",
      "Ukrainian workers",
      "Independent unions are organising aid convoys for miners and nurses near the front line, and the audience "
          + "applauded at length.",
      "Ukrainian workers",
      "Talks must begin at once.");

  @Test
  void sameListGivesTheSameVectorsAndRepeatsAreEqualCopies() {
    float[][] a = model.embed(TEXTS);
    float[][] b = model.embed(TEXTS);
    assertEquals(TEXTS.size(), a.length);
    for (int i = 0; i < a.length; i++) {
      assertArrayEquals(a[i], b[i], "text " + i);
      assertEquals(384, a[i].length);
      double norm = 0;
      for (float f : a[i]) {
        norm += f * f;
      }
      assertEquals(1.0, norm, 1e-4, "unit length");
    }
    assertArrayEquals(a[2], a[4], "a repeated text gets the same vector");
    assertNotSame(a[2], a[4], "but its own array");
  }

  @Test
  void vectorsDependOnTheTextNotOnItsPosition() {
    // Batches depend on the token counts only, so reordering the list moves vectors with their texts. With int8
    // activations quantised per batch the values may differ in the last digits, never more.
    float[][] a = model.embed(TEXTS);
    List<String> reversed = new java.util.ArrayList<>(TEXTS);
    java.util.Collections.reverse(reversed);
    float[][] r = model.embed(reversed);
    for (int i = 0; i < a.length; i++) {
      float[] x = a[i];
      float[] y = r[a.length - 1 - i];
      double dot = 0;
      for (int k = 0; k < x.length; k++) {
        dot += x[k] * y[k];
      }
      assertTrue(dot > 0.999, "text " + i + ": cosine " + dot);
    }
  }

  @Test
  void relatedSentencesAreCloserThanUnrelatedOnes() {
    float[][] v = model.embed(List.of("Russia invaded Ukraine in February 2022.",
        "The Russian army attacked Ukraine in 2022.", "My grandmother bakes excellent apple pie."));
    assertTrue(dot(v[0], v[1]) > dot(v[0], v[2]) + 0.2, "paraphrase closer than an unrelated sentence");
  }

  private static double dot(float[] a, float[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += a[i] * b[i];
    }
    return s;
  }

  @Test
  void recordedHashesAreTheRealSha256OfTheShippedWeights() throws java.io.IOException {
    for (OnnxEmbeddingModel.Catalog c : OnnxEmbeddingModel.Catalog.values()) {
      byte[] w;
      try (java.io.InputStream in = OnnxEmbeddingModel.class.getResourceAsStream(c.model)) {
        w = in.readAllBytes();
      }
      assertEquals(org.stancemap.text.Hashing.sha256(w), c.known.sha256(), c.id + ": update Catalog.Known");
      assertEquals(w.length, c.known.length(), c.id);
      assertEquals(c.known.sha256(), OnnxEmbeddingModel.weightsSha256(w, c.known));
      // Other bytes (here: one byte changed) are hashed, not looked up.
      byte[] changed = w.clone();
      changed[1000] ^= 1;
      assertEquals(org.stancemap.text.Hashing.sha256(changed), OnnxEmbeddingModel.weightsSha256(changed, c.known));
    }
    assertEquals(model.info().weightsSha256(), OnnxEmbeddingModel.Catalog.ALL_MINILM_L6_V2_Q.known.sha256());
  }
}
