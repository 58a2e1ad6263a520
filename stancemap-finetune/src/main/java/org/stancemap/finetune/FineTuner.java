package org.stancemap.finetune;

import ai.djl.engine.Engine;
import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.function.Consumer;
import org.stancemap.InvalidInputException;
import org.stancemap.model.onnx.OnnxWeights;

/**
 * Fine-tunes a BERT sentence encoder on coded texts: the mean-pooled, normalised sentence vector (exactly what
 * analysis embeds) feeds one softmax layer per coded dimension, and encoder and layers are trained together with
 * AdamW (linear warm-up and decay, dropout, class-balanced cross-entropy; a dimension a text does not code adds
 * nothing to its loss). After every epoch the layers are scored on the validation texts and the best epoch's
 * encoder is kept, so the number of epochs is chosen on validation data, never on test data.
 *
 * <p>Runs on PyTorch's CPU library through DJL; nothing is downloaded (the native library ships in a Maven
 * artifact). Deterministic for a seed on one machine and thread count, up to the floating-point order of PyTorch's
 * parallel kernels.
 */
public final class FineTuner {
  static {
    if (System.getProperty("ai.djl.offline") == null && System.getenv("DJL_OFFLINE") == null) {
      System.setProperty("ai.djl.offline", "true");
    }
  }

  /**
   * @param epochs passes over the training texts (the best one on validation is kept)
   * @param batchSize texts per step
   * @param encoderLearningRate peak learning rate of the encoder
   * @param headLearningRate peak learning rate of the classification layers
   * @param maxTokens texts are cut to this many tokens (special tokens included)
   * @param dropout dropout rate inside the encoder and before the layers while training
   * @param weightDecay decoupled weight decay of the matrices
   * @param warmup share of the steps with a rising learning rate
   * @param freezeEmbeddings whether the token, position and type tables stay as they are
   * @param scale the normalised vector is multiplied by this before the layers (a temperature)
   */
  public record Options(int epochs, int batchSize, double encoderLearningRate, double headLearningRate,
      int maxTokens, float dropout, double weightDecay, double warmup, boolean freezeEmbeddings, float scale,
      long seed) {
    public Options {
      if (epochs < 1 || batchSize < 1 || maxTokens < 8 || maxTokens > 512) {
        throw new IllegalArgumentException("fine-tuning needs epochs >= 1, batch size >= 1 and 8 <= max tokens <= 512");
      }
      if (!(encoderLearningRate >= 0) || !(headLearningRate > 0) || !(dropout >= 0 && dropout < 1)
          || !(weightDecay >= 0) || !(warmup >= 0 && warmup < 1) || !(scale > 0)) {
        throw new IllegalArgumentException("invalid fine-tuning rates: " + this);
      }
    }

    public static Options defaults() {
      return new Options(4, 16, 4e-5, 2e-3, 128, 0.1f, 0.01, 0.1, true, 20f, 42L);
    }

    public Options withEpochs(int n) {
      return new Options(n, batchSize, encoderLearningRate, headLearningRate, maxTokens, dropout, weightDecay,
          warmup, freezeEmbeddings, scale, seed);
    }
  }

  /**
   * A coded dimension: its classes, and those whose F1 the validation score averages (for a stance target favour
   * and against, as F_avg; otherwise all).
   */
  public record Dimension(String name, List<String> classes, List<String> scored) {
    public Dimension {
      classes = List.copyOf(classes);
      scored = List.copyOf(scored);
      if (classes.size() < 2 || !classes.containsAll(scored) || scored.isEmpty()) {
        throw new IllegalArgumentException("dimension " + name + " needs two classes or more and scored classes "
            + "among them: " + classes + " / " + scored);
      }
    }
  }

  /** A text and its codes: dimension name → class. */
  public record Example(String text, Map<String, String> labels) {
    public Example {
      Objects.requireNonNull(text, "text");
      labels = Map.copyOf(labels);
    }
  }

