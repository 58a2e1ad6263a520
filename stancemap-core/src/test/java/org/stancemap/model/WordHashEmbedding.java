package org.stancemap.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.stancemap.text.Hashing;

/**
 * A deterministic stand-in for a sentence encoder in core's tests (core cannot load the ONNX model, which lives in
 * another module): each word adds a fixed pseudo-random direction, and the sum is L2-normalised. It knows nothing
 * about stance, so whatever a head learns beyond it comes from the features under test. Not contextual: a span's
 * vector is that of the span's own words.
 */
public final class WordHashEmbedding implements EmbeddingModel {
  public static final int DIMENSION = 16;

  @Override
  public EmbeddingInfo info() {
    return new EmbeddingInfo("word-hash-16", DIMENSION, Hashing.sha256("word-hash-16"), "test embedding");
  }

  @Override
  public List<Embedded> embedSpans(List<SpanInput> inputs) {
    List<Embedded> out = new ArrayList<>();
    for (SpanInput in : inputs) {
      out.add(new Embedded(vector(in.text()), in.spans().stream().map(s -> vector(s.of(in.text()))).toList()));
    }
    return out;
  }

  private static float[] vector(String text) {
    float[] v = new float[DIMENSION];
    for (String w : LexicalFeatures.words(text)) {
      Random r = new Random(w.hashCode());
      for (int j = 0; j < DIMENSION; j++) {
        v[j] += (float) r.nextGaussian();
      }
    }
    double n = 0;
    for (float x : v) {
      n += x * x;
    }
    for (int j = 0; j < DIMENSION; j++) {
      v[j] = n == 0 ? 0 : (float) (v[j] / Math.sqrt(n));
    }
    return v;
  }

  @Override
  public void close() {}
}
