package org.stancemap.model;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import org.stancemap.ModelLoadException;
import org.stancemap.codebook.Codebook;
import org.stancemap.codebook.Label;
import org.stancemap.codebook.Mentions;
import org.stancemap.codebook.Position;
import org.stancemap.codebook.Stance;
import org.stancemap.codebook.Target;
import org.stancemap.text.Hashing;
import org.stancemap.text.Span;

/**
 * Trains the default heads from a codebook's own exemplars: one stance head per target (favor / against / none),
 * one narrative head and one technique head (each label plus {@code none}, whose examples are the near misses and
 * the off-topic sentences), a role head over bracketed actors, and a position head. Deterministic for a codebook,
 * an embedding model and a seed; {@link #obtain} caches the result by the codebook's hash.
 */
public final class CodebookTrainer {
  /** Bumped whenever training changes in a way that changes the model; part of the cache key. */
  // 8: role windows pooled from the sentence's own token vectors; 9: static int8 quantisation of the embedding
  // model (every vector changed a little, so every default model and stored analysis is made again)
  public static final int TRAINER_VERSION = 9;
  public static final int LEXICAL_BITS = 18;
  public static final String NONE = "none";
  /** Weight of the "none" class of narrative and technique heads, in units of one label's weight. */
  static final double NONE_WEIGHT = 3.0;
  /** Scale of the two target-polarity features appended to the embedding for stance heads. */
  public static final float POLARITY_SCALE = 1.0f;
  public static final String VERSION = "0.1.0";

  private CodebookTrainer() {}

  /**
   * The default model for {@code codebook} on {@code embedding}: read from {@code cacheDir} when a valid one is
   * there, otherwise trained and written there.
   */
  public static HeadSet obtain(Codebook codebook, EmbeddingModel embedding, Path cacheDir) {
    return obtain(codebook, embedding, cacheDir, m -> {});
  }

  /**
   * {@link #obtain(Codebook, EmbeddingModel, Path)}, telling {@code progress} how training goes when it must train
   * (a line per step: the exemplars embedded so far, the heads trained so far).
   */
  public static HeadSet obtain(Codebook codebook, EmbeddingModel embedding, Path cacheDir,
      Consumer<String> progress) {
    Path file = cacheFile(codebook, embedding.info(), cacheDir);
    if (Files.isRegularFile(file)) {
      try {
        return ModelFile.read(file, codebook, embedding.info());
      } catch (ModelLoadException e) {
        // A damaged cache entry is rebuilt, not fatal: it holds nothing that cannot be recomputed.
      }
    }
    HeadSet set = train(codebook, embedding, SoftmaxRegression.Params.defaults(), progress);
    ModelFile.write(set, file);
    return set;
  }

  /** Where {@link #obtain} caches the default model of a codebook and embedding model. */
  public static Path cacheFile(Codebook codebook, EmbeddingModel.EmbeddingInfo embedding, Path cacheDir) {
    return cacheDir.resolve(codebook.id() + "-" + codebook.sha256().substring(0, 16) + "-" + embedding.id() + "-t"
        + TRAINER_VERSION + ".model.json");
  }

  public static HeadSet train(Codebook cb, EmbeddingModel embedding, SoftmaxRegression.Params params) {
    return train(cb, embedding, params, m -> {});
  }

  /** Texts embedded per call while training, so that progress can be told between calls. */
  private static final int EMBED_CHUNK = 512;

