package org.stancemap.analysis;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.stancemap.InvalidInputException;
import org.stancemap.codebook.Codebook;
import org.stancemap.document.Document;
import org.stancemap.evaluation.Metrics;
import org.stancemap.model.Example;
import org.stancemap.model.Head;
import org.stancemap.model.SoftmaxRegression;

/**
 * Learns a document's position from the evidence its analysis aggregates ({@link PositionFeatures}): each labelled
 * document is analysed with the model's sentence heads, its features computed, and a calibrated multinomial
 * logistic regression trained on them, with class-balanced weights. The L2 penalty is chosen by cross-validation
 * (leaving one writer out per fold where the documents name their writers, stratified folds otherwise), by the
 * one-standard-error rule ({@link #oneStandardError}); the same folds give out-of-fold predictions, on which the
 * head's temperature is fitted and whose accuracy, macro-F1 and expected calibration error ({@link Metrics}, as
 * {@code eval} reports them) are reported, never figures on the training documents. Deterministic for a seed.
 */
public final class DocumentPositionTrainer {
  /**
   * One labelled long-form document; {@code group} is who wrote it (or its source), or null when unknown. When every
   * document names one of at least three groups, the folds leave one group out each, so the reported figures and
   * the temperature are those of writers the head has not read.
   */
  public record Labelled(String id, String text, String position, String group) {
    public Labelled(String id, String text, String position) {
      this(id, text, position, null);
    }
  }

  /**
   * The trained head, the chosen penalty, the out-of-fold figures (accuracy, macro-F1, ECE) and how the folds were
   * made ("5-fold stratified" or "leave-one-group-out, 8 groups").
   */
  public record Trained(Head head, double l2, Metrics outOfFold, String folds) {
    public String summary() {
      return String.format(Locale.ROOT, "%d documents, l2=%s, %s cross-validated accuracy %.3f, macro-F1 "
          + "%.3f, ECE %.3f, temperature %.3f", outOfFold.n(), l2, folds, outOfFold.accuracy(), outOfFold.macroF1(),
          outOfFold.ece(), head.temperature());
    }
  }

  static final int FOLDS = 5;
  static final List<Double> L2 = List.of(1e-4, 1e-3, 1e-2, 1e-1);

  private DocumentPositionTrainer() {}

  /**
   * The input of each document ({@link PositionFeatures#example}: evidence and words), analysed by
   * {@code analyzer} (whose heads lack a document-position head). The documents are English, read as written.
   */
  public static List<Example> features(Analyzer analyzer, List<Labelled> docs) {
    List<Example> out = new ArrayList<>();
    for (Labelled d : docs) {
      DocumentAnalysis a = analyzer.analyze(Document.ofText(d.id(), d.text(), "eng"));
      out.add(PositionFeatures.example(analyzer.codebook(), a.units(), s -> s.span().of(d.text()),
          PositionFeatures.LEXICAL_BITS));
    }
    return out;
  }

