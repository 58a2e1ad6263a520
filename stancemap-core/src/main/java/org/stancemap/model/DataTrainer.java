package org.stancemap.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.TreeMap;
import java.util.TreeSet;
import org.stancemap.InvalidInputException;
import org.stancemap.codebook.Codebook;
import org.stancemap.codebook.Label;
import org.stancemap.codebook.Position;
import org.stancemap.codebook.Stance;
import org.stancemap.evaluation.CodedText;
import org.stancemap.evaluation.Metrics;
import org.stancemap.text.Hashing;

/**
 * Trains heads from hand-coded texts: a multi-class head per stance target ({@code stance:T}) and for
 * {@code position}, a one-vs-rest binary head per narrative or technique ({@code narrative:ID}). The L2 penalty and
 * lexical weight are chosen on the validation texts (or by K-fold cross-validation on the training texts when
 * there are none), never on test data; the chosen head is calibrated on the validation texts. The new heads
 * replace those of a base model (the codebook-trained default), which keeps every dimension the data does not code.
 */
public final class DataTrainer {
  /** Which sparse features the new heads read. */
  public enum Lexical {
    /** The default model's hashed binary word uni- and bigrams ({@link LexicalFeatures}). */
    HASHED,
    /** TF-IDF word n-grams, character n-grams and target-window words learned on the training texts. */
    TFIDF
  }

  /**
   * @param l2Grid L2 penalties to try
   * @param lexicalGrid lexical weights to try
   * @param folds folds for selection when there is no validation file
   * @param lexical which sparse features the new heads read
   * @param tfidf how TF-IDF features are extracted (used with {@link Lexical#TFIDF})
   * @param tuneBias whether to tune per-class bias offsets on the validation texts (stance: F_avg; binary heads:
   *     F1 of {@code true}); never done without validation texts
   */
  public record Options(List<Double> l2Grid, List<Double> lexicalGrid, int folds, int iterations, long seed,
      Lexical lexical, TfIdfFeatures.Config tfidf, boolean tuneBias) {
    public Options {
      l2Grid = List.copyOf(l2Grid);
      lexicalGrid = List.copyOf(lexicalGrid);
      if (l2Grid.isEmpty() || lexicalGrid.isEmpty()) {
        throw new IllegalArgumentException("the L2 and lexical-weight grids need at least one value each");
      }
      for (double v : l2Grid) {
        if (!(v >= 0)) {
          throw new IllegalArgumentException("L2 penalties must be >= 0: " + v);
        }
      }
      for (double v : lexicalGrid) {
        if (!(v >= 0)) {
          throw new IllegalArgumentException("lexical weights must be >= 0: " + v);
        }
      }
      if (folds < 2) {
        throw new IllegalArgumentException("cross-validation needs at least 2 folds: " + folds);
      }
      if (iterations < 1) {
        throw new IllegalArgumentException("iterations must be at least 1: " + iterations);
      }
      Objects.requireNonNull(lexical, "lexical");
      Objects.requireNonNull(tfidf, "tfidf");
    }

    /** The original options (hashed n-grams, no bias tuning). */
    public Options(List<Double> l2Grid, List<Double> lexicalGrid, int folds, int iterations, long seed) {
      this(l2Grid, lexicalGrid, folds, iterations, seed, Lexical.HASHED, TfIdfFeatures.Config.defaults(), false);
    }

    public static Options defaults() {
      return new Options(List.of(1e-4, 1e-3, 1e-2), List.of(2.0, 4.0, 8.0), 3, 200, 42L, Lexical.TFIDF,
          TfIdfFeatures.Config.defaults(), true);
    }
  }

  /** The trained model and, per dimension, its validation metrics. */
  public record Trained(HeadSet heads, Map<String, Metrics> validation, Map<String, String> chosen) {}

