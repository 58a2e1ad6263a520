package org.stancemap.search;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeMap;
import org.stancemap.document.Document;
import org.stancemap.document.DocumentMeta;
import org.stancemap.ingest.DocumentReader;
import org.stancemap.ingest.LanguageDetector;

/**
 * Measures the cosine floor of semantic hits on the sample corpus ({@code examples/}); not a
 * unit test (run it with the command in {@code docs/search.md}, section "Relevance floor").
 *
 * <p>Two query sets, each a list of queries written for this measurement:
 *
 * <ul>
 *   <li><b>off-topic</b>: subjects the sample corpus does not treat at all; every semantic hit of theirs is noise,
 *       so their best cosines show how high noise reaches;
 *   <li><b>words</b>: single words and short phrases that occur literally in the corpus; a sentence containing the
 *       word (a full-text match) is counted as relevant, the others as not. This under-counts relevance (a
 *       paraphrase without the word is relevant too), so the second figure is an upper bound of the noise kept.
 * </ul>
 *
 * For each set it prints every query's best cosines, and for candidate floors the share of relevant and
 * of other sentences among the top 100 semantic candidates that the floor keeps.
 */
public final class RelevanceFloor {
  private RelevanceFloor() {}

  static final List<String> OFF_TOPIC = List.of("chocolate cake recipe", "football transfer window",
      "smartphone battery life", "how to train a puppy", "the climate of Mars", "knitting patterns for beginners",
      "best hiking boots", "jazz album review", "tax return deadline", "wedding dress fashion",
      "volcano eruption in Iceland", "video game release date");
  static final List<String> WORDS = List.of("sanctions", "NATO", "refugees", "ceasefire", "imperialism",
      "oligarchs", "workers", "weapons", "library", "negotiations", "Kremlin", "trade unions", "grain",
      "self-determination", "proxy war");

  public static void main(String[] args) throws IOException {
    Path root = Path.of(args.length > 0 ? args[0] : "..").toAbsolutePath().normalize();
    Path dir = Files.createTempDirectory("relevance-floor");
    DocumentReader reader = new DocumentReader(new LanguageDetector(), DocumentReader.DEFAULT_MAX_BYTES, null);
    try (SearchIndex index = SearchIndex.open(dir, Corpus.EMBEDDING);
        var files = Files.list(root.resolve("examples"))) {
      int n = 0;
      for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
        String name = f.getFileName().toString();
        Document d = reader.document(name, Files.readAllBytes(f), name.substring(name.lastIndexOf('.') + 1));
        index.put(IndexedDocument.analyse(Corpus.ANALYZER, d,
            DocumentMeta.of("e" + (++n), d.title(), "examples", null, null, d.language())));
      }
      index.commit("examples");
      System.out.printf(Locale.ROOT, "sample corpus: %d documents, %d sentences%n", n, index.sentenceCount());
      List<Double> noise = new ArrayList<>();
      System.out.println("off-topic queries: best three cosines");
      for (String q : OFF_TOPIC) {
        List<Double> c = cosines(index, q);
        noise.addAll(c);
        SearchHit best = index.search(new SearchRequest(q, SearchMode.SEMANTIC, 0, 1)).hits().get(0);
        System.out.printf(Locale.ROOT, "  %-32s %s  best: %.70s%n", q, top(c), best.sentence().replace('\n', ' '));
      }
      List<Double> relevant = new ArrayList<>();
      List<Double> other = new ArrayList<>();
      System.out.println("word queries: cosines of sentences with the word (best, worst) | best without");
      for (String q : WORDS) {
        Set<String> literal = new HashSet<>();
        for (SearchHit h : index.search(new SearchRequest(q.contains(" ") ? "\"" + q + "\"" : q, SearchMode.TEXT,
            0, 1000)).hits()) {
          literal.add(h.documentId() + "@" + h.span());
        }
        List<Double> with = new ArrayList<>();
        List<Double> without = new ArrayList<>();
        for (SearchHit h : index.search(new SearchRequest(q, SearchMode.SEMANTIC, 0, SearchIndex.CANDIDATES))
            .hits()) {
          (literal.contains(h.documentId() + "@" + h.span()) ? with : without).add(h.semanticScore());
        }
        relevant.addAll(with);
        other.addAll(without);
        System.out.printf(Locale.ROOT, "  %-20s %2d with: %s .. %s | without: %s%n", q, literal.size(),
            with.isEmpty() ? "-" : fmt(Collections.max(with)), with.isEmpty() ? "-" : fmt(Collections.min(with)),
            top(without));
      }
      List<Double> judged = judged(dir.resolveSibling(dir.getFileName() + "-judged"));
      System.out.println("floor | off-topic candidates kept | word queries: with the word kept, without kept"
          + " | judged paraphrases kept");
      for (int f = 20; f <= 60; f += 5) {
        double floor = f / 100.0;
        System.out.printf(Locale.ROOT, "  %.2f | %4d of %d | %3d of %d, %4d of %d | %2d of %d%n", floor,
            above(noise, floor), noise.size(), above(relevant, floor), relevant.size(), above(other, floor),
            other.size(), above(judged, floor), judged.size());
      }
    }
  }

  /**
   * The best cosine of a relevant sentence for each judged query of {@code SearchIndexTest} (paraphrases written
   * for that test, on its own corpus of twelve short texts).
   */
  private static List<Double> judged(Path dir) {
    List<Double> out = new ArrayList<>();
    System.out.println("judged paraphrase queries (test corpus): best cosine of a relevant sentence");
    try (SearchIndex index = Corpus.index(dir)) {
      for (var e : new TreeMap<>(SearchIndexTest.JUDGED).entrySet()) {
        double best = index.search(new SearchRequest(e.getKey(), SearchMode.SEMANTIC, 0, SearchIndex.CANDIDATES))
            .hits().stream().filter(h -> e.getValue().contains(h.documentId())).mapToDouble(SearchHit::semanticScore)
            .max().orElse(0);
        out.add(best);
        System.out.printf(Locale.ROOT, "  %-50s %s%n", e.getKey(), fmt(best));
      }
    }
    return out;
  }

  private static List<Double> cosines(SearchIndex index, String q) {
    return index.search(new SearchRequest(q, SearchMode.SEMANTIC, 0, SearchIndex.CANDIDATES)).hits().stream()
        .map(SearchHit::semanticScore).toList();
  }

  private static int above(List<Double> xs, double floor) {
    return (int) xs.stream().filter(x -> x >= floor).count();
  }

  private static String top(List<Double> c) {
    return c.stream().sorted(Collections.reverseOrder()).limit(3).map(RelevanceFloor::fmt).toList().toString();
  }

  private static String fmt(double d) {
    return String.format(Locale.ROOT, "%.3f", d);
  }
}
