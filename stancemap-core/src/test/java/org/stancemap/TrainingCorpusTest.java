package org.stancemap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.stancemap.json.Json;
import org.stancemap.json.JsonParser;

/**
 * Checks the team's training corpus ({@code training/corpus}), its long-form documents ({@code
 * training/documents}) and the behavioural suite ({@code checklist}) for leaks: no item shares an 8-word sequence with the public evaluation data beside the project ({@code ../shared/data},
 * when present) or with the behavioural suite; no exact or near duplicate lies in two splits; the splits hold what
 * the datasheet promises (families never cross splits, test about a tenth).
 */
class TrainingCorpusTest {
  static final Path ROOT = root();
  static final int NGRAM = 8;

  private static Path root() {
    String p = System.getProperty("maven.multiModuleProjectDirectory");
    return (p != null ? Path.of(p) : Path.of("").toAbsolutePath().getParent()).toAbsolutePath().normalize();
  }

  record Item(String id, String family, String text, String split) {}

  /** The corpus, with the split {@code training/split.py} gives each family. */
  static List<Item> corpus() throws IOException {
    return items("training/corpus");
  }

  /**
   * The corpus and the items written for it but kept out of it ({@code training/candidates}): nothing the team
   * wrote may repeat the behavioural suite or the public data, whether or not it is trained on.
   */
  static List<Item> written() throws IOException {
    List<Item> out = new ArrayList<>(corpus());
    if (Files.isDirectory(ROOT.resolve("training/candidates"))) {
      out.addAll(items("training/candidates"));
    }
    return out;
  }

  private static List<Item> items(String folder) throws IOException {
    List<Item> out = new ArrayList<>();
    try (Stream<Path> files = Files.list(ROOT.resolve(folder))) {
      for (Path f : files.filter(p -> p.toString().endsWith(".jsonl")).sorted().toList()) {
        for (String line : Files.readAllLines(f, StandardCharsets.UTF_8)) {
          if (line.isBlank()) {
            continue;
          }
          Json.Obj o = JsonParser.parse(line).asObj(f.getFileName().toString());
          String family = o.get("family").asString("family");
          out.add(new Item(o.get("id").asString("id"), family, o.get("text").asString("text"),
              org.stancemap.evaluation.TrainingSplit.of(family)));
        }
      }
    }
    return out;
  }

  static List<String> words(String text) {
    List<String> w = new ArrayList<>();
    for (String s : text.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+")) {
      if (!s.isEmpty()) {
        w.add(s);
      }
    }
    return w;
  }

  static Set<String> ngrams(String text, int n) {
    List<String> w = words(text);
    Set<String> out = new HashSet<>();
    for (int i = 0; i + n <= w.size(); i++) {
      out.add(String.join(" ", w.subList(i, i + n)));
    }
    return out;
  }

  /** Every string of the suite (texts, bases), the way the corpus is compared with it. */
  static List<String> suiteTexts() throws IOException {
    List<String> out = new ArrayList<>();
    for (String line : Files.readAllLines(ROOT.resolve("checklist/suite.jsonl"), StandardCharsets.UTF_8)) {
      if (line.isBlank()) {
        continue;
      }
      Json.Obj o = JsonParser.parse(line).asObj("suite");
      for (String k : List.of("text", "base")) {
        if (o.has(k)) {
          out.add(o.get(k).asString(k));
        }
      }
      if (o.has("texts")) {
        o.get("texts").asList("texts").forEach(t -> out.add(t.asString("texts[]")));
      }
    }
    return out;
  }

  @Test
  void theCorpusIsLargeAndItsSplitsKeepFamiliesTogether() throws IOException {
    List<Item> items = corpus();
    assertTrue(items.size() >= 5000, "the corpus holds " + items.size() + " items");
    Map<String, Integer> bySplit = new HashMap<>();
    items.forEach(i -> bySplit.merge(i.split(), 1, Integer::sum));
    double test = bySplit.getOrDefault("test", 0) / (double) items.size();
    assertTrue(test > 0.06 && test < 0.16, "test share " + test);
    Map<String, String> familySplit = new HashMap<>();
    for (Item i : items) {
      String s = familySplit.putIfAbsent(i.family(), i.split());
      assertTrue(s == null || s.equals(i.split()), "family " + i.family() + " crosses splits");
    }
  }