  /**
   * Whose claim a sentence states: the author's own, or one the text reports (someone else's, quoted or described).
   * Not part of a codebook: every debate has voices.
   */
  public static final String VOICE = "voice";
  public static final List<String> VOICES = List.of("author", "reported");
  /** The author's attitude to a reported claim (coded only for reported sentences). */
  public static final String ATTITUDE = "attitude";
  public static final List<String> ATTITUDES = List.of("endorses", "rebuts", "reports");

  private DataTrainer() {}

  /** The classes of a dimension, or an error naming the known dimensions. */
  public static List<String> classes(Codebook cb, String dim) {
    if (dim.startsWith("stance:") && cb.target(dim.substring(7)).isPresent()) {
      return List.of(Stance.FAVOR.id(), Stance.AGAINST.id(), Stance.NONE.id());
    }
    if (dim.equals("position")) {
      return cb.positions().stream().map(Position::id).toList();
    }
    if (dim.equals(VOICE)) {
      return VOICES;
    }
    if (dim.equals(ATTITUDE)) {
      return ATTITUDES;
    }
    if (dim.startsWith("narrative:") && cb.narrative(dim.substring(10)).isPresent()
        || dim.startsWith("technique:") && cb.technique(dim.substring(10)).isPresent()) {
      return List.of("false", "true");
    }
    List<String> known = new ArrayList<>();
    cb.targets().forEach(t -> known.add("stance:" + t.id()));
    known.add("position");
    known.add(VOICE);
    known.add(ATTITUDE);
    cb.narratives().stream().map(Label::id).forEach(n -> known.add("narrative:" + n));
    cb.techniques().stream().map(Label::id).forEach(n -> known.add("technique:" + n));
    throw new InvalidInputException("unknown dimension '" + dim + "' for codebook " + cb.ref() + "; known: "
        + String.join(", ", known));
  }

