package org.stancemap.ask;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.stancemap.ask.question.QuestionParser;
import org.stancemap.ask.retrieval.InMemoryRetriever;
import org.stancemap.ask.retrieval.RetrievedUnit;
import org.stancemap.corpus.SyntheticCorpus;
import org.stancemap.document.Document;

/**
 * Ask over a larger generated corpus ({@link SyntheticCorpus}, seed 7): paraphrased questions about claims the
 * generator writes, judged by whether a retrieved unit contains the claim. Reports precision@10 and in-memory ask
 * latency. Opt-in, because analysing the corpus takes about a minute per 1,000 sentences on two cores: run with
 * {@code -Dask.bench.sentences=N}; skipped otherwise. Writes {@code target/ask-bench-synthetic.md}.
 */
class SyntheticAskBenchmarkTest {
  /** A question and a phrase of the generated claim it asks about. */
  record Probe(String question, String claimPhrase) {}

  static final List<Probe> PROBES = List.of(
      new Probe("Who blames the alliance's expansion for leaving Moscow no choice?", "left Moscow with no choice"),
      new Probe("Are sanctions hurting ordinary Europeans more than the oligarchs?", "sanctions are hurting"),
      new Probe("Who calls the war a clash of imperialist blocs?", "clash between two imperialist blocs"),
      new Probe("Who wants talks before another winter of shelling?", "talks must begin at once"),
      new Probe("Which unions organise aid convoys for miners and nurses?", "aid convoys for miners"),
      new Probe("Why did the grain deal collapse?", "grain deal collapsed"),
      new Probe("What do refugees say about filtration camps and deportations?", "filtration camps"),
      new Probe("Who says the arms industry makes record profits?", "record profits"),
      new Probe("What happened to the counter-offensive near Zaporizhzhia?", "counter-offensive stalled"),
      new Probe("Who calls the so-called anti-imperialists apologists for a far-right regime?", "apologists for a "
          + "far-right regime"));

  @Test
  void precisionAndLatencyOnAGeneratedCorpus() throws IOException {
    Integer requested = Integer.getInteger("ask.bench.sentences");
    org.junit.jupiter.api.Assumptions.assumeTrue(requested != null, "opt-in: -Dask.bench.sentences=N");
    int sentences = requested;
    List<String> texts = new SyntheticCorpus(7).documents(sentences, 10);
    List<AskFixture.Doc> docs = new ArrayList<>();
    long t0 = System.nanoTime();
    for (int i = 0; i < texts.size(); i++) {
      Document d = Document.ofText("synthetic-" + i, texts.get(i), "und");
      docs.add(AskFixture.analyse(d, "synthetic-" + i, "source-" + (i % 25), null, null));
    }
    double analyseSeconds = (System.nanoTime() - t0) / 1e9;
    InMemoryRetriever r = AskFixture.retriever(docs, true);
    QuestionParser parser = AskFixture.parser(docs);
    AskService ask = new AskService(parser, r, null);
    double precisionSum = 0;
    StringBuilder rows = new StringBuilder();
    for (Probe p : PROBES) {
      List<RetrievedUnit> top = r.retrieve(parser.parse(p.question()), 10);
      long hits = top.stream().filter(u -> u.text().contains(p.claimPhrase())).count();
      double precision = top.isEmpty() ? 0 : (double) hits / top.size();
      precisionSum += precision;
      rows.append(String.format(Locale.ROOT, "| %.1f | %s |%n", precision, p.question()));
    }
    List<Long> nanos = new ArrayList<>();
    PROBES.forEach(p -> ask.ask(p.question(), 40));
    for (int round = 0; round < 3; round++) {
      for (Probe p : PROBES) {
        long t = System.nanoTime();
        ask.ask(p.question(), 40);
        nanos.add(System.nanoTime() - t);
      }
    }
    Collections.sort(nanos);
    double precision = precisionSum / PROBES.size();
    String report = String.format(Locale.ROOT, "synthetic corpus: %d sentences requested, %s; analysis %.1f s%n"
        + "precision@10 (unit contains the claim asked about): %.3f over %d questions%n"
        + "ask latency (k = 40; question embedding included): p50 %.1f ms, p95 %.1f ms over %d asks%n%n"
        + "| precision@10 | question |%n|---|---|%n%s", sentences, r.describe(), analyseSeconds, precision,
        PROBES.size(), nanos.get(nanos.size() / 2) / 1e6, nanos.get((int) Math.ceil(nanos.size() * 0.95) - 1) / 1e6,
        nanos.size(), rows);
    Files.writeString(Path.of("target", "ask-bench-synthetic.md"), report, StandardCharsets.UTF_8);
    System.out.println(report);
    assertTrue(precision >= 0.6, "precision@10 " + precision);
  }
}
