package org.stancemap.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import org.stancemap.InvalidInputException;
import org.stancemap.analysis.Analyzer;
import org.stancemap.analysis.DocumentAnalysis;
import org.stancemap.document.Document;
import org.stancemap.evaluation.CodedText;
import org.stancemap.evaluation.Metrics;
import org.stancemap.json.Json;
import org.stancemap.json.JsonWriter;
import org.stancemap.model.ClassifierInput;
import org.stancemap.model.DataTrainer;
import org.stancemap.model.HeadInputs;
import org.stancemap.model.HeadSet;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code stancemap eval}: measure a model against hand-coded texts. */
@Command(name = "eval", mixinStandardHelpOptions = true,
    description = {"Compare a model's labels with hand-coded texts: per-label precision/recall/F1, macro-F1, "
        + "accuracy, F_avg (stance), confusion matrices, calibration error, Cohen's kappa and Krippendorff's alpha.",
        "Without --model, the shipped default model is measured through the whole analysis (a text gets a stance "
        + "toward a target only when it names it). With --cv K, K-fold cross-validation trains and tests on the "
        + "data file itself, with default hyper-parameters."})
final class EvalCommand implements Callable<Integer> {
  @CommandLine.Mixin SharedOptions shared = new SharedOptions();
  @CommandLine.Mixin DataOptions data = new DataOptions();

  @Option(names = "--data", required = true, arity = "1..*", paramLabel = "FILE", description = "Coded data.")
  List<Path> files;

  @Option(names = {"-f", "--format"}, defaultValue = "text", description = "text or json. Default: ${DEFAULT-VALUE}.")
  String format;

  @Option(names = "--cv", paramLabel = "K", defaultValue = "0", description = "K-fold cross-validation on the data.")
  int cv;

  @Option(names = "--predictions", paramLabel = "FILE", description = "Also write every coded text with its human "
      + "and model labels to FILE, as JSON Lines (one object per text: origin, text, and per dimension gold, "
      + "predicted, confidence, agree and, for the default model's analysis, the evidence sentences; with --cv, the "
      + "fold), so that the disagreements can be read one by one. Written whole or not at all.")
  Path predictions;

