package org.stancemap.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;

/**
 * Multinomial logistic regression over dense (embedding) plus sparse (lexical) features, trained full-batch with
 * Adam, L2 regularisation and balanced class weights, then calibrated by temperature scaling on K-fold
 * out-of-fold predictions. Deterministic for a given seed. Training is single-threaded; a trained {@link Head} is
 * immutable and thread-safe.
 */
public final class SoftmaxRegression {

  /**
   * Hyper-parameters.
   *
   * @param l2 L2 penalty on all weights
   * @param lexicalWeight scale applied to the sparse features relative to the unit-length embedding
   * @param iterations full-batch Adam steps
   * @param learningRate Adam step size
   * @param folds folds used to fit the temperature (fewer than 2: no calibration)
   * @param seed seed for the fold assignment
   */
  public record Params(double l2, double lexicalWeight, int iterations, double learningRate, int folds, long seed) {
    public static Params defaults() {
      return new Params(1e-3, 1.0, 200, 0.05, 5, 42L);
    }

    public Params withL2(double v) {
      return new Params(v, lexicalWeight, iterations, learningRate, folds, seed);
    }

    public Params withLexicalWeight(double v) {
      return new Params(l2, v, iterations, learningRate, folds, seed);
    }
  }

  private SoftmaxRegression() {}

  /** Trains a calibrated head with balanced class weights. */
  public static Head train(String id, List<String> classes, List<Example> data, int lexicalBits, Params p) {
    return train(id, classes, data, lexicalBits, p, null);
  }

  /**
   * Trains a calibrated head. Every class in {@code classes} must occur in {@code data}.
   *
   * @param prior the share of the total training weight each class gets (null: equal shares). A "none" class that
   *     stands for every sentence without the label deserves a larger share than any single label.
   */
  public static Head train(String id, List<String> classes, List<Example> data, int lexicalBits, Params p,
      double[] prior) {
    return train(id, classes, data, lexicalBits, p, prior, null);
  }

  /**
   * Trains a head that computes its own sparse features with {@code tfidf} (null: the shared hashed n-grams). The
   * examples' {@code sparse} must already hold those features.
   */
  public static Head train(String id, List<String> classes, List<Example> data, int lexicalBits, Params p,
      double[] prior, TfIdfFeatures tfidf) {
    int k = classes.size();
    int[] count = new int[k];
    for (Example e : data) {
      if (e.label() < 0 || e.label() >= k) {
        throw new IllegalArgumentException("head " + id + ": label index out of range: " + e.label());
      }
      count[e.label()]++;
    }
    // A class without examples is allowed (its weight is 0 and its logit learns to stay low: a user's coded data
    // may lack one label), but a head needs examples of two classes at least.
    if (Arrays.stream(count).filter(c -> c > 0).count() < 2) {
      throw new IllegalArgumentException("head " + id + ": examples of at least two classes are needed, got "
          + Arrays.toString(count) + " for " + classes);
    }
    double temperature = 1.0;
    if (p.folds() >= 2 && data.size() >= 2 * p.folds()) {
      temperature = fitTemperature(id, classes, data, lexicalBits, p, prior);
    }
    Raw raw = fit(data, k, p, prior);
    return raw.toHead(id, classes, lexicalBits, p.lexicalWeight(), temperature, tfidf);
  }

  private static double fitTemperature(String id, List<String> classes, List<Example> data, int bits, Params p,
      double[] prior) {
    int k = classes.size();
    int n = data.size();
    // Stratified fold assignment, shuffled with the seed.
    Integer[] order = new Integer[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    List<Integer> shuffled = new ArrayList<>(Arrays.asList(order));
    Collections.shuffle(shuffled, new Random(p.seed()));
    shuffled.sort((a, b) -> Integer.compare(data.get(a).label(), data.get(b).label()));
    int[] fold = new int[n];
    for (int i = 0; i < n; i++) {
      fold[shuffled.get(i)] = i % p.folds();
    }
    double[][] logits = new double[n][];
    for (int f = 0; f < p.folds(); f++) {
      List<Example> train = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        if (fold[i] != f) {
          train.add(data.get(i));
        }
      }
      Head h = fit(train, k, p, prior).toHead(id, classes, bits, p.lexicalWeight(), 1.0);
      for (int i = 0; i < n; i++) {
        if (fold[i] == f) {
          logits[i] = h.logits(data.get(i));
        }
      }
    }
    // Golden-section search on log T for the temperature minimising out-of-fold negative log-likelihood.
    return searchTemperature(logits, data);
  }

  /** The temperature that minimises the negative log-likelihood of {@code data} under {@code head}. */
  public static double fitTemperature(Head head, List<Example> data) {
    double[][] logits = new double[data.size()][];
    for (int i = 0; i < data.size(); i++) {
      logits[i] = head.logits(data.get(i));
    }
    return searchTemperature(logits, data);
  }

  /** The temperature that minimises the negative log-likelihood of {@code data} given their raw {@code logits}. */
  public static double fitTemperature(double[][] logits, List<Example> data) {
    if (logits.length != data.size()) {
      throw new IllegalArgumentException(logits.length + " logits for " + data.size() + " examples");
    }
    return searchTemperature(logits, data);
  }

  private static double searchTemperature(double[][] logits, List<Example> data) {
    double lo = Math.log(0.05);
    double hi = Math.log(20);
    double g = (Math.sqrt(5) - 1) / 2;
    for (int it = 0; it < 60; it++) {
      double a = hi - g * (hi - lo);
      double b = lo + g * (hi - lo);
      if (nll(logits, data, Math.exp(a)) < nll(logits, data, Math.exp(b))) {
        hi = b;
      } else {
        lo = a;
      }
    }
    return Math.exp((lo + hi) / 2);
  }