  public static Trained train(Codebook cb, List<Labelled> docs, List<Example> features, long seed) {
    List<String> classes = PositionFeatures.positions(cb);
    List<Example> data = new ArrayList<>();
    for (int i = 0; i < docs.size(); i++) {
      int label = classes.indexOf(docs.get(i).position());
      if (label < 0) {
        throw new InvalidInputException("document " + docs.get(i).id() + ": position '" + docs.get(i).position()
            + "' is not one of " + classes);
      }
      data.add(new Example(features.get(i).dense(), features.get(i).sparse(), label));
    }
    for (int c = 0; c < classes.size(); c++) {
      int cc = c;
      if (data.stream().filter(e -> e.label() == cc).count() < FOLDS) {
        throw new InvalidInputException("the position model needs at least " + FOLDS + " documents of each position;"
            + " '" + classes.get(c) + "' has fewer");
      }
    }
    int bits = bits(data);
    int[] fold = groupFolds(docs);
    boolean grouped = fold != null;
    if (!grouped) {
      fold = folds(data, seed);
    }
    int folds = Arrays.stream(fold).max().orElse(0) + 1;
    List<double[][]> oofLogits = new ArrayList<>();
    List<double[]> lls = new ArrayList<>();
    for (double l2 : L2) {
      double[][] oof = new double[data.size()][];
      double[][] logits = new double[data.size()][];
      for (int f = 0; f < folds; f++) {
        List<Example> tr = new ArrayList<>();
        for (int i = 0; i < data.size(); i++) {
          if (fold[i] != f) {
            tr.add(data.get(i));
          }
        }
        Head h = SoftmaxRegression.train(PositionFeatures.HEAD, classes, tr, bits, params(l2, seed, FOLDS));
        for (int i = 0; i < data.size(); i++) {
          if (fold[i] == f) {
            oof[i] = h.probabilities(data.get(i));
            logits[i] = h.logits(data.get(i));
          }
        }
      }
      double[] ll = new double[data.size()];
      for (int i = 0; i < data.size(); i++) {
        ll[i] = Math.log(Math.max(1e-12, oof[i][data.get(i).label()]));
      }
      oofLogits.add(logits);
      lls.add(ll);
    }
    int chosen = oneStandardError(lls);
    double bestL2 = L2.get(chosen);
    // the temperature is fitted on the same out-of-fold predictions the figures report (held-out writers where the
    // documents name them), not on folds of the training documents alone: the head meets texts unlike its own
    double temperature = SoftmaxRegression.fitTemperature(oofLogits.get(chosen), data);
    // trained uncalibrated (folds 0): its own inner temperature would be replaced by the one above
    Head head = SoftmaxRegression.train(PositionFeatures.HEAD, classes, data, bits, params(bestL2, seed, 0))
        .withTemperature(temperature);
    List<String> gold = new ArrayList<>();
    List<String> predicted = new ArrayList<>();
    List<Double> confidence = new ArrayList<>();
    for (int i = 0; i < data.size(); i++) {
      double[] p0 = Head.softmax(oofLogits.get(chosen)[i], temperature);
      int p = Head.argmax(p0);
      gold.add(classes.get(data.get(i).label()));
      predicted.add(classes.get(p));
      confidence.add(p0[p]);
    }
    return new Trained(head, bestL2, Metrics.of(PositionFeatures.HEAD, gold, predicted, confidence),
        grouped ? "leave-one-group-out (" + folds + " groups)" : FOLDS + "-fold stratified");
  }

  /**
   * The one-standard-error rule: of the penalties (ascending in {@link #L2}), the strongest whose mean out-of-fold
   * log-likelihood per document is within one standard error of the best mean. A few hundred team-written documents
   * cannot tell apart penalties closer than that, and the stronger one transfers better to real texts, which differ
   * from ours.
   *
   * @param lls per penalty, each document's out-of-fold log-likelihood of its true position
   * @return the index of the chosen penalty
   */
  static int oneStandardError(List<double[]> lls) {
    int best = 0;
    double[] mean = new double[lls.size()];
    for (int k = 0; k < lls.size(); k++) {
      mean[k] = Arrays.stream(lls.get(k)).average().orElse(Double.NEGATIVE_INFINITY);
      if (mean[k] > mean[best] + 1e-12) {
        best = k;
      }
    }
    double[] b = lls.get(best);
    double var = 0;
    for (double v : b) {
      var += (v - mean[best]) * (v - mean[best]);
    }
    double se = b.length < 2 ? 0 : Math.sqrt(var / (b.length - 1) / b.length);
    int chosen = best;
    for (int k = best + 1; k < lls.size(); k++) {
      if (mean[k] >= mean[best] - se) {
        chosen = k;
      }
    }
    return chosen;
  }

  private static SoftmaxRegression.Params params(double l2, long seed, int calibrationFolds) {
    return new SoftmaxRegression.Params(l2, PositionFeatures.LEXICAL_WEIGHT, 400, 0.05, calibrationFolds, seed);
  }

  /** The documents' word features were hashed into 2^{@link PositionFeatures#LEXICAL_BITS} buckets, or none. */
  private static int bits(List<Example> data) {
    return data.stream().anyMatch(e -> e.sparse().index().length > 0) ? PositionFeatures.LEXICAL_BITS : 0;
  }

  /**
   * One fold per group, in order of first appearance, when every document names a group and there are at least
   * three; otherwise null (stratified folds are used).
   */
  static int[] groupFolds(List<Labelled> docs) {
    Map<String, Integer> ids = new LinkedHashMap<>();
    int[] fold = new int[docs.size()];
    for (int i = 0; i < docs.size(); i++) {
      String g = docs.get(i).group();
      if (g == null || g.isBlank()) {
        return null;
      }
      fold[i] = ids.computeIfAbsent(g, k -> ids.size());
    }
    return ids.size() >= 3 ? fold : null;
  }

  /** Stratified folds: shuffled with the seed, then dealt out class by class. */
  static int[] folds(List<Example> data, long seed) {
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < data.size(); i++) {
      order.add(i);
    }
    Collections.shuffle(order, new Random(seed));
    order.sort(Comparator.comparingInt(i -> data.get(i).label()));
    int[] fold = new int[data.size()];
    for (int j = 0; j < order.size(); j++) {
      fold[order.get(j)] = j % FOLDS;
    }
    return fold;
  }
}
