package org.stancemap.analysis;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.stancemap.InvalidInputException;
import org.stancemap.codebook.Codebook;
import org.stancemap.document.Document;
import org.stancemap.model.Example;
import org.stancemap.model.Head;
import org.stancemap.model.LexicalFeatures;
import org.stancemap.model.SoftmaxRegression;

/**
 * Learns a document's position from the evidence its analysis aggregates ({@link PositionFeatures}): each labelled
 * document is analysed with the model's sentence heads, its features computed, and a calibrated multinomial
 * logistic regression trained on them, with class-balanced weights. The L2 penalty is chosen by stratified
 * cross-validation; the same folds give out-of-fold predictions, whose accuracy, macro-F1 and expected calibration
 * error are reported (never figures on the training documents themselves). Deterministic for a seed.
 */
public final class DocumentPositionTrainer {
  /** One labelled long-form document. */
  public record Labelled(String id, String text, String position) {}

  /** The trained head and its cross-validated figures. */
  public record Trained(Head head, double l2, double accuracy, double macroF1, double ece, int documents,
      int[][] confusion, List<String> classes) {
    public String summary() {
      return String.format(Locale.ROOT, "%d documents, l2=%s, %d-fold cross-validated accuracy %.3f, macro-F1 "
          + "%.3f, ECE %.3f", documents, l2, FOLDS, accuracy, macroF1, ece);
    }
  }

  static final int FOLDS = 5;
  static final List<Double> L2 = List.of(1e-4, 1e-3, 1e-2, 1e-1);

  private DocumentPositionTrainer() {}

  /** The features of each document, analysed by {@code analyzer} (whose heads lack a document-position head). */
  public static List<float[]> features(Analyzer analyzer, List<Labelled> docs) {
    List<float[]> out = new ArrayList<>();
    for (Labelled d : docs) {
      DocumentAnalysis a = analyzer.analyze(Document.ofText(d.id(), d.text(), "eng"));
      out.add(PositionFeatures.of(analyzer.codebook(), a.units()));
    }
    return out;
  }

  public static Trained train(Codebook cb, List<Labelled> docs, List<float[]> features, long seed) {
    List<String> classes = PositionFeatures.positions(cb);
    List<Example> data = new ArrayList<>();
    for (int i = 0; i < docs.size(); i++) {
      int label = classes.indexOf(docs.get(i).position());
      if (label < 0) {
        throw new InvalidInputException("document " + docs.get(i).id() + ": position '" + docs.get(i).position()
            + "' is not one of " + classes);
      }
      data.add(new Example(features.get(i), LexicalFeatures.Sparse.EMPTY, label));
    }
    for (int c = 0; c < classes.size(); c++) {
      int cc = c;
      if (data.stream().filter(e -> e.label() == cc).count() < FOLDS) {
        throw new InvalidInputException("the position model needs at least " + FOLDS + " documents of each position;"
            + " '" + classes.get(c) + "' has fewer");
      }
    }
    int[] fold = folds(data, seed);
    double bestScore = Double.NEGATIVE_INFINITY;
    double bestL2 = L2.get(0);
    double[][] bestOof = null;
    for (double l2 : L2) {
      double[][] oof = new double[data.size()][];
      for (int f = 0; f < FOLDS; f++) {
        List<Example> tr = new ArrayList<>();
        for (int i = 0; i < data.size(); i++) {
          if (fold[i] != f) {
            tr.add(data.get(i));
          }
        }
        Head h = SoftmaxRegression.train(PositionFeatures.HEAD, classes, tr, 0, params(l2, seed));
        for (int i = 0; i < data.size(); i++) {
          if (fold[i] == f) {
            oof[i] = h.probabilities(data.get(i));
          }
        }
      }
      double ll = 0;
      for (int i = 0; i < data.size(); i++) {
        ll += Math.log(Math.max(1e-12, oof[i][data.get(i).label()]));
      }
      if (ll > bestScore + 1e-9) {
        bestScore = ll;
        bestL2 = l2;
        bestOof = oof;
      }
    }
    Head head = SoftmaxRegression.train(PositionFeatures.HEAD, classes, data, 0, params(bestL2, seed));
    int k = classes.size();
    int[][] confusion = new int[k][k];
    double[] conf = new double[data.size()];
    boolean[] right = new boolean[data.size()];
    for (int i = 0; i < data.size(); i++) {
      int p = 0;
      for (int c = 1; c < k; c++) {
        if (bestOof[i][c] > bestOof[i][p]) {
          p = c;
        }
      }
      confusion[data.get(i).label()][p]++;
      conf[i] = bestOof[i][p];
      right[i] = p == data.get(i).label();
    }
    int correct = 0;
    double f1 = 0;
    for (int c = 0; c < k; c++) {
      correct += confusion[c][c];
      int fp = 0;
      int fn = 0;
      for (int o = 0; o < k; o++) {
        if (o != c) {
          fp += confusion[o][c];
          fn += confusion[c][o];
        }
      }
      f1 += confusion[c][c] == 0 ? 0 : 2.0 * confusion[c][c] / (2.0 * confusion[c][c] + fp + fn);
    }
    return new Trained(head, bestL2, correct / (double) data.size(), f1 / k, ece(conf, right), data.size(),
        confusion, classes);
  }

  private static SoftmaxRegression.Params params(double l2, long seed) {
    return new SoftmaxRegression.Params(l2, 1.0, 400, 0.05, FOLDS, seed);
  }

  /** Expected calibration error over 10 equal-width confidence bins. */
  public static double ece(double[] confidence, boolean[] correct) {
    int bins = 10;
    double[] sumConf = new double[bins];
    double[] sumRight = new double[bins];
    int[] n = new int[bins];
    for (int i = 0; i < confidence.length; i++) {
      int b = Math.min(bins - 1, (int) (confidence[i] * bins));
      sumConf[b] += confidence[i];
      sumRight[b] += correct[i] ? 1 : 0;
      n[b]++;
    }
    double e = 0;
    for (int b = 0; b < bins; b++) {
      if (n[b] > 0) {
        e += n[b] / (double) confidence.length * Math.abs(sumConf[b] / n[b] - sumRight[b] / n[b]);
      }
    }
    return e;
  }

  /** Stratified folds: shuffled with the seed, then dealt out class by class. */
  static int[] folds(List<Example> data, long seed) {
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < data.size(); i++) {
      order.add(i);
    }
    Collections.shuffle(order, new Random(seed));
    order.sort(java.util.Comparator.comparingInt(i -> data.get(i).label()));
    int[] fold = new int[data.size()];
    for (int j = 0; j < order.size(); j++) {
      fold[order.get(j)] = j % FOLDS;
    }
    return fold;
  }
}