  public static Trained train(Codebook cb, EmbeddingModel embedding, HeadSet base, List<CodedText> train,
      List<CodedText> validation, Options o) {
    check(cb, train);
    TreeSet<String> dims = new TreeSet<>();
    train.forEach(t -> dims.addAll(t.labels().keySet()));
    Embedded emb = Embedded.of(embedding, train, validation);
    HeadInputs inputs = new HeadInputs(cb);
    TfIdfFeatures tfidf = o.lexical() == Lexical.TFIDF ? TfIdfFeatures.learn(train.stream()
        .map(t -> ClassifierInput.of(t.text())).toList(), o.tfidf(), TfIdfFeatures.targetWords(cb)) : null;
    Map<String, Head> heads = new LinkedHashMap<>(base == null ? Map.of() : base.heads());
    Map<String, Metrics> metrics = new LinkedHashMap<>();
    Map<String, String> chosen = new LinkedHashMap<>();
    for (String dim : dims) {
      List<String> classes = classes(cb, dim);
      List<Example> tr = examples(dim, classes, train, emb, inputs, tfidf);
      List<Example> va = examples(dim, classes, validation, emb, inputs, tfidf);
      // The grid's first point stands when no point can be scored (every class too rare to appear in every fold).
      SoftmaxRegression.Params best = new SoftmaxRegression.Params(o.l2Grid().get(0), o.lexicalGrid().get(0),
          o.iterations(), 0.05, 0, o.seed());
      double bestScore = Double.NEGATIVE_INFINITY;
      for (double l2 : o.l2Grid()) {
        for (double lw : o.lexicalGrid()) {
          SoftmaxRegression.Params p = new SoftmaxRegression.Params(l2, lw, o.iterations(), 0.05, 0, o.seed());
          double score = va.isEmpty() ? crossValidate(dim, classes, tr, p, o) : score(dim, classes,
              SoftmaxRegression.train(dim, classes, tr, CodebookTrainer.LEXICAL_BITS, p, null, tfidf), va);
          if (score > bestScore + 1e-9) {
            bestScore = score;
            best = p;
          }
        }
      }
      Head head = SoftmaxRegression.train(dim, classes, tr, CodebookTrainer.LEXICAL_BITS, best, null, tfidf);
      String offsets = "";
      if (o.tuneBias() && !va.isEmpty() && (dim.startsWith("stance:") || classes.equals(List.of("false", "true")))) {
        double[] off = tuneBias(dim, classes, head, va);
        head = head.withBiasOffset(off);
        offsets = ", bias_offsets=" + Arrays.toString(off);
      }
      List<Example> calibration = va.isEmpty() ? tr : va;
      head = head.withTemperature(SoftmaxRegression.fitTemperature(head, calibration));
      heads.put(dim, head);
      chosen.put(dim, "l2=" + best.l2() + ", lexical_weight=" + best.lexicalWeight() + offsets + ", temperature="
          + String.format(Locale.ROOT, "%.3f", head.temperature()));
      if (!va.isEmpty()) {
        metrics.put(dim, evaluate(dim, head, va));
      }
    }
    Map<String, String> params = new TreeMap<>(chosen);
    params.put("iterations", Integer.toString(o.iterations()));
    params.put("seed", Long.toString(o.seed()));
    params.put("lexical", o.lexical().name().toLowerCase(Locale.ROOT));
    params.put("bias_tuning", Boolean.toString(o.tuneBias() && !validation.isEmpty()));
    if (tfidf != null) {
      TfIdfFeatures.Config c = o.tfidf();
      params.put("tfidf", "bits=" + c.bits() + ", char_ngrams=" + c.charMin() + ".." + c.charMax()
          + ", target_window=" + c.targetWindow() + ", min_df=" + c.minDf() + ", kept_buckets="
          + tfidf.buckets().length);
    }
    params.put("l2_grid", o.l2Grid().toString());
    params.put("lexical_grid", o.lexicalGrid().toString());
    Map<String, String> val = new TreeMap<>();
    metrics.forEach((d, m) -> val.put(d, String.format(Locale.ROOT,
        "f_avg=%.4f macro_f1=%.4f accuracy=%.4f n=%d", m.fAvg(), m.macroF1(), m.accuracy(), m.n())));
    ModelProvenance prov = new ModelProvenance(CodebookTrainer.VERSION, CodebookTrainer.TRAINER_VERSION, cb.ref(),
        cb.sha256(), embedding.info().id(), embedding.info().weightsSha256(), "coded data: " + train.size()
        + " training texts, " + validation.size() + " validation texts; dimensions " + dims
        + (base == null ? "" : "; other dimensions from " + base.id()),
        dataSha256(train), params, val);
    String id = cb.id() + "@" + cb.version() + "+data-" + prov.dataSha256().substring(0, 8) + "/"
        + embedding.info().id();
    return new Trained(new HeadSet(id, heads, prov), metrics, chosen);
  }

  /** The SHA-256 a trained model records for its training texts and their labels, in order. */
  public static String dataSha256(List<CodedText> train) {
    StringBuilder digest = new StringBuilder();
    train.forEach(t -> digest.append(t.text()).append('\t').append(new TreeMap<>(t.labels())).append('\n'));
    return Hashing.sha256(digest.toString());
  }

  /** Predicted label and its probability for one text. */
  public static Prediction predict(Head head, HeadInputs inputs, String text, float[] vector) {
    double[] p = head.probabilities(inputs.example(head.id(), ClassifierInput.of(text), vector, -1));
    int k = Head.argmax(p);
    return new Prediction(head.classes().get(k), p[k]);
  }

  /** A predicted label with the probability the model gave it. */
  public record Prediction(String label, double probability) {}

  static Metrics evaluate(String dim, Head head, List<Example> data) {
    List<String> gold = new ArrayList<>();
    List<String> pred = new ArrayList<>();
    List<Double> conf = new ArrayList<>();
    for (Example e : data) {
      double[] p = head.probabilities(e);
      int k = Head.argmax(p);
      gold.add(head.classes().get(e.label()));
      pred.add(head.classes().get(k));
      conf.add(p[k]);
    }
    return Metrics.of(dim, gold, pred, conf);
  }

