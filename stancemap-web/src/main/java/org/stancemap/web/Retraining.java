package org.stancemap.web;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.stancemap.InvalidInputException;
import org.stancemap.analysis.Analyzer;
import org.stancemap.analysis.DocumentAnalysis;
import org.stancemap.analysis.UnitAnalysis;
import org.stancemap.codebook.Codebook;
import org.stancemap.codebook.Label;
import org.stancemap.evaluation.CodedText;
import org.stancemap.evaluation.Metrics;
import org.stancemap.json.Json;
import org.stancemap.model.ClassifierInput;
import org.stancemap.model.CodebookTrainer;
import org.stancemap.model.DataTrainer;
import org.stancemap.model.Head;
import org.stancemap.model.HeadInputs;
import org.stancemap.model.HeadSet;
import org.stancemap.model.ModelFile;
import org.stancemap.store.ModelActivation;
import org.stancemap.store.ModelActivations;
import org.stancemap.store.Review;
import org.stancemap.store.Reviews;

/**
 * Retraining from the reviews: the latest human label of every reviewed unit (accepted labels are confirmations)
 * becomes a coded text; the units are split by a seeded shuffle into training and held-out parts; {@link DataTrainer}
 * trains new heads over the active model (dimensions the reviews cannot train keep their heads); both models' heads
 * are evaluated on the held-out units with {@link Metrics}; the new model is written to the models folder beside the
 * database. It is not used until {@link #activate} switches the server to it. One retraining at a time, on a worker
 * thread; a request waits for it at most {@code waitSeconds}.
 */
final class Retraining implements AutoCloseable {
  /** Reviewed units needed before retraining. */
  static final int MIN_UNITS = 10;
  /** Seed of the split (and of the trainer). */
  static final long SEED = 42L;
  static final Pattern FILE = Pattern.compile("[0-9]{8}-[0-9]{6}-[0-9]{3}\\.model\\.json");
  private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS", Locale.ROOT);

