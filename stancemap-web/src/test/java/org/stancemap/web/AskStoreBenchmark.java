package org.stancemap.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.stancemap.analysis.DocumentAnalysis;
import org.stancemap.analysis.Provenance;
import org.stancemap.ask.AskService;
import org.stancemap.ask.answer.Answer;
import org.stancemap.ask.answer.Citation;
import org.stancemap.ask.question.QuestionParser;
import org.stancemap.ask.question.Synonyms;
import org.stancemap.corpus.SyntheticCorpus;
import org.stancemap.document.Document;
import org.stancemap.document.DocumentMeta;
import org.stancemap.document.SourceItem;
import org.stancemap.search.SearchIndex;
import org.stancemap.search.store.StoreFeed;
import org.stancemap.store.AnalysisKey;
import org.stancemap.store.Store;

/**
 * Ask latency over a large store (issue #5; not part of the normal suite: {@code -Dstancemap.askbench=true}).
 *
 * <p>The store grows to each size in {@code stancemap.askbench.sizes} (sentences; default 100000,1000000) in turn.
 * {@code stancemap.askbench.distinct} (1,000) {@link SyntheticCorpus} documents are analysed by the real pipeline;
 * the rest of the store is copies of those analyses under other ids, texts (a line {@code Copy N.} appended),
 * 25 sources and dates over 1,000 days, each copy's sentence vectors perturbed (Gaussian noise, sigma 0.025 per
 * component, then normalised) so the vector index holds distinct vectors. At each size the search index is synced
 * from the store through {@link StoreFeed}, as {@code ask --db} does, and then every question below is asked
 * through {@link AskService} and {@link StoreRetriever} (exactly what {@code ask --db} and {@code POST /api/ask}
 * run; the JVM start and the index sync are not in the latency), one warm-up round and
 * {@code stancemap.askbench.rounds} (3) measured rounds, one question at a time. {@code -Dstancemap.askbench.db=FILE}
 * keeps the store (and its index beside it) and grows it further on the next run. Writes
 * {@code target/ask-store-bench.md} and prints the figures for docs/benchmarks.md section 5.
 */
@EnabledIfSystemProperty(named = "stancemap.askbench", matches = "true")
class AskStoreBenchmark {
  /** A question and, for questions about one generated claim, words that a unit answering it contains. */
  record Question(String text, String claim) {}

  static final List<Question> QUESTIONS = List.of(
      new Question("Who blames the alliance's expansion for leaving Moscow no choice?", "left moscow with no choice"),
      new Question("Are sanctions hurting ordinary Europeans more than the oligarchs?", "sanctions are hurting"),
      new Question("Who calls the war a clash of imperialist blocs?", "clash between two imperialist blocs"),
      new Question("Who wants talks before another winter of shelling?", "talks must begin at once"),
      new Question("Which unions organise aid convoys for miners and nurses?", "aid convoys for miners"),
      new Question("Why did the grain deal collapse?", "grain deal collapsed"),
      new Question("What do refugees say about filtration camps and deportations?", "filtration camps"),
      new Question("Who says the arms industry makes record profits?", "record profits"),
      new Question("What happened to the counter-offensive near Zaporizhzhia?", "counter-offensive stalled"),
      new Question("Who says the government in Kyiv is a puppet of the State Department?", "puppet run from"),
      new Question("What do campists say about NATO?", null),
      new Question("Which sources say Ukraine has a right to defend itself?", null),
      new Question("What does Source 3 say about sanctions?", null),
      new Question("How do third-camp writers describe the war in 2023?", null),
      new Question("Who uses whataboutism about Western wars?", null),
      new Question("How many documents say NATO provoked the war?", null),
      new Question("What was said about the Donbas between 2022-06 and 2022-12?", null),
      new Question("Who calls the anti-imperialists apologists for a far-right regime?", "apologists for a far-right"),
      new Question("What do solidarity texts say about Russia's invasion?", null),
      new Question("Who says the left must oppose its own ruling class first?", "oppose its own ruling class"));