  /** Per dimension, in scoring order: the human labels, the model's labels and its confidence in them. */
  private final Map<String, List<String>> gold = new LinkedHashMap<>();
  private final Map<String, List<String>> pred = new LinkedHashMap<>();
  private final Map<String, List<Double>> conf = new LinkedHashMap<>();
  /** One coded text's labels as {@code --predictions} writes them, by dimension, in the order they were scored. */
  private final Map<CodedText, Map<String, Json>> rows = new LinkedHashMap<>();
  private final Map<CodedText, Integer> folds = new HashMap<>();

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter err = spec.commandLine().getErr();
    if (predictions != null && Files.isDirectory(predictions)) {
      throw new InvalidInputException("--predictions: " + predictions + " is a folder; give a file name, e.g. "
          + predictions.resolve("predictions.jsonl"));
    }
    List<String> problems = new ArrayList<>();
    List<CodedText> texts = data.read(files, problems);
    problems.forEach(p -> err.println("stancemap: " + p));
    if (texts.isEmpty()) {
      throw new InvalidInputException("no usable texts in " + files);
    }
    TreeSet<String> dims = new TreeSet<>();
    texts.forEach(t -> dims.addAll(t.labels().keySet()));
    String modelId;
    try (Wiring w = new Wiring(shared, err)) {
      dims.forEach(d -> DataTrainer.classes(w.codebook(), d));
      if (cv >= 2) {
        modelId = "cross-validation (" + cv + " folds) on " + files;
        crossValidate(w, texts, dims);
      } else {
        HeadSet heads = w.heads();
        modelId = heads.id();
        predict(w, heads, texts, dims);
      }
    }
    Map<String, Metrics> metrics = new LinkedHashMap<>();
    for (String d : dims) {
      metrics.put(d, Metrics.of(d, gold.get(d), pred.get(d), conf.get(d)));
    }
    print(modelId, metrics);
    if (predictions != null) {
      writePredictions();
    }
    return problems.isEmpty() ? StancemapTool.OK : StancemapTool.SOME_INPUTS_FAILED;
  }

  private void predict(Wiring w, HeadSet heads, List<CodedText> texts, TreeSet<String> dims) {
    boolean trained = dims.stream().allMatch(d -> heads.head(d).isPresent() && (shared.model != null));
    HeadInputs inputs = new HeadInputs(w.codebook());
    float[][] vectors = trained ? w.embedding().embed(texts.stream().map(t -> ClassifierInput.of(t.text()))
        .toList()) : null;
    Analyzer analyzer = trained ? null : w.analyzer();
    for (int i = 0; i < texts.size(); i++) {
      CodedText t = texts.get(i);
      DocumentAnalysis a = analyzer == null ? null : analyzer.analyze(Document.ofText(t.origin(), t.text(), "und"));
      for (String d : dims) {
        String g = t.labels().get(d);
        if (g == null) {
          continue;
        }
        record(t, d, g, a == null
            ? Predicted.of(DataTrainer.predict(heads.head(d).orElseThrow(), inputs, t.text(), vectors[i]))
            : fromAnalysis(a, d));
      }
    }
  }

  /**
   * A model's label for one dimension of one text.
   *
   * @param confidence the probability it gives the label, as the calibration error takes it
   * @param ownProbability false when {@code confidence} is an assumption, not the model's (an unreported
   *     narrative or technique: 0.5); {@code --predictions} then writes null
   * @param evidence the sentences the analysis quotes for the label, or null for a trained head (which has none)
   */
  record Predicted(String label, double confidence, boolean ownProbability, List<String> evidence) {
    static Predicted of(DataTrainer.Prediction p) {
      return new Predicted(p.label(), p.probability(), true, null);
    }
  }

  /** Adds one scored label to the metrics' lists and, with {@code --predictions}, to its text's row. */
  private void record(CodedText t, String d, String g, Predicted p) {
    gold.computeIfAbsent(d, k -> new ArrayList<>()).add(g);
    pred.computeIfAbsent(d, k -> new ArrayList<>()).add(p.label());
    conf.computeIfAbsent(d, k -> new ArrayList<>()).add(p.confidence());
    if (predictions != null) {
      Json.ObjBuilder cell = Json.obj().put("gold", g).put("predicted", p.label())
          .put("confidence", p.ownProbability() ? Json.of(p.confidence()) : Json.NULL)
          .put("agree", g.equals(p.label()));
      if (p.evidence() != null) {
        cell.put("evidence", Json.arr(p.evidence().stream().map(Json::of).toList()));
      }
      rows.computeIfAbsent(t, k -> new LinkedHashMap<>()).put(d, cell.build());
    }
  }

  /** Writes {@link #rows} as JSON Lines, whole or not at all. */
  private void writePredictions() {
    try (ReportFile file = ReportFile.beside(predictions)) {
      Writer w = file.writer();
      for (var row : rows.entrySet()) {
        CodedText t = row.getKey();
        Json.ObjBuilder o = Json.obj().put("origin", t.origin());
        if (folds.containsKey(t)) {
          o.put("fold", folds.get(t));
        }
        Json.ObjBuilder labels = Json.obj();
        row.getValue().forEach(labels::put);
        o.put("text", t.text()).put("labels", labels.build());
        w.write(JsonWriter.compact(o.build()));
        w.write('\n');
      }
      file.commit();
    } catch (IOException e) {
      throw new InvalidInputException("--predictions: cannot write " + predictions + ": " + e.getMessage());
    }
  }

  /**
   * A dimension's label and confidence as the whole analysis gives it. A stance of {@code none} toward a target the
   * text names is as sure as the strongest side was weak: 1 minus the best favor or against probability of any
   * sentence that names it (each relevant unit's {@code none} score). Toward a target the text does not name it is
   * certain. A narrative or technique the analysis did not report has no probability of its own: 0.5. The evidence
   * is the sentences the analysis quotes for the label.
   */
  static Predicted fromAnalysis(DocumentAnalysis a, String d) {
    if (d.startsWith("stance:")) {
      String target = d.substring("stance:".length());
      var r = a.stance().get(target);
      List<String> evidence = r.evidence().stream().map(e -> e.text()).toList();
      if (r.label() != org.stancemap.codebook.Stance.NONE) {
        return new Predicted(r.label().id(), r.score(), true, evidence);
      }
      double none = 1.0;
      for (var u : a.units()) {
        var s = u.stance().get(target);
        if (u.relevant() && s != null && s.mentioned() && s.label() == org.stancemap.codebook.Stance.NONE) {
          none = Math.min(none, s.score());
        }
      }
      return new Predicted("none", none, true, evidence);
    }
    if (d.equals("position")) {
      return new Predicted(a.position().label(), a.position().score(), true, List.of());
    }
    if (d.equals(DataTrainer.VOICE) || d.equals(DataTrainer.ATTITUDE)) {
      // a coded text is reported when any of its sentences is (a passage's main claim may follow its framing)
      org.stancemap.analysis.Voice reported = null;
      org.stancemap.analysis.Voice first = null;
      for (var u : a.units()) {
        for (var v : u.voices()) {
          first = first == null ? v : first;
          if (reported == null && v.kind().equals(org.stancemap.analysis.Voice.REPORTED)) {
            reported = v;
          }
        }
      }
      if (first == null) {
        return new Predicted(d.equals(DataTrainer.VOICE) ? "author" : "reports", 0.5, false, List.of());
      }
      if (d.equals(DataTrainer.VOICE)) {
        return reported != null ? new Predicted("reported", reported.score(), true, List.of())
            : new Predicted("author", first.score(), true, List.of());
      }
      return reported != null ? new Predicted(reported.attitude(), reported.attitudeScore(), true, List.of())
          : new Predicted("reports", 0.5, false, List.of());
    }
    String id = d.substring(d.indexOf(':') + 1);
    var list = d.startsWith("narrative:") ? a.narratives() : a.techniques();
    return list.stream().filter(s -> s.id().equals(id)).findFirst()
        .map(s -> new Predicted("true", s.score(), true, s.evidence().stream().map(e -> e.text()).toList()))
        .orElse(new Predicted("false", 0.5, false, List.of()));
  }

  private void crossValidate(Wiring w, List<CodedText> texts, TreeSet<String> dims) {
    List<CodedText> shuffled = new ArrayList<>(texts);
    Collections.shuffle(shuffled, new Random(42));
    // Stratified: texts with the same labels are dealt out over the folds in turn (the sort is stable, so they stay
    // shuffled among themselves), so that every fold's training part has every label that occurs often enough.
    shuffled.sort(Comparator.comparing(t -> new TreeMap<>(t.labels()).toString()));
    DataTrainer.Options std = DataTrainer.Options.defaults();
    DataTrainer.Options fixed = new DataTrainer.Options(List.of(1e-3), List.of(1.0), 2, 200, 42L, std.lexical(),
        std.tfidf(), false);
    HeadInputs inputs = new HeadInputs(w.codebook());
    for (int f = 0; f < cv; f++) {
      List<CodedText> tr = new ArrayList<>();
      List<CodedText> te = new ArrayList<>();
      for (int i = 0; i < shuffled.size(); i++) {
        (i % cv == f ? te : tr).add(shuffled.get(i));
      }
      HeadSet heads = DataTrainer.train(w.codebook(), w.embedding(), null, tr, List.of(), fixed).heads();
      float[][] v = w.embedding().embed(te.stream().map(t -> ClassifierInput.of(t.text())).toList());
      for (int i = 0; i < te.size(); i++) {
        for (String d : dims) {
          String g = te.get(i).labels().get(d);
          if (g == null || heads.head(d).isEmpty()) {
            continue;
          }
          folds.put(te.get(i), f);
          record(te.get(i), d, g, Predicted.of(DataTrainer.predict(heads.head(d).get(), inputs, te.get(i).text(),
              v[i])));
        }
      }
    }
  }

  private void print(String modelId, Map<String, Metrics> metrics) {
    PrintWriter out = spec.commandLine().getOut();
    if (format.equals("json")) {
      Json.ObjBuilder dims = Json.obj();
      metrics.forEach((d, m) -> dims.put(d, json(m)));
      out.println(JsonWriter.pretty(Json.obj().put("model", modelId).put("dimensions", dims.build()).build()));
    } else {
      out.println("model " + modelId);
      for (Metrics m : metrics.values()) {
        out.println(String.format(Locale.ROOT, "%s  n=%d  %smacro-F1 %.3f  accuracy %.3f  ECE %.3f  "
            + "kappa %.3f  alpha %.3f", m.dimension(), m.n(), Double.isNaN(m.fAvg()) ? ""
            : String.format(Locale.ROOT, "F_avg %.3f  ", m.fAvg()), m.macroF1(), m.accuracy(), m.ece(),
            m.cohensKappa(), m.krippendorffsAlpha()));
        m.perLabel().forEach((l, p) -> out.println(String.format(Locale.ROOT,
            "    %-10s P %.3f  R %.3f  F1 %.3f  support %d", l, p.precision(), p.recall(), p.f1(), p.support())));
        out.println("    confusion (gold → predicted): " + confusion(m.confusion()));
      }
    }
    out.flush();
  }

  static Json json(Metrics m) {
    Json.ObjBuilder per = Json.obj();
    m.perLabel().forEach((l, p) -> per.put(l, Json.obj().put("precision", p.precision()).put("recall", p.recall())
        .put("f1", p.f1()).put("support", p.support()).build()));
    Json.ObjBuilder cm = Json.obj();
    m.confusion().forEach((g, row) -> {
      Json.ObjBuilder r = Json.obj();
      row.forEach((p, c) -> r.put(p, c.longValue()));
      cm.put(g, r.build());
    });
    return Json.obj().put("n", m.n()).put("f_avg", Double.isNaN(m.fAvg()) ? Json.NULL : Json.of(m.fAvg()))
        .put("macro_f1", m.macroF1()).put("accuracy", m.accuracy()).put("per_label", per.build())
        .put("confusion", cm.build()).put("ece", Double.isNaN(m.ece()) ? Json.NULL : Json.of(m.ece()))
        .put("cohens_kappa", m.cohensKappa()).put("krippendorffs_alpha", m.krippendorffsAlpha()).build();
  }

  /** A confusion matrix as people read it: "gold → predicted count, …" per gold label, not a Java map. */
  static String confusion(Map<String, Map<String, Integer>> c) {
    List<String> rows = new ArrayList<>();
    c.forEach((gold, row) -> {
      List<String> cells = new ArrayList<>();
      row.forEach((pred, n) -> cells.add(pred + " " + n));
      rows.add(gold + ": " + String.join(", ", cells));
    });
    return String.join("; ", rows);
  }
}
