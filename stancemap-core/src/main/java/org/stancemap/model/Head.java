package org.stancemap.model;

import java.util.List;
import java.util.Objects;

/**
 * A trained, calibrated multinomial logistic-regression head over one codebook dimension (stance toward a target,
 * narratives, techniques, roles, positions). Immutable and thread-safe.
 *
 * @param buckets the lexical hash buckets that have weights, strictly ascending (looked up through a
 *     {@link BucketIndex})
 * @param sparse per class, the weight of each bucket in {@code buckets}
 * @param lexicalWeight scale of the lexical features at training time
 * @param temperature calibration temperature: probabilities are {@code softmax(logits / temperature)}
 * @param tfidf the head's own TF-IDF features (heads trained on coded data), or null for the shared hashed
 *     n-grams of {@link LexicalFeatures}. With it, the sparse input is computed from {@link Example#text()}; an
 *     example without text is taken to hold these features already.
 * @param index the column of each of {@code buckets} and a by-column copy of {@code sparse}, built from them (the
 *     constructors without it build it; a copy of a head made by {@link #withTemperature} or
 *     {@link #withBiasOffset} shares it)
 */
public record Head(
    String id,
    List<String> classes,
    float[][] dense,
    int[] buckets,
    float[][] sparse,
    float[] bias,
    int lexicalBits,
    double lexicalWeight,
    double temperature,
    TfIdfFeatures tfidf,
    BucketIndex index) {

  /** A head with its own TF-IDF features (or null for the shared hashed n-grams). */
  public Head(String id, List<String> classes, float[][] dense, int[] buckets, float[][] sparse, float[] bias,
      int lexicalBits, double lexicalWeight, double temperature, TfIdfFeatures tfidf) {
    this(id, classes, dense, buckets, sparse, bias, lexicalBits, lexicalWeight, temperature, tfidf,
        BucketIndex.of(buckets, sparse));
  }

  /** A head over the shared hashed n-grams. */
  public Head(String id, List<String> classes, float[][] dense, int[] buckets, float[][] sparse, float[] bias,
      int lexicalBits, double lexicalWeight, double temperature) {
    this(id, classes, dense, buckets, sparse, bias, lexicalBits, lexicalWeight, temperature, null);
  }

  /** This head with another temperature. */
  public Head withTemperature(double t) {
    return new Head(id, classes, dense, buckets, sparse, bias, lexicalBits, lexicalWeight, t, tfidf, index);
  }

  /** This head with {@code offset} added to its biases (per class). */
  public Head withBiasOffset(double[] offset) {
    float[] b = bias.clone();
    for (int i = 0; i < b.length; i++) {
      b[i] += (float) offset[i];
    }
    return new Head(id, classes, dense, buckets, sparse, b, lexicalBits, lexicalWeight, temperature, tfidf, index);
  }

  /** The sparse input this head reads from {@code x}. */
  public LexicalFeatures.Sparse sparseInput(Example x) {
    return tfidf == null || x.text() == null ? x.sparse() : tfidf.features(x.text());
  }

  public Head {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(index, "index");
    classes = List.copyOf(classes);
    if (dense.length != classes.size() || sparse.length != classes.size() || bias.length != classes.size()) {
      throw new IllegalArgumentException("head " + id + ": weights must have one row per class (" + classes.size()
          + ")");
    }
    if (index.classes() != classes.size()) {
      throw new IllegalArgumentException("head " + id + ": its bucket index holds weights for " + index.classes()
          + " classes, not " + classes.size() + " (build it with BucketIndex.of(buckets, sparse))");
    }
    if (!(temperature > 0)) {
      throw new IllegalArgumentException("head " + id + ": temperature must be positive: " + temperature);
    }
  }

  public int classIndex(String label) {
    int i = classes.indexOf(label);
    if (i < 0) {
      throw new IllegalArgumentException("head " + id + " has no class '" + label + "': " + classes);
    }
    return i;
  }

  /** Raw (uncalibrated) logits. */
  public double[] logits(Example x) {
    int k = classes.size();
    double[] z = new double[k];
    float[] xd = x.dense();
    for (int c = 0; c < k; c++) {
      double s = bias[c];
      float[] wc = dense[c];
      if (wc.length != xd.length) {
        throw new IllegalArgumentException("head " + id + " takes " + wc.length + " dense features, got "
            + xd.length + " (inputs must be built with HeadInputs)");
      }
      for (int j = 0; j < wc.length; j++) {
        s += wc[j] * xd[j];
      }
      z[c] = s;
    }
    LexicalFeatures.Sparse xs = sparseInput(x);
    int[] si = xs.index();
    float[] sv = xs.value();
    for (int j = 0; j < si.length; j++) {
      int col = index.column(si[j]);
      if (col >= 0) {
        double val = sv[j] * lexicalWeight;
        for (int c = 0; c < k; c++) {
          z[c] += index.weight(col, c) * val; // sparse[c][col], stored by column
        }
      }
    }
    return z;
  }

  /** The index of the largest probability (the first of equal ones): the head's predicted class. */
  public static int argmax(double[] p) {
    int k = 0;
    for (int i = 1; i < p.length; i++) {
      if (p[i] > p[k]) {
        k = i;
      }
    }
    return k;
  }

  /** Calibrated class probabilities, in {@link #classes()} order. */
  public double[] probabilities(Example x) {
    return softmax(logits(x), temperature);
  }

  public static double[] softmax(double[] z, double t) {
    double max = Double.NEGATIVE_INFINITY;
    for (double v : z) {
      max = Math.max(max, v / t);
    }
    double[] p = new double[z.length];
    double s = 0;
    for (int i = 0; i < z.length; i++) {
      p[i] = Math.exp(z[i] / t - max);
      s += p[i];
    }
    for (int i = 0; i < z.length; i++) {
      p[i] /= s;
    }
    return p;
  }

  @Override
  public boolean equals(Object o) {
    return this == o;
  }

  @Override
  public int hashCode() {
    return System.identityHashCode(this);
  }

  @Override
  public String toString() {
    return "Head[" + id + ", classes=" + classes + ", T=" + temperature + "]";
  }
}