  @Test
  void askLatencyOverALargeStore() throws Exception {
    int[] sizes = Arrays.stream(System.getProperty("stancemap.askbench.sizes", "100000,1000000").split(","))
        .mapToInt(s -> Integer.parseInt(s.strip())).sorted().toArray();
    int distinct = Integer.getInteger("stancemap.askbench.distinct", 1000);
    int rounds = Integer.getInteger("stancemap.askbench.rounds", 3);
    String kept = System.getProperty("stancemap.askbench.db");
    String db = kept != null ? kept : Files.createTempDirectory("stancemap-askbench").resolve("ask.db").toString();
    Path indexDir = org.stancemap.search.store.StoreIndexes.defaultFor(db);
    StringBuilder md = new StringBuilder("| sentences | documents | index sync | p50 | p95 | CPU per ask | p50 repeated"
        + " | p95 repeated | CPU per repeated ask | claim found in top 10 |\n|---|---|---|---|---|---|---|---|---|---|\n");
    try (Store store = Store.open(db); SearchIndex index = SearchIndex.open(indexDir, Workbenches.EMBEDDING)) {
      String embeddingId = Workbenches.EMBEDDING.info().id();
      index.sync(new StoreFeed(store, embeddingId));
      long sentences = index.sentenceCount();
      List<DocumentAnalysis> analyses = new ArrayList<>();
      List<List<float[]>> vectors = new ArrayList<>();
      Provenance p = Workbenches.ANALYZER.provenance();
      AnalysisKey key = new AnalysisKey(p.model(), Workbenches.CODEBOOK.ref(), Workbenches.CODEBOOK.sha256(),
          p.embedding(), p.version());
      Random rnd = new Random(11);
      Instant start = Instant.parse("2022-02-24T00:00:00Z");
      {
        long t0 = System.nanoTime();
        SyntheticCorpus corpus = new SyntheticCorpus(42);
        for (int i = 0; i < distinct; i++) {
          Document d = Document.ofText("synthetic/" + i, corpus.document(6 + i % 10), "eng");
          List<float[]> v = new ArrayList<>();
          analyses.add(Workbenches.ANALYZER.analyze(d, (s, x) -> v.add(x)));
          vectors.add(v);
        }
        System.out.printf(Locale.ROOT, "askbench: %d documents analysed in %.1f s%n", distinct,
            (System.nanoTime() - t0) / 1e9);
      }
      for (int size : sizes) {
        if (sentences < size) {
          long t0 = System.nanoTime();
          long run = store.beginRun("askbench").id();
          int n = (int) store.countDocuments(false);
          int added = 0;
          while (sentences < size) {
            int i = n + added;
            DocumentAnalysis a = analyses.get(i % distinct);
            Document d = Document.ofText("synthetic/" + i, a.document().text() + "\n\nCopy " + i + ".", "eng");
            var put = store.put(run, new SourceItem("synthetic/" + i, "Source " + (i % 25), d,
                DocumentMeta.fromSource(null,
                "Synthetic " + i, null, start.plus(rnd.nextInt(1000), ChronoUnit.DAYS), null, null, null,
                Map.of())));
            DocumentAnalysis copy = new DocumentAnalysis(d, a.status(), a.position(), a.stance(), a.narratives(),
                a.techniques(), a.roles(), a.units(), a.contradictions(), a.provenance());
            List<float[]> v = vectors.get(i % distinct);
            store.saveAnalysis(put.documentId(), copy, key, i < distinct ? v : perturbed(v, rnd));
            sentences += v.size();
            added++;
            if (added % 10_000 == 0) {
              System.out.printf(Locale.ROOT, "askbench: stored %d documents, %d sentences (%.0f s)%n", added,
                  sentences, (System.nanoTime() - t0) / 1e9);
            }
          }
          store.finishRun(run);
          System.out.printf(Locale.ROOT, "askbench: stored %d documents in %.1f s%n", added,
              (System.nanoTime() - t0) / 1e9);
        }
        long s0 = System.nanoTime();
        index.sync(new StoreFeed(store, embeddingId));
        double syncSeconds = (System.nanoTime() - s0) / 1e9;
        sentences = index.sentenceCount();
        long documents = store.countDocuments(true);
        System.out.printf(Locale.ROOT, "askbench: index holds %d sentences of %d documents (sync %.1f s)%n",
            sentences, documents, syncSeconds);
        md.append(measure(store, index, sentences, documents, syncSeconds, rounds,
            id -> textOf(analyses, id)));
      }
    }
    System.out.print(md);
    Files.createDirectories(Path.of("target"));
    Files.writeString(Path.of("target", "ask-store-bench.md"), md.toString(), StandardCharsets.UTF_8);
  }