  /**
   * What one epoch gave: mean training loss (over the steps with a finite loss), the validation score (mean over
   * dimensions), and how many steps were skipped because a gradient was not finite.
   */
  public record Epoch(int epoch, double loss, double validation, Map<String, Double> perDimension, double seconds,
      int skippedSteps) {}

  /**
   * @param model the ONNX model with the best epoch's weights (same graph as the input model)
   * @param bestEpoch the epoch kept (1-based)
   */
  public record Result(byte[] model, int bestEpoch, double bestValidation, List<Epoch> epochs) {}

  /** How often a running epoch reports how far it got. */
  private static final long PROGRESS_NANOS = 60_000_000_000L;

  private FineTuner() {}

  /**
   * Fine-tunes the encoder of {@code onnxModel} on {@code train}, choosing the epoch on {@code validation}.
   *
   * @param heads attention heads of the encoder (12 for all-MiniLM-L6-v2)
   */
  public static Result fineTune(byte[] onnxModel, int heads, HuggingFaceTokenizer tokenizer, List<Dimension> dims,
      List<Example> train, List<Example> validation, Options o, Consumer<String> progress) {
    if (train.isEmpty()) {
      throw new InvalidInputException("fine-tuning needs training texts");
    }
    if (validation.isEmpty()) {
      throw new InvalidInputException("fine-tuning needs validation texts (--validation) to choose the epoch");
    }
    Tokens trainTokens = Tokens.of(tokenizer, train, o.maxTokens());
    Tokens valTokens = Tokens.of(tokenizer, validation, o.maxTokens());
    int[][] trainLabels = labels(dims, train);
    int[][] valLabels = labels(dims, validation);
    Engine engine = Engine.getEngine("PyTorch");
    engine.setRandomSeed((int) o.seed());
    try (NDManager manager = engine.newBaseManager(); Encoder enc = Encoder.load(onnxModel, heads, manager)) {
      int hidden = enc.hidden;
      Random rnd = new Random(o.seed());
      // classification layers, small random init
      Map<String, NDArray> params = new LinkedHashMap<>();
      List<float[]> classWeights = new ArrayList<>();
      for (int d = 0; d < dims.size(); d++) {
        int c = dims.get(d).classes().size();
        float[] w = new float[hidden * c];
        for (int i = 0; i < w.length; i++) {
          w[i] = (float) (rnd.nextGaussian() * 0.02);
        }
        params.put("head." + d + ".weight", manager.create(w, new Shape(hidden, c)));
        params.put("head." + d + ".bias", manager.zeros(new Shape(c)));
        classWeights.add(balanced(trainLabels, d, c));
      }
      for (Map.Entry<String, NDArray> e : enc.params.entrySet()) {
        if (!(o.freezeEmbeddings() && Encoder.isEmbeddingTable(e.getKey()))) {
          params.put(e.getKey(), e.getValue());
        }
      }
      params.values().forEach(p -> p.setRequiresGradient(true));
      AdamW adam = new AdamW(params, manager);
      int steps = o.epochs() * ((train.size() + o.batchSize() - 1) / o.batchSize());
      int warm = (int) Math.round(steps * o.warmup());
      int step = 0;
      List<Epoch> log = new ArrayList<>();
      double best = Double.NEGATIVE_INFINITY;
      int bestEpoch = 0;
      Map<String, float[]> bestWeights = null;
      List<Integer> order = new ArrayList<>();
      for (int i = 0; i < train.size(); i++) {
        order.add(i);
      }
      for (int epoch = 1; epoch <= o.epochs(); epoch++) {
        long t0 = System.nanoTime();
        Collections.shuffle(order, rnd);
        double lossSum = 0;
        int batches = 0;
        int skipped = 0;
        long lastReport = System.nanoTime();
        for (int from = 0; from < order.size(); from += o.batchSize()) {
          if (System.nanoTime() - lastReport > PROGRESS_NANOS) {
            lastReport = System.nanoTime();
            progress.accept(String.format(Locale.ROOT, "epoch %d/%d: %d of %d texts", epoch, o.epochs(),
                from, order.size()));
          }
          List<Integer> idx = order.subList(from, Math.min(order.size(), from + o.batchSize()));
          double f = step < warm ? (step + 1.0) / warm : Math.max(0.0, (steps - step) / (double) Math.max(1, steps - warm));
          step++;
          try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            NDArray loss;
            try (GradientCollector gc = engine.newGradientCollector()) {
              NDArray[] in = trainTokens.batch(manager, idx);
              NDArray v = enc.embed(in[0], in[1], o.dropout()).mul(o.scale());
              loss = null;
              for (int d = 0; d < dims.size(); d++) {
                NDArray term = lossOf(manager, v, params, d, trainLabels, idx, classWeights.get(d), o.dropout());
                if (term != null) {
                  loss = loss == null ? term : loss.add(term);
                }
              }
              if (loss == null) {
                continue;
              }
              gc.backward(loss);
            }
            float lv = loss.getFloat();
            if (!Float.isFinite(lv)) {
              adam.zeroGradients();
              skipped++;
              progress.accept("step " + step + " skipped: loss not finite on training texts " + oneBased(idx));
              continue;
            }
            lossSum += lv;
            batches++;
            if (!adam.step(o.encoderLearningRate() * f, o.headLearningRate() * f, o.weightDecay())) {
              skipped++;
              progress.accept("step " + step + " skipped: gradients not finite on training texts " + oneBased(idx));
            }
          }
        }
        Map<String, Double> per = new LinkedHashMap<>();
        double score = validate(enc, params, dims, valTokens, valLabels, o, manager, per);
        double secs = (System.nanoTime() - t0) / 1e9;
        Epoch ep = new Epoch(epoch, batches == 0 ? 0 : lossSum / batches, score, per, secs, skipped);
        log.add(ep);
        progress.accept(String.format(Locale.ROOT, "epoch %d/%d: loss %.4f, validation %.4f %s (%.0f s%s); the score is F_avg (F1 of favor and "
            + "against) for a stance, F1 of 'true' for a narrative or technique, as in the final report",
            epoch, o.epochs(), ep.loss(), score, per, secs, skipped == 0 ? "" : "; " + skipped
                + " steps skipped for non-finite gradients"));
        if (score > best) {
          best = score;
          bestEpoch = epoch;
          bestWeights = enc.onnxWeights();
        }
      }
      if (bestWeights == null) { // no epoch gave a comparable score (never seen): keep the last weights
        bestWeights = enc.onnxWeights();
        bestEpoch = o.epochs();
      }
      byte[] tuned = OnnxWeights.replace(onnxModel, bestWeights);
      return new Result(tuned, bestEpoch, best, log);
    }
  }

  private static List<Integer> oneBased(List<Integer> idx) {
    return idx.stream().map(i -> i + 1).sorted().toList();
  }

  private static NDArray lossOf(NDManager manager, NDArray v, Map<String, NDArray> params, int d, int[][] labels,
      List<Integer> idx, float[] classWeights, float dropout) {
    List<Integer> rows = new ArrayList<>();
    List<Integer> gold = new ArrayList<>();
    for (int r = 0; r < idx.size(); r++) {
      int y = labels[idx.get(r)][d];
      if (y >= 0) {
        rows.add(r);
        gold.add(y);
      }
    }
    if (rows.isEmpty()) {
      return null;
    }
    NDArray sel = v.get(manager.create(rows.stream().mapToLong(Integer::longValue).toArray()));
    if (dropout > 0) {
      sel = ai.djl.nn.norm.Dropout.dropout(sel, dropout, true).singletonOrThrow();
    }
    NDArray logits = sel.matMul(params.get("head." + d + ".weight")).add(params.get("head." + d + ".bias"));
    NDArray logp = logits.logSoftmax(-1);
    float[] oneHot = new float[rows.size() * classWeights.length];
    float total = 0;
    for (int r = 0; r < rows.size(); r++) {
      float w = classWeights[gold.get(r)];
      oneHot[r * classWeights.length + gold.get(r)] = w;
      total += w;
    }
    NDArray target = manager.create(oneHot, new Shape(rows.size(), classWeights.length));
    return logp.mul(target).sum().neg().div(total);
  }

  private static double validate(Encoder enc, Map<String, NDArray> params, List<Dimension> dims, Tokens tokens,
      int[][] gold, Options o, NDManager manager, Map<String, Double> per) {
    int n = gold.length;
    int[][] pred = new int[n][dims.size()];
    List<Integer> all = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      all.add(i);
    }
    for (int from = 0; from < n; from += 64) {
      List<Integer> idx = all.subList(from, Math.min(n, from + 64));
      try (NDScope scope = new NDScope()) {
        scope.suppressNotUsedWarning();
        NDArray[] in = tokens.batch(manager, idx);
        NDArray v = enc.embed(in[0], in[1], 0f).mul(o.scale());
        for (int d = 0; d < dims.size(); d++) {
          NDArray logits = v.matMul(params.get("head." + d + ".weight")).add(params.get("head." + d + ".bias"));
          long[] arg = logits.argMax(1).toLongArray();
          for (int r = 0; r < idx.size(); r++) {
            pred[idx.get(r)][d] = (int) arg[r];
          }
        }
      }
    }
    double sum = 0;
    for (int d = 0; d < dims.size(); d++) {
      Dimension dim = dims.get(d);
      double f = 0;
      for (String c : dim.scored()) {
        int k = dim.classes().indexOf(c);
        int tp = 0;
        int fp = 0;
        int fn = 0;
        for (int i = 0; i < n; i++) {
          if (gold[i][d] < 0) {
            continue;
          }
          boolean g = gold[i][d] == k;
          boolean p = pred[i][d] == k;
          tp += g && p ? 1 : 0;
          fp += !g && p ? 1 : 0;
          fn += g && !p ? 1 : 0;
        }
        f += tp == 0 ? 0 : 2.0 * tp / (2.0 * tp + fp + fn);
      }
      f /= dim.scored().size();
      per.put(dim.name(), Math.round(f * 10000) / 10000.0);
      sum += f;
    }
    return sum / dims.size();
  }

  private static int[][] labels(List<Dimension> dims, List<Example> texts) {
    int[][] out = new int[texts.size()][dims.size()];
    for (int i = 0; i < texts.size(); i++) {
      for (int d = 0; d < dims.size(); d++) {
        String c = texts.get(i).labels().get(dims.get(d).name());
        out[i][d] = c == null ? -1 : dims.get(d).classes().indexOf(c);
        if (c != null && out[i][d] < 0) {
          throw new InvalidInputException("text " + (i + 1) + ": class '" + c + "' is not one of "
              + dims.get(d).classes() + " for " + dims.get(d).name());
        }
      }
    }
    return out;
  }

  /** Balanced class weights n / (k · n_c), capped at 10, for the texts coding dimension {@code d}. */
  private static float[] balanced(int[][] labels, int d, int classes) {
    int[] count = new int[classes];
    int n = 0;
    for (int[] row : labels) {
      if (row[d] >= 0) {
        count[row[d]]++;
        n++;
      }
    }
    float[] w = new float[classes];
    for (int c = 0; c < classes; c++) {
      w[c] = count[c] == 0 ? 0f : (float) Math.min(10.0, n / (double) (classes * count[c]));
    }
    return w;
  }

  /** Token ids of texts, cut to a maximum length; batches are padded to their longest text. */
  record Tokens(long[][] ids) {
    static Tokens of(HuggingFaceTokenizer tokenizer, List<Example> texts, int max) {
      long[][] ids = new long[texts.size()][];
      for (int i = 0; i < ids.length; i++) {
        Encoding e = tokenizer.encode(texts.get(i).text());
        long[] all = e.getIds();
        if (all.length > max) {
          // keep [CLS] ... and the final [SEP]
          long[] cut = Arrays.copyOf(all, max);
          cut[max - 1] = all[all.length - 1];
          all = cut;
        }
        ids[i] = all;
      }
      return new Tokens(ids);
    }

    NDArray[] batch(NDManager manager, List<Integer> idx) {
      int len = 1;
      for (int i : idx) {
        len = Math.max(len, ids[i].length);
      }
      long[] flat = new long[idx.size() * len];
      float[] mask = new float[idx.size() * len];
      for (int r = 0; r < idx.size(); r++) {
        long[] t = ids[idx.get(r)];
        System.arraycopy(t, 0, flat, r * len, t.length);
        Arrays.fill(mask, r * len, r * len + t.length, 1f);
      }
      return new NDArray[] {manager.create(flat, new Shape(idx.size(), len)),
          manager.create(mask, new Shape(idx.size(), len))};
    }
  }

  /** AdamW with decoupled weight decay; state arrays live on the base manager, updates happen in place. */
  private static final class AdamW {
    private static final double B1 = 0.9;
    private static final double B2 = 0.999;
    private static final double EPS = 1e-8;
    private static final double MAX_NORM = 1.0;
    private final Map<String, NDArray> params;
    private final Map<String, NDArray> m = new LinkedHashMap<>();
    private final Map<String, NDArray> v = new LinkedHashMap<>();
    private int t;

    AdamW(Map<String, NDArray> params, NDManager manager) {
      this.params = params;
      params.forEach((k, p) -> {
        m.put(k, manager.zeros(p.getShape()));
        v.put(k, manager.zeros(p.getShape()));
      });
    }

    /**
     * One update, after clipping the gradients to a global L2 norm of {@link #MAX_NORM}; a step whose gradients are
     * not finite is skipped (gradients zeroed, weights and moments untouched).
     *
     * @return whether the weights were updated
     */
    boolean step(double encoderLr, double headLr, double decay) {
      double sq = 0;
      for (NDArray p : params.values()) {
        sq += p.getGradient().square().sum().getFloat();
      }
      double norm = Math.sqrt(sq);
      if (!Double.isFinite(norm)) {
        zeroGradients();
        return false;
      }
      float clip = norm > MAX_NORM ? (float) (MAX_NORM / norm) : 1f;
      t++;
      double c1 = 1 - Math.pow(B1, t);
      double c2 = 1 - Math.pow(B2, t);
      for (Map.Entry<String, NDArray> e : params.entrySet()) {
        String k = e.getKey();
        NDArray p = e.getValue();
        NDArray g = p.getGradient();
        if (clip < 1f) {
          g.muli(clip);
        }
        double lr = k.startsWith("head.") ? headLr : encoderLr;
        if (Encoder.decays(k) && !k.startsWith("head.")) {
          p.muli((float) (1 - lr * decay));
        }
        NDArray mk = m.get(k);
        NDArray vk = v.get(k);
        mk.muli((float) B1).addi(g.mul((float) (1 - B1)));
        vk.muli((float) B2).addi(g.square().muli((float) (1 - B2)));
        NDArray upd = mk.div((float) c1).div(vk.div((float) c2).sqrt().addi((float) EPS)).muli((float) lr);
        p.subi(upd);
      }
      zeroGradients();
      return true;
    }

    /** Sets every gradient to zero (PyTorch adds each backward pass to the stored gradients). */
    void zeroGradients() {
      for (NDArray p : params.values()) {
        p.getGradient().set(new ai.djl.ndarray.index.NDIndex("..."), 0f);
      }
    }
  }
}