  private static double nll(double[][] logits, List<Example> data, double t) {
    double s = 0;
    for (int i = 0; i < logits.length; i++) {
      double[] pr = Head.softmax(logits[i], t);
      s -= Math.log(Math.max(1e-12, pr[data.get(i).label()]));
    }
    return s / logits.length;
  }

  /** Unscaled trained weights in a compact sparse index space. */
  private record Raw(float[][] dense, int[] buckets, float[][] sparse, float[] bias) {
    Head toHead(String id, List<String> classes, int bits, double lexWeight, double temperature) {
      return toHead(id, classes, bits, lexWeight, temperature, null);
    }

    Head toHead(String id, List<String> classes, int bits, double lexWeight, double temperature,
        TfIdfFeatures tfidf) {
      return new Head(id, classes, dense, buckets, sparse, bias, bits, lexWeight, temperature, tfidf);
    }
  }

  private static Raw fit(List<Example> data, int k, Params p, double[] prior) {
    int n = data.size();
    int d = data.get(0).dense().length;
    // Compact the sparse space to the buckets seen in training: others never get a gradient.
    TreeSet<Integer> seen = new TreeSet<>();
    for (Example e : data) {
      for (int b : e.sparse().index()) {
        seen.add(b);
      }
    }
    int[] buckets = seen.stream().mapToInt(Integer::intValue).toArray();
    Map<Integer, Integer> pos = new HashMap<>();
    for (int i = 0; i < buckets.length; i++) {
      pos.put(buckets[i], i);
    }
    int u = buckets.length;
    int[][] sIdx = new int[n][];
    float[][] sVal = new float[n][];
    for (int i = 0; i < n; i++) {
      LexicalFeatures.Sparse s = data.get(i).sparse();
      sIdx[i] = new int[s.index().length];
      sVal[i] = new float[s.index().length];
      for (int j = 0; j < s.index().length; j++) {
        sIdx[i][j] = pos.get(s.index()[j]);
        sVal[i][j] = (float) (s.value()[j] * p.lexicalWeight());
      }
    }
    int[] count = new int[k];
    for (Example e : data) {
      count[e.label()]++;
    }
    double[] cw = new double[k];
    for (int c = 0; c < k; c++) {
      double share = prior == null ? 1.0 / k : prior[c];
      cw[c] = count[c] == 0 ? 0 : share * n / count[c];
    }
    double wsum = 0;
    for (Example e : data) {
      wsum += cw[e.label()];
    }

    float[][] w = new float[k][d];
    float[][] v = new float[k][u];
    float[] b = new float[k];
    Adam aw = new Adam(k * d);
    Adam av = new Adam(k * u);
    Adam ab = new Adam(k);
    float[][] gw = new float[k][d];
    float[][] gv = new float[k][u];
    float[] gb = new float[k];
    double[] z = new double[k];
    for (int it = 1; it <= p.iterations(); it++) {
      for (float[] r : gw) {
        Arrays.fill(r, 0f);
      }
      for (float[] r : gv) {
        Arrays.fill(r, 0f);
      }
      Arrays.fill(gb, 0f);
      for (int i = 0; i < n; i++) {
        float[] x = data.get(i).dense();
        for (int c = 0; c < k; c++) {
          double s = b[c];
          float[] wc = w[c];
          for (int j = 0; j < d; j++) {
            s += wc[j] * x[j];
          }
          float[] vc = v[c];
          for (int j = 0; j < sIdx[i].length; j++) {
            s += vc[sIdx[i][j]] * sVal[i][j];
          }
          z[c] = s;
        }
        double[] pr = Head.softmax(z, 1.0);
        int y = data.get(i).label();
        double wi = cw[y] / wsum;
        for (int c = 0; c < k; c++) {
          float g = (float) (wi * (pr[c] - (c == y ? 1 : 0)));
          if (g == 0f) {
            continue;
          }
          float[] gwc = gw[c];
          for (int j = 0; j < d; j++) {
            gwc[j] += g * x[j];
          }
          float[] gvc = gv[c];
          for (int j = 0; j < sIdx[i].length; j++) {
            gvc[sIdx[i][j]] += g * sVal[i][j];
          }
          gb[c] += g;
        }
      }
      float l2 = (float) p.l2();
      for (int c = 0; c < k; c++) {
        for (int j = 0; j < d; j++) {
          gw[c][j] += l2 * w[c][j];
        }
        for (int j = 0; j < u; j++) {
          gv[c][j] += l2 * v[c][j];
        }
      }
      aw.step(w, gw, p.learningRate(), it);
      av.step(v, gv, p.learningRate(), it);
      ab.step(new float[][] {b}, new float[][] {gb}, p.learningRate(), it);
    }
    return new Raw(w, buckets, v, b);
  }

  /** Adam optimiser state over a k-by-m weight matrix flattened row by row. */
  private static final class Adam {
    private final float[] m;
    private final float[] s;

    Adam(int size) {
      m = new float[size];
      s = new float[size];
    }

    void step(float[][] w, float[][] g, double lr, int t) {
      double b1 = 0.9;
      double b2 = 0.999;
      double c1 = 1 - Math.pow(b1, t);
      double c2 = 1 - Math.pow(b2, t);
      int o = 0;
      for (int r = 0; r < w.length; r++) {
        float[] wr = w[r];
        float[] gr = g[r];
        for (int j = 0; j < wr.length; j++, o++) {
          float gj = gr[j];
          m[o] = (float) (b1 * m[o] + (1 - b1) * gj);
          s[o] = (float) (b2 * s[o] + (1 - b2) * gj * gj);
          wr[j] -= (float) (lr * (m[o] / c1) / (Math.sqrt(s[o] / c2) + 1e-8));
        }
      }
    }
  }
}
