package org.stancemap.search;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import org.stancemap.analysis.DocumentAnalysis;
import org.stancemap.analysis.Evidence;
import org.stancemap.analysis.PositionResult;
import org.stancemap.analysis.Provenance;
import org.stancemap.analysis.Scored;
import org.stancemap.analysis.StanceResult;
import org.stancemap.analysis.UnitAnalysis;
import org.stancemap.codebook.Codebook;
import org.stancemap.codebook.CodebookLoader;
import org.stancemap.codebook.Stance;
import org.stancemap.corpus.SyntheticCorpus;
import org.stancemap.document.Document;
import org.stancemap.document.DocumentMeta;
import org.stancemap.model.onnx.OnnxEmbeddingModel;
import org.stancemap.text.Segmenter;
import org.stancemap.text.Sentence;
import org.stancemap.text.Unit;

/**
 * Search latency benchmark over a generated corpus (not a unit test; run it with the command in
 * {@code docs/benchmarks.md} section 4).
 *
 * <p>Texts come from {@link SyntheticCorpus}, segmented by the real {@link Segmenter}. Labels are drawn at random
 * from the built-in codebook. Vectors are NOT computed by ONNX for every sentence (a million sentences would take
 * about an hour on two cores): a pool of real all-MiniLM-L6-v2 embeddings of distinct generated sentences is
 * computed once, and each indexed sentence gets a perturbed copy of one of them (Gaussian noise, then L2
 * normalisation; cosine to its base about 0.9), so the vectors cluster like real ones. Queries are embedded by the
 * real model, and that time is part of the semantic and hybrid latencies.
 *
 * <p>Arguments: {@code sizes=100000,1000000 queries=200 dir=target/bench-search pool=2000 seed=7}, and
 * {@code reuse=true} to measure the queries on an index a previous run built (and closed, so its merges are done)
 * instead of building it again.
 */
public final class SearchBenchmark {
  private SearchBenchmark() {}