  private static String measure(Store store, SearchIndex index, long sentences, long documents, double sync,
      int rounds, Function<String, String> textOf) {
    StoreRetriever retriever = new StoreRetriever(store, index, Workbenches.EMBEDDING);
    List<String> sources = new ArrayList<>();
    for (int i = 0; i < 25; i++) {
      sources.add("Source " + i);
    }
    QuestionParser parser = new QuestionParser(Workbenches.CODEBOOK, Synonyms.builtin(Workbenches.CODEBOOK), sources);
    AskService ask = new AskService(parser, retriever, null);
    List<Double> cold = new ArrayList<>();
    List<Double> warm = new ArrayList<>();
    long coldCpu = 0;
    long warmCpu = 0;
    Map<String, List<Double>> perQuestion = new HashMap<>();
    int probes = 0;
    int found = 0;
    Map<String, String> texts = new HashMap<>();
    for (Question q : QUESTIONS) {
      // warm-up round: check the answers instead of timing them
      Answer a = ask.ask(q.text(), 40);
      assertTrue(!a.citations().isEmpty() || q.claim() == null, "no citations for: " + q.text());
      for (Citation c : a.citations()) {
        String text = texts.computeIfAbsent(c.title(), textOf);
        assertEquals(c.quote(), text.substring(c.start(), c.end()), "quote of " + c.title());
      }
      if (q.claim() != null) {
        probes++;
        boolean hit = retriever.retrieve(parser.parse(q.text()), 10).stream()
            .anyMatch(u -> u.text().toLowerCase(Locale.ROOT).contains(q.claim()));
        found += hit ? 1 : 0;
      }
    }
    for (int round = 0; round < rounds; round++) {
      for (Question q : QUESTIONS) {
        // cold: no decoded candidates kept from earlier questions; warm: the same question asked again at once
        retriever.clearCache();
        long c0 = cpu();
        long t0 = System.nanoTime();
        ask.ask(q.text(), 40);
        double ms = (System.nanoTime() - t0) / 1e6;
        coldCpu += cpu() - c0;
        cold.add(ms);
        perQuestion.computeIfAbsent(q.text(), x -> new ArrayList<>()).add(ms);
        c0 = cpu();
        t0 = System.nanoTime();
        ask.ask(q.text(), 40);
        warm.add((System.nanoTime() - t0) / 1e6);
        warmCpu += cpu() - c0;
      }
    }
    Collections.sort(cold);
    Collections.sort(warm);
    if (Boolean.getBoolean("stancemap.askbench.parts")) {
      long parse = 0, search = 0, retrieve = 0, embed = 0;
      for (Question q : QUESTIONS) {
        long c0 = cpu();
        var pq = parser.parse(q.text());
        long c1 = cpu();
        index.documentIds(new org.stancemap.search.SearchRequest(String.join(" ", pq.keywords()),
            org.stancemap.search.SearchMode.HYBRID, 0, StoreRetriever.SENTENCES), StoreRetriever.CANDIDATES);
        long c2 = cpu();
        retriever.retrieve(pq, 40);
        long c3 = cpu();
        Workbenches.EMBEDDING.embed(List.of(q.text()));
        long c4 = cpu();
        parse += c1 - c0; search += c2 - c1; retrieve += c3 - c2; embed += c4 - c3;
      }
      int n = QUESTIONS.size();
      System.out.printf(Locale.ROOT, "askbench parts (CPU ms per question, warm): parse %.1f, index documentIds %.1f,"
          + " retrieve (search + build + rank) %.1f, one question embedding %.1f%n", parse / 1e6 / n, search / 1e6 / n,
          retrieve / 1e6 / n, embed / 1e6 / n);
    }
    System.out.println("askbench: retriever: " + retriever.describe());
    return String.format(Locale.ROOT, "| %,d | %,d | %.0f s | %.0f ms | %.0f ms | %.0f ms | %.0f ms | %.0f ms |"
        + " %.0f ms | %d of %d |%n", sentences, documents, sync, pct(cold, 0.50), pct(cold, 0.95),
        coldCpu / 1e6 / cold.size(), pct(warm, 0.50), pct(warm, 0.95), warmCpu / 1e6 / warm.size(), found, probes);
  }

  /** The text of the stored document titled {@code Synthetic N}, rebuilt the way it was stored. */
  private static String textOf(List<DocumentAnalysis> analyses, String title) {
    int i = Integer.parseInt(title.substring("Synthetic ".length()));
    return analyses.get(i % analyses.size()).document().text() + "\n\nCopy " + i + ".";
  }

  /** CPU time of the whole process so far, in nanoseconds (all threads: the candidates are decoded in parallel). */
  private static long cpu() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory
        .getOperatingSystemMXBean()).getProcessCpuTime();
  }

  private static List<float[]> perturbed(List<float[]> vectors, Random rnd) {
    List<float[]> out = new ArrayList<>(vectors.size());
    for (float[] v : vectors) {
      float[] w = new float[v.length];
      double norm = 0;
      for (int i = 0; i < v.length; i++) {
        w[i] = (float) (v[i] + rnd.nextGaussian() * 0.025);
        norm += w[i] * w[i];
      }
      float inv = (float) (1 / Math.sqrt(norm));
      for (int i = 0; i < w.length; i++) {
        w[i] *= inv;
      }
      out.add(w);
    }
    return out;
  }

  private static double pct(List<Double> sorted, double q) {
    return sorted.get((int) Math.min(sorted.size() - 1, Math.floor(q * sorted.size())));
  }
}