  private final Workbench wb;
  private final Reviews reviews;
  private final ActiveModel active;
  private final Path dir;
  private final long waitSeconds;
  private final CodebookEdits edits;
  private final ModelActivations activations;
  private final AtomicBoolean running = new AtomicBoolean();
  private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "stancemap-retrain");
    t.setDaemon(true);
    return t;
  });

  Retraining(Workbench wb, Reviews reviews, ActiveModel active, Path dir, CodebookEdits edits,
      ModelActivations activations, long waitSeconds) {
    this.wb = wb;
    this.reviews = reviews;
    this.active = active;
    this.dir = dir;
    this.edits = edits;
    this.activations = activations;
    this.waitSeconds = waitSeconds;
  }

  /**
   * The models folder for a database: {@code DB.models} beside a SQLite file, {@code stancemap.models} in the
   * working directory for a URL, or {@code stancemap.models} in the workbench's {@code files} folder when it has one.
   */
  static Path modelsDir(Workbench wb) {
    if (wb.files() != null) {
      return wb.files().resolve("stancemap.models");
    }
    if (wb.db().startsWith("jdbc:")) {
      return Path.of("stancemap.models");
    }
    return Path.of(wb.db() + ".models");
  }

  Path dir() {
    return dir;
  }

  /** One reviewed unit as a coded text. */
  record Coded(String key, CodedText text) {}

  /** Runs a retraining on the worker and waits for it. */
  Json retrain() {
    return onWorker(this::run);
  }

  /**
   * Trains the default heads of an edited codebook ({@link CodebookTrainer}, cached under the models folder) on the
   * worker, writes them as a model file with a {@code .codebook} note naming the codebook file (which
   * {@link #activate} loads it with), and evaluates the active and the new heads on every usable reviewed unit.
   */
  Json retrain(Codebook cb, String codebookFile) {
    return onWorker(() -> runCodebook(cb, codebookFile));
  }

  private Json onWorker(Callable<Json> job) {
    if (!running.compareAndSet(false, true)) {
      throw new WebException.Busy("a retraining is already running; wait for it to finish");
    }
    Future<Json> f;
    try {
      f = worker.submit(() -> {
        try {
          return job.call();
        } finally {
          running.set(false);
        }
      });
    } catch (RuntimeException e) {
      running.set(false);
      throw new WebException.Failure("the retraining could not be started", e);
    }
    try {
      return f.get(waitSeconds, TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      throw new WebException.Busy("the retraining did not finish within " + waitSeconds + " s; it goes on in the"
          + " background and its model will be listed by GET /api/model when it is done");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new WebException.Failure("the retraining was interrupted", e);
    } catch (ExecutionException e) {
      Throwable c = e.getCause();
      if (c instanceof WebException w) {
        throw w;
      }
      if (c instanceof InvalidInputException || c instanceof IllegalArgumentException) {
        throw new WebException.BadRequest("retraining: " + Params.shorten(String.valueOf(c.getMessage())));
      }
      throw new WebException.Failure("the retraining failed; see the server's log", c);
    }
  }

  /** The coded texts of every reviewed unit whose text is still the document's current analysis. */
  List<Coded> coded() {
    Codebook cb = active.codebook();
    List<String> positions = DataTrainer.classes(cb, "position");
    Map<String, Map<String, String>> byUnit = new TreeMap<>();
    Map<String, String> texts = new TreeMap<>();
    Map<Long, DocumentAnalysis> analyses = new LinkedHashMap<>();
    for (Review r : reviews.latestAll()) {
      DocumentAnalysis a = analyses.computeIfAbsent(r.documentId(), id -> wb.store().analysis(id).orElse(null));
      if (a == null || !a.document().id().equals(r.contentId())) {
        continue; // the document is gone or has a newer text: its old units are not in the analysis any more
      }
      UnitAnalysis u = a.units().stream().filter(x -> x.unit().id().equals(r.unitId())).findFirst().orElse(null);
      if (u == null) {
        continue;
      }
      String key = r.documentId() + "/" + r.unitId();
      texts.put(key, u.unit().span().of(a.document().text()));
      Map<String, String> labels = byUnit.computeIfAbsent(key, k -> new TreeMap<>());
      String dim = r.dimension();
      String label = r.humanLabel();
      if (dim.equals("position")) {
        if (positions.contains(label)) {
          labels.put("position", label);
        }
      } else if (dim.startsWith("stance:")) {
        labels.put(dim, label);
      } else if (dim.equals("narrative") || dim.equals("technique")) {
        List<Label> all = dim.equals("narrative") ? cb.narratives() : cb.techniques();
        if (label.equals("none")) {
          all.forEach(l -> labels.put(dim + ":" + l.id(), "false"));
        } else if (all.stream().anyMatch(l -> l.id().equals(label))) {
          labels.put(dim + ":" + label, "true");
        } // else a label removed from the active codebook since the review: ignored
      }
    }
    List<Coded> out = new ArrayList<>();
    byUnit.forEach((key, labels) -> {
      if (!labels.isEmpty()) {
        out.add(new Coded(key, new CodedText(texts.get(key), labels, "review of " + key)));
      }
    });
    return out;
  }

  private Json run() throws IOException {
    ActiveModel.State state = active.state();
    Codebook cb = state.analyzer().codebook();
    List<Coded> all = coded();
    if (all.size() < MIN_UNITS) {
      throw new WebException.BadRequest("retraining needs reviews of at least " + MIN_UNITS + " units; "
          + all.size() + " reviewed unit" + (all.size() == 1 ? " is" : "s are") + " usable, so review "
          + (MIN_UNITS - all.size()) + " more");
    }
    List<Coded> order = new ArrayList<>(all);
    Collections.shuffle(order, new Random(SEED));
    int held = Math.max(2, (int) Math.round(order.size() * 0.25));
    List<Coded> heldOut = List.copyOf(order.subList(0, held));
    List<Coded> train = List.copyOf(order.subList(held, order.size()));

    // a dimension is trained when the training part has every one of its labels
    TreeSet<String> dims = new TreeSet<>();
    train.forEach(c -> dims.addAll(c.text().labels().keySet()));
    List<String> trained = new ArrayList<>();
    Map<String, String> skipped = new TreeMap<>();
    for (String d : dims) {
      List<String> classes = DataTrainer.classes(cb, d);
      List<String> missing = new ArrayList<>();
      for (String k : classes) {
        if (train.stream().noneMatch(c -> k.equals(c.text().labels().get(d)))) {
          missing.add(k);
        }
      }
      if (missing.isEmpty()) {
        trained.add(d);
      } else {
        skipped.put(d, "the training part has no review with label " + String.join(", ", missing.stream()
            .map(m -> "'" + m + "'").toList()));
      }
    }
    if (trained.isEmpty()) {
      StringBuilder why = new StringBuilder();
      skipped.entrySet().stream().limit(6).forEach(e -> why.append("; ").append(e.getKey()).append(": ")
          .append(e.getValue()));
      throw new WebException.BadRequest("the reviews cannot train any dimension yet: each needs reviews with every"
          + " one of its labels (for a stance target: favor, against and none)" + why
          + (skipped.size() > 6 ? "; ..." : "") + "; " + train.size() + " of " + all.size()
          + " reviewed units are used for training");
    }
    List<CodedText> trainTexts = train.stream().map(c -> restrict(c.text(), trained)).toList();
    Analyzer current = state.analyzer();
    HeadSet before = current.heads();
    DataTrainer.Options std = DataTrainer.Options.defaults();
    DataTrainer.Options o = new DataTrainer.Options(std.l2Grid(), std.lexicalGrid(),
        Math.max(2, Math.min(std.folds(), trainTexts.size())), std.iterations(), SEED, std.lexical(), std.tfidf(),
        false);
    DataTrainer.Trained t = DataTrainer.train(cb, current.embedding(), before, trainTexts, List.of(), o);

    HeadInputs inputs = new HeadInputs(cb);
    float[][] vectors = current.embedding().embed(heldOut.stream().map(c -> ClassifierInput.of(c.text().text()))
        .toList());
    Json.ObjBuilder b = Json.obj();
    Json.ObjBuilder a = Json.obj();
    for (String d : trained) {
      List<String> gold = new ArrayList<>();
      List<Integer> idx = new ArrayList<>();
      for (int i = 0; i < heldOut.size(); i++) {
        String g = heldOut.get(i).text().labels().get(d);
        if (g != null) {
          gold.add(g);
          idx.add(i);
        }
      }
      if (gold.isEmpty()) {
        continue;
      }
      Head hb = before.head(d).orElse(null);
      if (hb != null) {
        b.put(d, metrics(d, gold, hb, inputs, heldOut, idx, vectors));
      }
      a.put(d, metrics(d, gold, t.heads().head(d).orElseThrow(), inputs, heldOut, idx, vectors));
    }

    String name = STAMP.format(ZonedDateTime.now(ZoneOffset.UTC)) + ".model.json";
    Path file = dir.resolve(name);
    if (state.codebookFile() != null) {
      // the heads belong to the active edited codebook: the note lets activation load them against it
      Files.createDirectories(dir);
      Files.writeString(dir.resolve(name.replace(".model.json", ".codebook")), state.codebookFile() + "\n");
    }
    ModelFile.write(t.heads(), file);
    Json.ObjBuilder sk = Json.obj();
    skipped.forEach(sk::put);
    return Json.obj().put("model", name).put("modelId", t.heads().id()).put("activeModelId", before.id())
        .put("units", all.size()).put("examples", train.size()).put("heldOut", heldOut.size())
        .put("trained", Json.arr(trained.stream().map(Json::of).toList())).put("skipped", sk.build())
        .put("before", b.build()).put("after", a.build())
        .put("trainingUnits", Json.arr(train.stream().map(c -> Json.of(c.key())).toList()))
        .put("heldOutUnits", Json.arr(heldOut.stream().map(c -> Json.of(c.key())).toList())).build();
  }

  private Json runCodebook(Codebook cb, String codebookFile) throws IOException {
    ActiveModel.State state = active.state();
    Analyzer current = state.analyzer();
    HeadSet before = current.heads();
    HeadSet after = CodebookTrainer.obtain(cb, current.embedding(), dir.resolve("cache"));
    // evaluation on the reviews: every usable reviewed unit (none of them was trained on; the heads come from
    // the codebook's exemplars), on the dimensions both codebooks have
    List<Coded> all = coded();
    HeadInputs inBefore = new HeadInputs(current.codebook());
    HeadInputs inAfter = new HeadInputs(cb);
    TreeSet<String> dims = new TreeSet<>();
    all.forEach(c -> dims.addAll(c.text().labels().keySet()));
    float[][] vectors = all.isEmpty() ? new float[0][] : current.embedding().embed(all.stream()
        .map(c -> ClassifierInput.of(c.text().text())).toList());
    Json.ObjBuilder b = Json.obj();
    Json.ObjBuilder a = Json.obj();
    List<Integer> every = new ArrayList<>();
    for (int i = 0; i < all.size(); i++) {
      every.add(i);
    }
    for (String d : dims) {
      Head hb = before.head(d).orElse(null);
      Head ha = after.head(d).orElse(null);
      if (hb == null || ha == null) {
        continue;
      }
      List<String> gold = new ArrayList<>();
      List<Integer> idx = new ArrayList<>();
      for (int i : every) {
        String g = all.get(i).text().labels().get(d);
        if (g != null) {
          gold.add(g);
          idx.add(i);
        }
      }
      if (!gold.isEmpty()) {
        b.put(d, metrics(d, gold, hb, inBefore, all, idx, vectors));
        a.put(d, metrics(d, gold, ha, inAfter, all, idx, vectors));
      }
    }
    String name = STAMP.format(ZonedDateTime.now(ZoneOffset.UTC)) + ".model.json";
    Files.createDirectories(dir);
    Files.writeString(dir.resolve(name.replace(".model.json", ".codebook")), codebookFile + "\n");
    ModelFile.write(after, dir.resolve(name));
    return Json.obj().put("model", name).put("modelId", after.id()).put("activeModelId", before.id())
        .put("codebook", codebookFile).put("codebookVersion", cb.version()).put("codebookSha256", cb.sha256())
        .put("reviewedUnits", all.size())
        .put("evaluation", all.isEmpty() ? "none: there are no usable human reviews to evaluate on"
            : "the active and the new heads on all " + all.size() + " usable reviewed units")
        .put("before", b.build()).put("after", a.build()).build();
  }

  private static CodedText restrict(CodedText t, List<String> dims) {
    Map<String, String> l = new TreeMap<>(t.labels());
    l.keySet().retainAll(dims);
    return new CodedText(t.text(), l, t.origin());
  }

  private static Json metrics(String d, List<String> gold, Head head, HeadInputs inputs, List<Coded> heldOut,
      List<Integer> idx, float[][] vectors) {
    List<String> pred = new ArrayList<>();
    List<Double> conf = new ArrayList<>();
    for (int i : idx) {
      DataTrainer.Prediction p = DataTrainer.predict(head, inputs, heldOut.get(i).text().text(), vectors[i]);
      pred.add(p.label());
      conf.add(p.probability());
    }
    Metrics m = Metrics.of(d, gold, pred, conf);
    return Json.obj().put("n", m.n()).put("accuracy", num(m.accuracy())).put("macroF1", num(m.macroF1()))
        .put("fAvg", d.startsWith("stance:") ? num(m.fAvg()) : Json.NULL).put("kappa", num(m.cohensKappa()))
        .build();
  }

  private static Json num(double d) {
    return Double.isNaN(d) || Double.isInfinite(d) ? Json.NULL : Json.of(d);
  }

  /** The model files in the folder, newest first. */
  List<String> models() {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).filter(n -> FILE.matcher(n).matches())
          .sorted(Collections.reverseOrder()).toList();
    } catch (IOException e) {
      throw new WebException.Failure("the models folder could not be listed", e);
    }
  }

  /** A model file loaded and checked, ready to be made active. */
  private record Loaded(Analyzer analyzer, String codebookFile) {}

  /**
   * Loads a model file of the folder the way models are verified on load: {@link ModelFile#read} checks its checksum,
   * format version, codebook hash and embedding model; the codebook is the edited one its {@code .codebook} note
   * names (validated by the loader), else the server's.
   */
  private Loaded load(String name) {
    if (name == null || !FILE.matcher(name).matches()) {
      throw new WebException.BadRequest("'model' must be a file name as POST /api/retrain returns it"
          + " (like 20260101-120000-000.model.json), found '" + Params.shorten(String.valueOf(name)) + "'");
    }
    Path file = dir.resolve(name);
    if (!Files.isRegularFile(file)) {
      throw new WebException.NotFound("no model '" + name + "' in the models folder; POST /api/retrain makes one");
    }
    Analyzer base = active.defaultAnalyzer();
    Codebook cb = base.codebook();
    String codebookFile = null;
    Path note = dir.resolve(name.replace(".model.json", ".codebook"));
    if (Files.isRegularFile(note)) {
      try {
        codebookFile = Files.readString(note).strip();
      } catch (IOException e) {
        throw new WebException.Failure("the codebook note of model '" + name + "' could not be read", e);
      }
      try {
        cb = edits.load(codebookFile);
      } catch (WebException e) {
        throw new WebException.BadRequest("model '" + name + "' belongs to the edited codebook " + codebookFile
            + ", which cannot be loaded: " + e.getMessage());
      }
    }
    HeadSet heads;
    try {
      heads = ModelFile.read(file, cb, base.embedding().info());
    } catch (RuntimeException e) {
      throw new WebException.BadRequest("model '" + name + "' cannot be used: " + Params.shorten(
          String.valueOf(e.getMessage()).replace(file.toString(), name)));
    }
    return new Loaded(new Analyzer(cb, base.embedding(), heads, base.settings(), base.glossaries()), codebookFile);
  }

  /** Switches the server to a model file of the folder and records the activation in the database. */
  ActiveModel.State activate(String name, String by) {
    Loaded l = load(name);
    ModelActivation a = activations.record(name, l.analyzer().provenance().model(), l.codebookFile(), by);
    ActiveModel.State s = new ActiveModel.State(l.analyzer(), name, l.codebookFile(), a.by(), a.at());
    active.activate(s);
    active.notice(null);
    return s;
  }

  /** Switches the server back to the model it started with and records that in the database. */
  ActiveModel.State activateDefault(String by) {
    Analyzer d = active.defaultAnalyzer();
    ModelActivation a = activations.record(null, d.provenance().model(), null, by);
    ActiveModel.State s = new ActiveModel.State(d, null, null, a.by(), a.at());
    active.activate(s);
    active.notice(null);
    return s;
  }

  /**
   * At start: makes the recorded activation active again, verified like any activation (and its model id compared
   * with the recorded one). When the file is missing or invalid the default model stays active and the reason and
   * the ways out are written to {@code log} and kept as the notice that {@code GET /api/model} shows.
   */
  void restore(PrintStream log) {
    ModelActivation a = activations.latest().orElse(null);
    if (a == null || a.model() == null) {
      return;
    }
    String what = "the model " + a.model() + " (" + a.modelId() + "), activated by " + a.by() + " at " + a.at();
    String dflt = "; the server uses the default model " + active.defaultAnalyzer().provenance().model()
        + " instead. Put the file back into " + dir + " and restart, activate another model (Review page or POST"
        + " /api/model/activate), or go back to the default model (POST /api/model/default) to record that.";
    try {
      Loaded l = load(a.model());
      String id = l.analyzer().provenance().model();
      if (!id.equals(a.modelId())) {
        throw new WebException.BadRequest("the file now holds model " + id + ", not the activated one");
      }
      active.activate(new ActiveModel.State(l.analyzer(), a.model(), l.codebookFile(), a.by(), a.at()));
      log.println("stancemap serve: using " + what);
    } catch (WebException.NotFound e) {
      String msg = what + " is missing from " + dir + dflt;
      active.notice(msg);
      log.println("stancemap serve: " + msg);
    } catch (RuntimeException e) {
      String msg = what + " cannot be used (" + e.getMessage() + ")" + dflt;
      active.notice(msg);
      log.println("stancemap serve: " + msg);
    }
  }

  @Override
  public void close() {
    worker.shutdownNow();
  }
}