  private static final com.sun.management.OperatingSystemMXBean OS =
      (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

  private static final String[] SOURCES = {"Left Voice", "Red Flag Weekly", "Solidarity Notes", "Campist Review",
      "Third Camp Bulletin", "Kyiv Labour News", "Peace Now Forum", "Workers Daily", "Internationalist Post",
      "Anti-War Digest"};
  private static final String[] TEXT_QUERIES = {"sanctions oligarchs", "\"imperialist blocs\"", "NATO expansion",
      "unions AND convoys", "Kharkiv defend homes", "peace talks winter", "grain deal", "refugees deportations",
      "arms industry profits", "left ruling class -Kremlin", "puppet State Department", "counter-offensive minefields"};
  private static final String[] SEMANTIC_QUERIES = {"the alliance pushed Russia into the war",
      "ordinary people pay for the sanctions", "workers gain nothing from this conflict",
      "ukrainians must be able to fight back", "negotiations should start immediately",
      "the media hid what happened in eastern Ukraine", "weapons makers get rich from the war",
      "people forced out of occupied cities", "those who call themselves anti-imperialists defend a dictator",
      "Kyiv takes orders from America"};
  private static final String[] FILTERS = {"", "", " source:\"left voice\"", " date:2023-01..2023-06",
      " position:campist", " kind:comment"};

  public static void main(String[] args) throws IOException {
    Map<String, String> a = new LinkedHashMap<>(Map.of("sizes", "100000,1000000", "queries", "200", "dir",
        "target/bench-search", "pool", "2000", "seed", "7"));
    for (String arg : args) {
      for (String part : arg.split("\\s+")) {
        if (part.contains("=")) {
          a.put(part.substring(0, part.indexOf('=')), part.substring(part.indexOf('=') + 1));
        }
      }
    }
    long seed = Long.parseLong(a.get("seed"));
    int queries = Integer.parseInt(a.get("queries"));
    Codebook codebook = CodebookLoader.builtin(CodebookLoader.DEFAULT);
    try (OnnxEmbeddingModel model = OnnxEmbeddingModel.openDefault()) {
      long t0 = System.nanoTime();
      float[][] pool = pool(model, Integer.parseInt(a.get("pool")), seed);
      System.out.printf(Locale.ROOT, "embedding pool: %d real vectors in %.1f s%n", pool.length,
          (System.nanoTime() - t0) / 1e9);
      for (String size : a.get("sizes").split(",")) {
        int n = Integer.parseInt(size.trim());
        Path dir = Path.of(a.get("dir"), "s" + n);
        boolean reuse = Boolean.parseBoolean(a.getOrDefault("reuse", "false")) && Files.isDirectory(dir);
        if (!reuse) {
          deleteTree(dir);
        }
        run(n, dir, model, pool, codebook, seed, queries, reuse);
      }
    }
  }

  private static float[][] pool(OnnxEmbeddingModel model, int n, long seed) {
    SyntheticCorpus corpus = new SyntheticCorpus(seed ^ 0x5eed);
    List<String> texts = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (int tries = 0; texts.size() < n && tries < n * 20; tries++) {
      String s = corpus.sentence();
      if (seen.add(s)) {
        texts.add(s);
      }
    }
    return model.embed(texts);
  }

  private static void run(int sentences, Path dir, OnnxEmbeddingModel model, float[][] pool, Codebook codebook,
      long seed, int queries, boolean reuse) throws IOException {
    Random random = new Random(seed);
    SyntheticCorpus corpus = new SyntheticCorpus(seed);
    Segmenter segmenter = new Segmenter();
    long start = System.nanoTime();
    long cpuStart = OS.getProcessCpuTime();
    int indexed = 0;
    int docs = 0;
    try (SearchIndex index = SearchIndex.open(dir, model)) {
      while (!reuse && indexed < sentences) {
        String text = corpus.document(4 + random.nextInt(30));
        Document d = Document.ofText("bench-" + docs, text, "eng");
        List<Unit> units = segmenter.segment(text, List.of(), List.of(), false);
        IndexedDocument in = labelled(d, units, codebook, random, pool, docs);
        index.put(in);
        indexed += in.vectors().size();
        docs++;
      }
      if (!reuse) {
        index.commit("bench");
      }
      double build = (System.nanoTime() - start) / 1e9;
      double buildCpu = (OS.getProcessCpuTime() - cpuStart) / 1e9;
      long bytes = size(dir);
      if (reuse) {
        System.out.printf(Locale.ROOT, "%n== %,d sentences (existing index, %d segments), index %.1f MiB%n",
            index.sentenceCount(), index.segments(), bytes / 1048576.0);
      } else {
        System.out.printf(Locale.ROOT, "%n== %,d sentences in %,d documents: built in %.1f s wall, %.1f s process CPU "
            + "(%.0f sentences/s), %d segments, index %.1f MiB%n", index.sentenceCount(), docs, build, buildCpu,
            index.sentenceCount() / build, index.segments(), bytes / 1048576.0);
      }
      Random wr = new Random(seed - 1);
      for (int i = 0; i < 60; i++) { // warm-up of every mode before any is measured
        SearchMode mode = SearchMode.values()[i % 3];
        String[] qs = mode == SearchMode.TEXT ? TEXT_QUERIES : SEMANTIC_QUERIES;
        index.search(new SearchRequest(qs[wr.nextInt(qs.length)] + FILTERS[wr.nextInt(FILTERS.length)], mode, 0, 10));
      }
      for (SearchMode mode : SearchMode.values()) {
        String[] qs = mode == SearchMode.TEXT ? TEXT_QUERIES : SEMANTIC_QUERIES;
        Random qr = new Random(seed + mode.ordinal());
        double[] ms = new double[queries];
        long hits = 0;
        // process CPU time ticks in 10 ms steps here, so it is summed over all queries rather than taken per query
        long cpu = OS.getProcessCpuTime();
        for (int i = 0; i < queries; i++) {
          String q = qs[qr.nextInt(qs.length)] + FILTERS[qr.nextInt(FILTERS.length)];
          long t = System.nanoTime();
          SearchResults r = index.search(new SearchRequest(q, mode, 0, 10));
          ms[i] = (System.nanoTime() - t) / 1e6;
          hits += r.hits().size();
        }
        double cpuPerQuery = (OS.getProcessCpuTime() - cpu) / 1e6 / queries;
        Arrays.sort(ms);
        int p95 = (int) Math.ceil(queries * 0.95) - 1;
        System.out.printf(Locale.ROOT, "%-8s wall p50 %6.1f ms  p95 %6.1f ms  max %6.1f ms | process CPU %5.1f ms/query "
            + "(%d queries, %.1f hits each)%n", mode.id(), ms[queries / 2], ms[p95], ms[queries - 1], cpuPerQuery,
            queries, hits / (double) queries);
      }
    }
  }

  /** Random labels from the codebook and perturbed pool vectors, for a segmented document. */
  private static IndexedDocument labelled(Document d, List<Unit> units, Codebook cb, Random r, float[][] pool,
      int n) {
    String text = d.text();
    List<UnitAnalysis> uas = new ArrayList<>();
    List<float[]> vectors = new ArrayList<>();
    for (Unit u : units) {
      Sentence first = u.sentences().get(0);
      Evidence ev = new Evidence(u.id(), first.span().start(), first.span().end(), first.span().of(text), 0.8);
      Map<String, StanceResult> stance = new LinkedHashMap<>();
      for (var t : cb.targets()) {
        Stance s = Stance.values()[r.nextInt(3)];
        stance.put(t.id(), s == Stance.NONE ? StanceResult.notMentioned() : new StanceResult(s, 0.7, true, List.of(ev)));
      }
      List<Scored> narratives = r.nextInt(3) == 0 ? List.of(new Scored(
          cb.narratives().get(r.nextInt(cb.narratives().size())).id(), "n", 0.6, List.of(ev))) : List.of();
      List<Scored> techniques = r.nextInt(4) == 0 ? List.of(new Scored(
          cb.techniques().get(r.nextInt(cb.techniques().size())).id(), "t", 0.6, List.of(ev))) : List.of();
      String pos = cb.positions().get(r.nextInt(cb.positions().size())).id();
      uas.add(new UnitAnalysis(u, stance, narratives, techniques, List.of(),
          new PositionResult(pos, 0.6, Map.of(), Map.of()), true));
      for (int i = 0; i < u.sentences().size(); i++) {
        vectors.add(perturbed(pool[r.nextInt(pool.length)], r));
      }
    }
    String docPos = cb.positions().get(r.nextInt(cb.positions().size())).id();
    DocumentAnalysis a = new DocumentAnalysis(d, DocumentAnalysis.ANALYSED,
        new PositionResult(docPos, 0.6, Map.of(), Map.of()), Map.of(), List.of(), List.of(), List.of(), uas,
        List.of(), new Provenance("bench", "bench", "0", "all-minilm-l6-v2-q"));
    Instant date = Instant.parse("2022-01-01T00:00:00Z").plusSeconds(r.nextInt(3 * 365 * 86400));
    return new IndexedDocument(DocumentMeta.of("bench-" + n, "Bench document " + n, SOURCES[r.nextInt(SOURCES.length)],
        "https://example.org/bench/" + n, date, "eng"), a, vectors);
  }

  private static float[] perturbed(float[] base, Random r) {
    float[] v = new float[base.length];
    double sigma = 0.025; // |noise| ~ 0.49 for 384 dimensions: cosine to the base about 0.9
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) (base[i] + sigma * r.nextGaussian());
    }
    return Fields.normalised(v);
  }

  private static long size(Path dir) throws IOException {
    try (Stream<Path> s = Files.walk(dir)) {
      return s.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
