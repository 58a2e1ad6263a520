package org.stancemap.ask;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.stancemap.ask.answer.Answer;
import org.stancemap.ask.answer.Citation;
import org.stancemap.ask.question.ParsedQuestion;
import org.stancemap.ask.question.QuestionParser;
import org.stancemap.ask.retrieval.InMemoryRetriever;
import org.stancemap.ask.retrieval.RetrievedUnit;

/**
 * The ask benchmark over {@code examples/}: for each question of {@code bench/questions.yaml}, retrieval recall@10
 * (the share of the documents a good answer must cite that appear among the top 10 units) and citation precision
 * (the share of the offline answer's citations, built from those 10 units, that quote one of those documents).
 * Writes {@code target/ask-bench.md}. The floors asserted are below the measured figures, to catch regressions.
 */
class AskBenchmarkTest {
  static final int K = 10;

  record Question(String id, String text, Set<String> mustCite) {}

  record Scores(double recall, double precision, int citations, List<String> lines) {}

  @Test
  void recallAndCitationPrecisionOverTheExamples() throws IOException {
    Path examples = Path.of("..", "examples");
    assumeTrue(Files.isDirectory(examples), "examples/ is beside the module");
    List<Question> qs = questions();
    assertTrue(qs.size() >= 20, "at least 20 questions");
    List<AskFixture.Doc> docs = new ArrayList<>();
    try (Stream<Path> files = Files.list(examples)) {
      for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
        docs.add(AskFixture.analyse(f, f.getFileName().toString(), "examples/" + f.getFileName(), null, null));
      }
    }
    Map<String, String> fileById = new HashMap<>();
    docs.forEach(d -> fileById.put(d.meta().id(), d.file()));
    Map<String, String> texts = AskFixture.texts(docs);
    QuestionParser parser = AskFixture.parser(docs);
    Scores hybrid = run(qs, AskFixture.retriever(docs, true), parser, fileById, texts);
    Scores lexical = run(qs, AskFixture.retriever(docs, false), parser, fileById, texts);
    StringBuilder report = new StringBuilder();
    report.append(String.format(Locale.ROOT, "questions: %d, documents: %d, k = %d%n", qs.size(), docs.size(), K));
    report.append(String.format(Locale.ROOT, "with embeddings: recall@10 %.3f, citation precision %.3f (%d citations)%n",
        hybrid.recall(), hybrid.precision(), hybrid.citations()));
    report.append(String.format(Locale.ROOT, "lexical + labels only: recall@10 %.3f, citation precision %.3f (%d "
        + "citations)%n%n", lexical.recall(), lexical.precision(), lexical.citations()));
    report.append(latency(qs, AskFixture.retriever(docs, true), parser)).append("\n\n");
    report.append("| id | recall@10 | cited in expected / cited | question |\n|---|---|---|---|\n");
    hybrid.lines().forEach(l -> report.append(l).append('\n'));
    Files.writeString(Path.of("target", "ask-bench.md"), report.toString(), StandardCharsets.UTF_8);
    System.out.println(report);
    assertTrue(hybrid.recall() >= 0.80, "recall@10 " + hybrid.recall());
    // A floor against regressions, below the measured figure (0.68 with the t7 default model; docs/benchmarks.md).
    assertTrue(hybrid.precision() >= 0.65, "citation precision " + hybrid.precision());
  }

  private static Scores run(List<Question> qs, InMemoryRetriever r, QuestionParser parser, Map<String, String> fileById,
      Map<String, String> texts) {
    AskService ask = new AskService(parser, r, null);
    double recallSum = 0;
    int cited = 0;
    int citedOk = 0;
    List<String> lines = new ArrayList<>();
    for (Question q : qs) {
      ParsedQuestion pq = parser.parse(q.text());
      List<RetrievedUnit> top = r.retrieve(pq, K);
      if (System.getProperty("ask.debug") != null) {
        System.out.println(q.id() + " " + pq);
        top.forEach(u -> System.out.printf(Locale.ROOT, "   %.3f %s %s %s%n", u.score(), fileById.get(u.document().id()),
            u.unitId(), u.text().substring(0, Math.min(70, u.text().length())).replace('\n', ' ')));
      }
      Set<String> found = new LinkedHashSet<>();
      top.forEach(u -> found.add(fileById.get(u.document().id())));
      long hit = q.mustCite().stream().filter(found::contains).count();
      double recall = (double) hit / q.mustCite().size();
      recallSum += recall;
      Answer a = ask.ask(pq.kind() == org.stancemap.ask.question.QuestionKind.HOW_MANY ? pq : pq, K);
      int ok = 0;
      for (Citation c : a.citations()) {
        assertEquals(texts.get(c.document()).substring(c.start(), c.end()), c.quote(), "verbatim quote");
        if (q.mustCite().contains(fileById.get(c.document()))) {
          ok++;
        }
      }
      cited += a.citations().size();
      citedOk += ok;
      lines.add(String.format(Locale.ROOT, "| %s | %.2f | %d / %d | %s |", q.id(), recall, ok, a.citations().size(),
          q.text()));
    }
    return new Scores(recallSum / qs.size(), cited == 0 ? 0 : (double) citedOk / cited, cited, lines);
  }

  /** Wall time of parse + retrieve + synthesise, 5 rounds over all questions after one warm-up round (no asserts). */
  private static String latency(List<Question> qs, InMemoryRetriever r, QuestionParser parser) {
    AskService ask = new AskService(parser, r, null);
    qs.forEach(q -> ask.ask(q.text(), K));
    List<Long> nanos = new ArrayList<>();
    for (int round = 0; round < 5; round++) {
      for (Question q : qs) {
        long t = System.nanoTime();
        ask.ask(q.text(), K);
        nanos.add(System.nanoTime() - t);
      }
    }
    Collections.sort(nanos);
    return String.format(Locale.ROOT, "in-memory ask latency over %s (question embedding included, analysis "
        + "excluded): p50 %.1f ms, p95 %.1f ms over %d asks", r.describe(), nanos.get(nanos.size() / 2) / 1e6,
        nanos.get((int) Math.ceil(nanos.size() * 0.95) - 1) / 1e6, nanos.size());
  }

  @SuppressWarnings("unchecked")
  static List<Question> questions() {
    String yaml = AskFixture.read(AskFixture.resource("bench/questions.yaml"));
    Map<String, Object> root = (Map<String, Object>) new Load(LoadSettings.builder().build()).loadFromString(yaml);
    assertEquals("stancemap.ask-questions/1", root.get("format"));
    List<Question> out = new ArrayList<>();
    for (Object o : (List<Object>) root.get("questions")) {
      Map<String, Object> m = (Map<String, Object>) o;
      out.add(new Question((String) m.get("id"), (String) m.get("question"),
          new LinkedHashSet<>((List<String>) m.get("must_cite"))));
    }
    return out;
  }
}