  /**
   * Trains the heads of {@code cb} from its exemplars, telling {@code progress} a line per step. The result does not
   * depend on how the exemplars are cut into calls: the int8 encoder's vectors do not depend on their batch.
   */
  public static HeadSet train(Codebook cb, EmbeddingModel embedding, SoftmaxRegression.Params params,
      Consumer<String> progress) {
    Map<String, List<String>> texts = new LinkedHashMap<>();
    Map<String, List<Integer>> labels = new LinkedHashMap<>();
    Map<String, List<String>> classes = new LinkedHashMap<>();
    List<RoleInput.Window> windows = new ArrayList<>(); // the role head's inputs, in the order of texts.get("role")

    for (Target t : cb.targets()) {
      String h = "stance:" + t.id();
      classes.put(h, List.of(Stance.FAVOR.id(), Stance.AGAINST.id(), Stance.NONE.id()));
      for (Stance s : Stance.values()) {
        for (String e : t.stances().get(s).exemplars()) {
          add(texts, labels, h, e, s.ordinal());
        }
      }
    }
    Mentions mentions = new Mentions(cb);
    for (Mirrored m : mirrored(cb, mentions)) {
      add(texts, labels, m.head(), m.text(), m.stance().ordinal());
    }
    // Narratives and positions that imply a stance teach the stance heads too, on exemplars that name the target.
    List<Label> implying = new ArrayList<>(cb.narratives());
    cb.positions().forEach(p -> implying.add(p.label()));
    for (Label l : implying) {
      for (var st : l.stance().entrySet()) {
        for (String e : l.exemplars()) {
          if (names(mentions, e, st.getKey())) {
            add(texts, labels, "stance:" + st.getKey(), e, st.getValue().ordinal());
          }
        }
      }
    }
    List<String> offTopic = cb.positions().stream().filter(p -> p.id().equals("unrelated"))
        .flatMap(p -> p.label().exemplars().stream()).toList();
    labelHead(cb.narratives(), "narrative", offTopic, cb, texts, labels, classes);
    labelHead(cb.techniques(), "technique", offTopic, cb, texts, labels, classes);

    List<String> roleIds = cb.roles().stream().map(Label::id).toList();
    classes.put("role", roleIds);
    for (int i = 0; i < cb.roles().size(); i++) {
      for (String e : cb.roles().get(i).exemplars()) {
        addRole(texts, labels, windows, RoleInput.ofExemplar(e), i);
      }
    }
    // A stance exemplar casts the target's own actors as protagonists (favor) or antagonists (against).
    Map<String, String> actorTarget = new HashMap<>();
    cb.actors().forEach(a -> actorTarget.put(a.id(), a.target()));
    for (Target t : cb.targets()) {
      for (Stance s : List.of(Stance.FAVOR, Stance.AGAINST)) {
        int role = roleIds.indexOf(s == Stance.FAVOR ? "protagonist" : "antagonist");
        if (role < 0) {
          continue;
        }
        for (String e : t.stances().get(s).exemplars()) {
          for (Mentions.Mention m : mentions.actors(e, new Span(0, e.length()))) {
            if (t.id().equals(actorTarget.get(m.id()))) {
              addRole(texts, labels, windows, RoleInput.window(e, m.span().start(), m.span().end()), role);
              break;
            }
          }
        }
      }
    }

    List<String> positions = cb.positions().stream().map(Position::id).toList();
    classes.put("position", positions);
    for (int i = 0; i < cb.positions().size(); i++) {
      Position p = cb.positions().get(i);
      for (String e : p.label().exemplars()) {
        add(texts, labels, "position", e, i);
      }
      // A narrative that indicates a position is evidence of that position too.
      for (String n : p.narratives()) {
        for (String e : cb.narrative(n).orElseThrow().exemplars()) {
          add(texts, labels, "position", e, i);
        }
      }
    }

    // Embed every distinct input once, in sorted order, so batches (and int8 activations) are reproducible; a role
    // window's vector is pooled from its sentence's pass, as in analysis.
    Map<String, LinkedHashSet<Span>> spans = new TreeMap<>();
    texts.forEach((h, l) -> {
      if (!h.equals("role")) {
        l.forEach(t -> spans.computeIfAbsent(t, k -> new LinkedHashSet<>()));
      }
    });
    windows.forEach(w -> spans.computeIfAbsent(w.input(), k -> new LinkedHashSet<>()).add(w.span()));
    List<EmbeddingModel.SpanInput> requests = new ArrayList<>();
    spans.forEach((t, ss) -> requests.add(new EmbeddingModel.SpanInput(t, new ArrayList<>(ss))));
    List<EmbeddingModel.Embedded> vectors = new ArrayList<>(requests.size());
    for (int from = 0; from < requests.size(); from += EMBED_CHUNK) {
      vectors.addAll(embedding.embedSpans(requests.subList(from, Math.min(requests.size(), from + EMBED_CHUNK))));
      progress.accept(String.format(Locale.ROOT, "embedded %,d of %,d exemplar texts", vectors.size(),
          requests.size()));
    }
    Map<String, EmbeddingModel.Embedded> byText = new HashMap<>();
    for (int i = 0; i < requests.size(); i++) {
      byText.put(requests.get(i).text(), vectors.get(i));
    }
    HeadInputs inputs = new HeadInputs(cb);

    int threads = Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    Map<String, Future<Head>> futures = new LinkedHashMap<>();
    for (String h : texts.keySet()) {
      List<Example> data = new ArrayList<>();
      List<String> ts = texts.get(h);
      for (int i = 0; i < ts.size(); i++) {
        String in = ts.get(i);
        float[] vector = h.equals("role") ? windowVector(windows.get(i), spans, byText) : byText.get(in).text();
        data.add(inputs.example(h, in, vector, labels.get(h).get(i)));
      }
      double[] prior = null;
      List<String> cs = classes.get(h);
      if (cs.get(cs.size() - 1).equals(NONE) && !h.startsWith("stance:")) {
        // Most sentences carry no narrative or technique: "none" weighs as much as NONE_WEIGHT labels together.
        prior = new double[cs.size()];
        double total = cs.size() - 1 + NONE_WEIGHT;
        Arrays.fill(prior, 1.0 / total);
        prior[cs.size() - 1] = NONE_WEIGHT / total;
      }
      double[] pr = prior;
      futures.put(h, pool.submit(() -> SoftmaxRegression.train(h, cs, data, LEXICAL_BITS, params, pr)));
    }
    Map<String, Head> heads = new LinkedHashMap<>();
    try {
      for (var e : futures.entrySet()) {
        heads.put(e.getKey(), e.getValue().get());
        progress.accept("trained " + heads.size() + " of " + futures.size() + " heads (" + e.getKey() + ")");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while training", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("training failed: " + e.getCause().getMessage(), e.getCause());
    } finally {
      pool.shutdownNow();
    }
    StringBuilder dataDigest = new StringBuilder();
    texts.forEach((h, l) -> {
      for (int i = 0; i < l.size(); i++) {
        dataDigest.append(h).append('\t').append(labels.get(h).get(i)).append('\t').append(l.get(i)).append('\n');
      }
    });
    Map<String, String> p = new LinkedHashMap<>();
    p.put("l2", Double.toString(params.l2()));
    p.put("lexical_weight", Double.toString(params.lexicalWeight()));
    p.put("iterations", Integer.toString(params.iterations()));
    p.put("learning_rate", Double.toString(params.learningRate()));
    p.put("calibration_folds", Integer.toString(params.folds()));
    p.put("seed", Long.toString(params.seed()));
    p.put("lexical_bits", Integer.toString(LEXICAL_BITS));
    ModelProvenance prov = new ModelProvenance(VERSION, TRAINER_VERSION, cb.ref(), cb.sha256(),
        embedding.info().id(), embedding.info().weightsSha256(), "codebook exemplars of " + cb.ref() + " ("
        + texts.values().stream().mapToInt(List::size).sum() + " examples)", Hashing.sha256(dataDigest.toString()),
        p, Map.of());
    String id = cb.id() + "@" + cb.version() + "+" + cb.sha256().substring(0, 8) + "/" + embedding.info().id() + "/t"
        + TRAINER_VERSION;
    return new HeadSet(id, heads, prov);
  }

  /** A stance training example derived from an opposed target's exemplar. */
  record Mirrored(String head, String text, Stance stance) {}

  /**
   * A stance exemplar of a target that names a target it opposes teaches that target's head the mirrored stance
   * ("favour Ukraine" naming Russia is "against Russia"); none stays none. A text that is already an explicit
   * stance exemplar of that target is left out, so explicit exemplars win.
   */
  static List<Mirrored> mirrored(Codebook cb, Mentions mentions) {
    Map<String, Set<String>> explicit = new HashMap<>();
    for (Target t : cb.targets()) {
      Set<String> own = new HashSet<>();
      for (Stance s : Stance.values()) {
        t.stances().get(s).exemplars().forEach(e -> own.add(ClassifierInput.of(e)));
      }
      explicit.put(t.id(), own);
    }
    List<Mirrored> out = new ArrayList<>();
    for (Target t : cb.targets()) {
      for (String o : t.opposes()) {
        if (!explicit.containsKey(o)) {
          continue;
        }
        for (Stance s : Stance.values()) {
          Stance mirrored = s == Stance.FAVOR ? Stance.AGAINST : s == Stance.AGAINST ? Stance.FAVOR : Stance.NONE;
          for (String e : t.stances().get(s).exemplars()) {
            if (names(mentions, e, o) && !explicit.get(o).contains(ClassifierInput.of(e))) {
              out.add(new Mirrored("stance:" + o, e, mirrored));
            }
          }
        }
      }
    }
    return out;
  }

  private static void labelHead(List<Label> ls, String head, List<String> offTopic, Codebook cb,
      Map<String, List<String>> texts, Map<String, List<Integer>> labels, Map<String, List<String>> classes) {
    List<String> cs = new ArrayList<>(ls.stream().map(Label::id).toList());
    cs.add(NONE);
    classes.put(head, cs);
    int none = cs.size() - 1;
    for (int i = 0; i < ls.size(); i++) {
      for (String e : ls.get(i).exemplars()) {
        add(texts, labels, head, e, i);
      }
      for (String e : ls.get(i).nearMisses()) {
        add(texts, labels, head, e, none);
      }
    }
    for (String e : offTopic) {
      add(texts, labels, head, e, none);
    }
    for (Target t : cb.targets()) {
      for (String e : t.stances().get(Stance.NONE).exemplars()) {
        add(texts, labels, head, e, none);
      }
    }
  }

  private static boolean names(Mentions mentions, String text, String target) {
    return mentions.targets(text, new Span(0, text.length())).stream().anyMatch(m -> m.id().equals(target));
  }

  private static float[] windowVector(RoleInput.Window w, Map<String, LinkedHashSet<Span>> spans,
      Map<String, EmbeddingModel.Embedded> byText) {
    int k = new ArrayList<>(spans.get(w.input())).indexOf(w.span());
    return byText.get(w.input()).spans().get(k);
  }

  /** Adds a training input of a sentence head; the text goes through {@link ClassifierInput}. */
  private static void add(Map<String, List<String>> texts, Map<String, List<Integer>> labels, String head,
      String text, int label) {
    texts.computeIfAbsent(head, k -> new ArrayList<>()).add(ClassifierInput.of(text));
    labels.computeIfAbsent(head, k -> new ArrayList<>()).add(label);
  }

  /** Adds a role input: the window's words (lexical features) and the window itself (its pooled vector). */
  private static void addRole(Map<String, List<String>> texts, Map<String, List<Integer>> labels,
      List<RoleInput.Window> windows, RoleInput.Window w, int label) {
    texts.computeIfAbsent("role", k -> new ArrayList<>()).add(w.text());
    labels.computeIfAbsent("role", k -> new ArrayList<>()).add(label);
    windows.add(w);
  }
}