  /** The selection criterion: F_avg for stance, F1 of "true" for binary heads, macro-F1 otherwise. */
  private static double score(String dim, List<String> classes, Head head, List<Example> data) {
    Metrics m = evaluate(dim, head, data);
    if (dim.startsWith("stance:")) {
      return m.fAvg();
    }
    if (classes.equals(List.of("false", "true"))) {
      Metrics.PerLabel t = m.perLabel().get("true");
      return t == null ? 0 : t.f1();
    }
    return m.macroF1();
  }

  /**
   * The mean score over {@code o.folds()} folds, for choosing hyper-parameters without a validation file. The folds
   * are stratified by label (shuffled with the seed, then dealt out class by class), so every class with at least
   * as many examples as folds is in every training part. A fold whose training part still lacks a class (a class
   * rarer than the folds) is not scored. When no fold can be scored the result is negative infinity, and the
   * caller keeps the grid's first point.
   */
  static double crossValidate(String dim, List<String> classes, List<Example> data, SoftmaxRegression.Params p,
      Options o) {
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < data.size(); i++) {
      order.add(i);
    }
    Collections.shuffle(order, new Random(o.seed()));
    order.sort(Comparator.comparingInt(i -> data.get(i).label())); // stable: shuffled within a class
    double sum = 0;
    int scored = 0;
    for (int f = 0; f < o.folds(); f++) {
      List<Example> tr = new ArrayList<>();
      List<Example> te = new ArrayList<>();
      for (int i = 0; i < order.size(); i++) {
        (i % o.folds() == f ? te : tr).add(data.get(order.get(i)));
      }
      if (te.isEmpty() || tr.stream().mapToInt(Example::label).distinct().count() < classes.size()) {
        continue;
      }
      sum += score(dim, classes, SoftmaxRegression.train(dim, classes, tr, CodebookTrainer.LEXICAL_BITS, p), te);
      scored++;
    }
    return scored == 0 ? Double.NEGATIVE_INFINITY : sum / scored;
  }

  /** Grid values tried for each bias offset. */
  static final double[] OFFSETS = {-1.0, -0.75, -0.5, -0.25, 0, 0.25, 0.5, 0.75, 1.0};

  /**
   * Per-class additive bias offsets that maximise the selection criterion on {@code va}: for stance heads one
   * offset for favor and one for against (none stays), for binary heads one for {@code true}. Ties keep the
   * offset closest to zero.
   */
  static double[] tuneBias(String dim, List<String> classes, Head head, List<Example> va) {
    int k = classes.size();
    double[][] z = new double[va.size()][];
    for (int i = 0; i < va.size(); i++) {
      z[i] = head.logits(va.get(i));
    }
    List<Integer> free = new ArrayList<>();
    for (int c = 0; c < k; c++) {
      String name = classes.get(c);
      if (dim.startsWith("stance:") ? !name.equals("none") : name.equals("true")) {
        free.add(c);
      }
    }
    double[] best = new double[k];
    double bestScore = criterion(dim, classes, z, va, best);
    double bestSize = 0;
    int combos = (int) Math.pow(OFFSETS.length, free.size());
    for (int m = 0; m < combos; m++) {
      double[] off = new double[k];
      int r = m;
      double size = 0;
      for (int c : free) {
        off[c] = OFFSETS[r % OFFSETS.length];
        r /= OFFSETS.length;
        size += Math.abs(off[c]);
      }
      double s = criterion(dim, classes, z, va, off);
      if (s > bestScore + 1e-9 || Math.abs(s - bestScore) <= 1e-9 && size < bestSize) {
        bestScore = s;
        best = off;
        bestSize = size;
      }
    }
    return best;
  }

  private static double criterion(String dim, List<String> classes, double[][] z, List<Example> va, double[] off) {
    List<String> gold = new ArrayList<>();
    List<String> pred = new ArrayList<>();
    for (int i = 0; i < z.length; i++) {
      int best = 0;
      for (int c = 1; c < z[i].length; c++) {
        if (z[i][c] + off[c] > z[i][best] + off[best]) {
          best = c;
        }
      }
      gold.add(classes.get(va.get(i).label()));
      pred.add(classes.get(best));
    }
    Metrics m = Metrics.of(dim, gold, pred, null);
    if (dim.startsWith("stance:")) {
      return m.fAvg();
    }
    Metrics.PerLabel t = m.perLabel().get("true");
    return t == null ? 0 : t.f1();
  }


  /**
   * Checks, without embedding anything, what {@link #train} refuses in the training data itself: no coded
   * dimension, an unknown dimension, a label that is not one of its dimension's classes, or a dimension with texts
   * of fewer than two labels. {@link #train} runs it first; a caller may run it before long work of its own
   * (fine-tuning).
   *
   * @return warnings a user should see: a label of a dimension that no training text has (its head is trained on
   *     the labels present and will rarely, if ever, predict the missing one)
   */
  public static List<String> check(Codebook cb, List<CodedText> train) {
    TreeSet<String> dims = new TreeSet<>();
    train.forEach(t -> dims.addAll(t.labels().keySet()));
    if (dims.isEmpty()) {
      throw new InvalidInputException("the training data codes no dimension; see docs/training.md for the format");
    }
    List<String> warnings = new ArrayList<>();
    for (String dim : dims) {
      List<String> classes = classes(cb, dim);
      Map<String, Integer> count = new HashMap<>();
      for (CodedText t : train) {
        String v = t.labels().get(dim);
        if (v == null) {
          continue;
        }
        if (!classes.contains(v)) {
          throw new InvalidInputException(t.origin() + ": " + dim + " has label '" + v + "'; expected one of "
              + classes);
        }
        count.merge(v, 1, Integer::sum);
      }
      List<String> missing = classes.stream().filter(c -> !count.containsKey(c)).toList();
      if (count.size() < 2) {
        throw new InvalidInputException("dimension " + dim + ": only label " + count.keySet() + " is coded; a head "
            + "needs texts of at least two labels (no training text has label '" + String.join("', '", missing)
            + "')");
      }
      for (String c : missing) {
        warnings.add("dimension " + dim + ": no training text has label '" + c + "'; its head is trained on the "
            + "labels present (" + String.join(", ", count.keySet()) + ") and will rarely, if ever, predict '" + c
            + "'");
      }
    }
    return warnings;
  }


  private static List<Example> examples(String dim, List<String> classes, List<CodedText> texts, Embedded emb,
      HeadInputs inputs, TfIdfFeatures tfidf) {
    List<Example> out = new ArrayList<>();
    for (CodedText t : texts) {
      String v = t.labels().get(dim);
      if (v == null) {
        continue;
      }
      int k = classes.indexOf(v);
      if (k < 0) {
        throw new InvalidInputException(t.origin() + ": " + dim + " has label '" + v + "'; expected one of "
            + classes);
      }
      String in = ClassifierInput.of(t.text());
      Example e = inputs.example(dim, in, emb.vector(in), k);
      // With TF-IDF the example carries the head's own features (and no text, so they are not recomputed).
      out.add(tfidf == null ? e : new Example(e.dense(), tfidf.features(in), k));
    }
    return out;
  }

  /** Embeddings of every distinct input text, computed once in sorted order. */
  record Embedded(Map<String, float[]> byText) {
    static Embedded of(EmbeddingModel model, List<CodedText> a, List<CodedText> b) {
      TreeSet<String> distinct = new TreeSet<>();
      a.forEach(t -> distinct.add(ClassifierInput.of(t.text())));
      b.forEach(t -> distinct.add(ClassifierInput.of(t.text())));
      List<String> all = new ArrayList<>(distinct);
      Map<String, float[]> m = new HashMap<>();
      for (int i = 0; i < all.size(); i += 4096) {
        List<String> chunk = all.subList(i, Math.min(all.size(), i + 4096));
        float[][] v = model.embed(chunk);
        for (int j = 0; j < chunk.size(); j++) {
          m.put(chunk.get(j), v[j]);
        }
      }
      return new Embedded(m);
    }

    float[] vector(String in) {
      return byText.get(in);
    }
  }
}
