package org.stancemap.evaluation;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Agreement between gold and predicted labels of one dimension: per-label precision, recall and F1, macro-F1,
 * accuracy, F_avg (the SemEval-2016 Task 6 stance metric, mean F1 of favor and against), the confusion matrix,
 * expected calibration error, Cohen's kappa and Krippendorff's alpha (nominal, two coders, no missing values).
 *
 * @param labels every label seen, sorted
 * @param confusion {@code confusion.get(gold).get(predicted)} counts
 * @param ece expected calibration error over 10 confidence bins (NaN when no confidences were given)
 */
public record Metrics(
    String dimension,
    int n,
    List<String> labels,
    Map<String, PerLabel> perLabel,
    double macroF1,
    double accuracy,
    double fAvg,
    Map<String, Map<String, Integer>> confusion,
    double ece,
    double cohensKappa,
    double krippendorffsAlpha) {

  /** Precision, recall, F1 and support of one label. */
  public record PerLabel(double precision, double recall, double f1, int support) {}

  /**
   * Computes the metrics.
   *
   * @param confidence the probability the model gave its prediction, per item, or null
   */
  public static Metrics of(String dimension, List<String> gold, List<String> predicted, List<Double> confidence) {
    if (gold.size() != predicted.size()) {
      throw new IllegalArgumentException("gold and predicted must have the same size: " + gold.size() + " vs "
          + predicted.size());
    }
    int n = gold.size();
    TreeSet<String> all = new TreeSet<>(gold);
    all.addAll(predicted);
    List<String> labels = new ArrayList<>(all);
    Map<String, Map<String, Integer>> confusion = new LinkedHashMap<>();
    for (String g : labels) {
      Map<String, Integer> row = new LinkedHashMap<>();
      labels.forEach(p -> row.put(p, 0));
      confusion.put(g, row);
    }
    int correct = 0;
    for (int i = 0; i < n; i++) {
      confusion.get(gold.get(i)).merge(predicted.get(i), 1, Integer::sum);
      if (gold.get(i).equals(predicted.get(i))) {
        correct++;
      }
    }
    Map<String, PerLabel> per = new LinkedHashMap<>();
    double f1sum = 0;
    int goldLabels = 0;
    for (String l : labels) {
      int tp = confusion.get(l).get(l);
      int predCount = 0;
      int goldCount = 0;
      for (String o : labels) {
        predCount += confusion.get(o).get(l);
        goldCount += confusion.get(l).get(o);
      }
      double p = predCount == 0 ? 0 : (double) tp / predCount;
      double r = goldCount == 0 ? 0 : (double) tp / goldCount;
      double f = p + r == 0 ? 0 : 2 * p * r / (p + r);
      per.put(l, new PerLabel(p, r, f, goldCount));
      if (goldCount > 0) {
        f1sum += f;
        goldLabels++;
      }
    }
    double fAvg = Double.NaN;
    if (per.containsKey("favor") || per.containsKey("against")) {
      fAvg = (f1(per, "favor") + f1(per, "against")) / 2;
    }
    double accuracy = n == 0 ? 0 : (double) correct / n;
    return new Metrics(dimension, n, labels, per, goldLabels == 0 ? 0 : f1sum / goldLabels, accuracy, fAvg,
        confusion, ece(gold, predicted, confidence), kappa(confusion, labels, n), alpha(gold, predicted, labels));
  }

  private static double f1(Map<String, PerLabel> per, String l) {
    PerLabel p = per.get(l);
    return p == null ? 0 : p.f1();
  }

  private static double ece(List<String> gold, List<String> pred, List<Double> conf) {
    if (conf == null || conf.isEmpty()) {
      return Double.NaN;
    }
    int bins = 10;
    double[] sumConf = new double[bins];
    double[] sumAcc = new double[bins];
    int[] count = new int[bins];
    for (int i = 0; i < gold.size(); i++) {
      double c = conf.get(i);
      int b = Math.min(bins - 1, (int) (c * bins));
      sumConf[b] += c;
      sumAcc[b] += gold.get(i).equals(pred.get(i)) ? 1 : 0;
      count[b]++;
    }
    double e = 0;
    for (int b = 0; b < bins; b++) {
      if (count[b] > 0) {
        e += (double) count[b] / gold.size() * Math.abs(sumAcc[b] / count[b] - sumConf[b] / count[b]);
      }
    }
    return e;
  }

  private static double kappa(Map<String, Map<String, Integer>> cm, List<String> labels, int n) {
    if (n == 0) {
      return Double.NaN;
    }
    double po = 0;
    double pe = 0;
    for (String l : labels) {
      po += cm.get(l).get(l);
      double rows = 0;
      double cols = 0;
      for (String o : labels) {
        rows += cm.get(l).get(o);
        cols += cm.get(o).get(l);
      }
      pe += rows * cols;
    }
    po /= n;
    pe /= (double) n * n;
    return pe == 1 ? 1.0 : (po - pe) / (1 - pe);
  }

  /** Krippendorff's alpha for two coders and nominal labels: 1 - D_o / D_e over the coincidence matrix. */
  private static double alpha(List<String> a, List<String> b, List<String> labels) {
    int n = a.size();
    if (n == 0) {
      return Double.NaN;
    }
    Map<String, Integer> idx = new LinkedHashMap<>();
    labels.forEach(l -> idx.put(l, idx.size()));
    int k = labels.size();
    double[][] o = new double[k][k];
    for (int i = 0; i < n; i++) {
      int x = idx.get(a.get(i));
      int y = idx.get(b.get(i));
      o[x][y] += 1;
      o[y][x] += 1;
    }
    double total = 2.0 * n;
    double[] marg = new double[k];
    for (int i = 0; i < k; i++) {
      for (int j = 0; j < k; j++) {
        marg[i] += o[i][j];
      }
    }
    double dObs = 0;
    double dExp = 0;
    for (int i = 0; i < k; i++) {
      for (int j = 0; j < k; j++) {
        if (i != j) {
          dObs += o[i][j];
          dExp += marg[i] * marg[j];
        }
      }
    }
    dObs /= total;
    dExp /= total * (total - 1);
    return dExp == 0 ? 1.0 : 1 - dObs / dExp;
  }
}