  @Test
  void noExactOrNearDuplicateLiesInTwoSplits() throws IOException {
    List<Item> items = corpus();
    Map<String, Item> exact = new HashMap<>();
    Map<String, List<Integer>> index = new HashMap<>();
    List<Set<String>> shingles = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    for (int k = 0; k < items.size(); k++) {
      Item i = items.get(k);
      String key = String.join(" ", words(i.text()));
      Item before = exact.putIfAbsent(key, i);
      if (before != null) {
        problems.add("exact duplicate: " + before.id() + " and " + i.id());
      }
      Set<String> s = ngrams(i.text(), 3);
      shingles.add(s);
      for (String g : s) {
        index.computeIfAbsent(g, x -> new ArrayList<>()).add(k);
      }
    }
    for (int k = 0; k < items.size(); k++) {
      Map<Integer, Integer> shared = new HashMap<>();
      for (String g : shingles.get(k)) {
        for (int j : index.get(g)) {
          if (j > k && !items.get(j).split().equals(items.get(k).split())) {
            shared.merge(j, 1, Integer::sum);
          }
        }
      }
      for (var e : shared.entrySet()) {
        int union = shingles.get(k).size() + shingles.get(e.getKey()).size() - e.getValue();
        double jaccard = e.getValue() / (double) Math.max(1, union);
        if (jaccard >= 0.8) {
          problems.add(String.format(Locale.ROOT, "near duplicates in two splits (Jaccard %.2f): %s and %s",
              jaccard, items.get(k).id(), items.get(e.getKey()).id()));
        }
      }
    }
    assertEquals(List.of(), problems);
  }

  @Test
  void noItemSharesAnEightWordSequenceWithTheBehaviouralSuite() throws IOException {
    Set<String> suite = new HashSet<>();
    suiteTexts().forEach(t -> suite.addAll(ngrams(t, NGRAM)));
    List<String> leaks = new ArrayList<>();
    for (Item i : written()) {
      for (String g : ngrams(i.text(), NGRAM)) {
        if (suite.contains(g)) {
          leaks.add(i.id() + ": \"" + g + "\"");
        }
      }
    }
    assertEquals(List.of(), leaks);
  }

  @Test
  void noItemSharesAnEightWordSequenceWithThePublicEvaluationData() throws IOException {
    Path data = ROOT.resolve("../shared/data").normalize();
    assumeTrue(Files.isDirectory(data), "the shared evaluation data is not beside the project");
    Map<String, String> grams = new HashMap<>();
    for (Item i : written()) {
      ngrams(i.text(), NGRAM).forEach(g -> grams.putIfAbsent(g, i.id()));
    }
    suiteTexts().forEach(t -> ngrams(t, NGRAM).forEach(g -> grams.putIfAbsent(g, "suite: " + t)));
    try (Stream<Path> files = Files.list(ROOT.resolve("training/documents"))) {
      for (Path f : files.filter(p -> p.toString().endsWith(".jsonl")).sorted().toList()) {
        for (String line : Files.readAllLines(f, StandardCharsets.UTF_8)) {
          if (!line.isBlank()) {
            Json.Obj o = JsonParser.parse(line).asObj(f.toString());
            String id = o.get("id").asString("id");
            ngrams(o.get("text").asString("text"), NGRAM).forEach(g -> grams.putIfAbsent(g, "document " + id));
          }
        }
      }
    }
    List<String> leaks = new ArrayList<>();
    List<Path> files;
    try (Stream<Path> walk = Files.walk(data)) {
      files = walk.filter(Files::isRegularFile).filter(p -> p.toString().matches(".*\\.(txt|csv|jsonl|tsv)$"))
          .sorted().toList();
    }
    assertTrue(files.size() > 5, "expected the public data sets under " + data);
    for (Path f : files) {
      String text = new String(Files.readAllBytes(f), StandardCharsets.UTF_8);
      for (String line : text.split("\n")) {
        for (String g : ngrams(line, NGRAM)) {
          String who = grams.get(g);
          if (who != null) {
            leaks.add(who + " shares \"" + g + "\" with " + data.relativize(f));
          }
        }
      }
    }
    assertEquals(List.of(), leaks);
  }
}
