package org.stancemap.search;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.stancemap.analysis.Analyzer;
import org.stancemap.codebook.Codebook;
import org.stancemap.document.Document;
import org.stancemap.document.DocumentMeta;
import org.stancemap.model.HeadSet;
import org.stancemap.model.onnx.OnnxEmbeddingModel;
import org.stancemap.testkit.Pipeline;

/**
 * The test corpus: a dozen short texts written for these tests, with different sources, dates and positions,
 * analysed once per test JVM by the real pipeline of the test kit ({@link Pipeline}: built-in codebook, shipped ONNX
 * model, default heads).
 */
public final class Corpus {
  public static final Codebook CODEBOOK = Pipeline.CODEBOOK;
  public static final OnnxEmbeddingModel EMBEDDING = Pipeline.EMBEDDING;
  static final HeadSet HEADS = Pipeline.HEADS;
  public static final Analyzer ANALYZER = Pipeline.ANALYZER;

  private record Text(String id, String source, String date, String lang, String title, String body) {}

  private static final List<Text> TEXTS = List.of(
      new Text("d01", "Red Flag Weekly", "2022-03-10", "eng", "NATO Pushed Moscow Into This War",
          "NATO Pushed Moscow Into This War\n\nThe eastward expansion of NATO left Russia with no choice but to act. "
              + "Washington spent thirty years encircling Moscow with bases and missiles. "
              + "Anyone on the left who cheers for Kyiv is doing the Pentagon's work."),
      new Text("d02", "Solidarity Notes", "2022-05-02", "eng", "Arms for the Resistance",
          "Arms for the Resistance\n\nUkrainian workers have every right to resist the invasion with whatever "
              + "weapons they can get. Solidarity means supporting their self-defence, not lecturing them about "
              + "peace from a safe distance. The occupation of their towns is a colonial project."),
      new Text("d03", "Third Camp Bulletin", "2022-09-15", "eng", "Neither Washington Nor Moscow",
          "Neither Washington Nor Moscow\n\nThis is a clash between two imperialist blocs, and workers have "
              + "nothing to gain from either side. We oppose the Russian invasion and we oppose NATO's arms race "
              + "with equal force."),
      new Text("d04", "Workers Daily", "2023-01-20", "eng", "Who Pays for the Sanctions",
          "Who Pays for the Sanctions\n\nSanctions are hurting ordinary Europeans far more than the oligarchs "
              + "around the Kremlin. Heating bills in Germany doubled while the yachts kept sailing."),
      new Text("d05", "Workers Daily", "2023-07-18", "eng", "The Grain Deal Collapses",
          "The Grain Deal Collapses\n\nThe agreement that let ships carry wheat out of Odesa ended this week. "
              + "Neither government trusted the other to keep its word, and bakers in Cairo will feel it first."),
      new Text("d06", "Kyiv Labour News", "2023-03-05", "eng", "Taken Away",
          "Taken Away\n\nChildren from occupied Kherson were deported to camps deep inside Russia. "
              + "Their parents were told they would return after a short holiday."),
      new Text("d07", "Peace Now Forum", "2023-11-02", "eng", "Talks Before Another Winter",
          "Talks Before Another Winter\n\nA ceasefire must be negotiated at once, before another winter of "
              + "fighting. Both governments should sit down at the table without preconditions."),
      new Text("d08", "Internationalist Post", "2024-02-14", "eng", "Record Profits",
          "Record Profits\n\nShareholders of Lockheed and Rheinmetall have never had a better year. "
              + "Every shell fired on the front line is a dividend paid in Virginia or Düsseldorf."),
      new Text("d09", "Left Voice Forum", "2023-05-09", "eng", "Comments on the May Day Statement",
          "Comments on the May Day Statement\n\n12 Comments\n\nMaria says:\n\nThe tankies in our branch defend "
              + "Putin as if he were an anti-imperialist hero.\n\nJonas says:\n\nI marched with Ukrainian "
              + "refugees on May Day and nobody asked them what they wanted."),
      new Text("d10", "Red Flag Weekly", "2024-06-01", "eng", "An Interview on the War",
          "An Interview on the War\n\nQ: Why do you call the war a proxy conflict?\n\nA: Because the United "
              + "States arms Ukraine to weaken Russia, and Ukrainians pay with their lives."),
      new Text("d11", "Lwiw Gewerkschaftsblatt", "2023-04-12", "deu", "Hilfe aus Lwiw",
          "Hilfe aus Lwiw\n\nDie Gewerkschaften in Lwiw organisieren Hilfskonvois für Bergleute und "
              + "Krankenschwestern an der Front."),
      new Text("d12", "Kyiv Labour News", "2022-10-11", "eng", "A Night Without Heat",
          "A Night Without Heat\n\nRussian missiles struck power stations across Ukraine, leaving millions "
              + "without heat and light. Hospitals switched to generators as the temperature fell below zero."));

  /** The analysed fixture documents, by id, in the order above. */
  static final Map<String, IndexedDocument> DOCUMENTS = analyse();

  private Corpus() {}

  private static Map<String, IndexedDocument> analyse() {
    Map<String, IndexedDocument> out = new LinkedHashMap<>();
    for (Text t : TEXTS) {
      Document d = new Document(Document.idOf(t.body()), "fixture:" + t.id(), t.body(), Document.Format.TEXT, t.lang(),
          t.title(), List.of(), List.of(), List.of());
      DocumentMeta meta = DocumentMeta.of(t.id(), t.title(), t.source(), "https://example.org/" + t.id(),
          Instant.parse(t.date() + "T12:00:00Z"), t.lang());
      out.put(t.id(), IndexedDocument.analyse(ANALYZER, d, meta));
    }
    return out;
  }

  static List<IndexedDocument> all() {
    return new ArrayList<>(DOCUMENTS.values());
  }

  /** The text of a fixture document. */
  static String text(String id) {
    return DOCUMENTS.get(id).analysis().document().text();
  }

  /** An index in {@code dir} holding every fixture document, committed. */
  static SearchIndex index(Path dir) {
    SearchIndex index = SearchIndex.open(dir, EMBEDDING);
    all().forEach(index::put);
    index.commit("fixtures");
    return index;
  }
}
