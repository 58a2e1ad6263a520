package org.stancemap.ask;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.stancemap.analysis.Analyzer;
import org.stancemap.analysis.DocumentAnalysis;
import org.stancemap.ask.question.QuestionParser;
import org.stancemap.ask.question.Synonyms;
import org.stancemap.ask.retrieval.InMemoryRetriever;
import org.stancemap.codebook.Codebook;
import org.stancemap.document.Dates;
import org.stancemap.document.Document;
import org.stancemap.document.DocumentMeta;
import org.stancemap.ingest.DocumentReader;
import org.stancemap.ingest.IngestResult;
import org.stancemap.model.HeadSet;
import org.stancemap.model.onnx.OnnxEmbeddingModel;
import org.stancemap.testkit.Pipeline;
import org.stancemap.text.Span;

/**
 * The real pipeline of the test kit ({@link Pipeline}: built-in codebook, shipped embedding model, default heads) and
 * the fixture corpus of {@code src/test/resources/org/stancemap/ask/corpus}, analysed once per test JVM, with invented
 * metadata (sources, dates, URLs).
 */
public final class AskFixture {
  public static final Codebook CODEBOOK = Pipeline.CODEBOOK;
  public static final OnnxEmbeddingModel EMBEDDING = Pipeline.EMBEDDING;
  public static final HeadSet HEADS = Pipeline.HEADS;
  public static final Analyzer ANALYZER = Pipeline.ANALYZER;
  public static final DocumentReader READER = Pipeline.READER;

  /** An analysed document with its metadata and sentence vectors. */
  public record Doc(String file, DocumentAnalysis analysis, DocumentMeta meta, Map<Span, float[]> vectors) {}

  /** The fixture corpus: file name, source, date, URL. */
  private static final String[][] CORPUS = {
      {"anvil-2022.txt", "The Anvil Review", "2022-03-15", "https://anvil.example.org/2022/nato-fuse"},
      {"solidarity-2023.txt", "Ukraine Solidarity Network", "2023-05-01", "https://usn.example.net/backing"},
      {"thirdcamp-2023.txt", "Workers' Leaflet", "2023-09-10", null},
      {"anvil-2024.txt", "The Anvil Review", "2024-02-01", "https://anvil.example.org/2024/negotiate"},
      {"garden.txt", "Allotment News", "2024-06-01", null},
  };

  public static final List<Doc> DOCS = load();

  private AskFixture() {}

  private static List<Doc> load() {
    List<Doc> out = new ArrayList<>();
    for (String[] row : CORPUS) {
      out.add(analyse(resource("corpus/" + row[0]), row[0], row[1], LocalDate.parse(row[2]), row[3]));
    }
    return List.copyOf(out);
  }

  /** Reads and analyses one file the way the CLI does, with the given metadata. */
  public static Doc analyse(Path file, String name, String source, LocalDate date, String url) {
    IngestResult r = READER.read(file.toString(), null);
    if (!(r instanceof IngestResult.Loaded l)) {
      throw new IllegalStateException("fixture " + file + " did not load: " + r);
    }
    return analyse(l.document(), name, source, date, url);
  }

  public static Doc analyse(Document d, String name, String source, LocalDate date, String url) {
    Map<Span, float[]> vectors = new HashMap<>();
    DocumentAnalysis a = ANALYZER.analyze(d, (s, v) -> vectors.put(s.span(), v));
    String title = a.units().isEmpty() ? null : a.units().get(0).unit().span().of(d.text());
    return new Doc(name, a, DocumentMeta.of(d.id(), title, source, url, Dates.start(date), null), vectors);
  }

  public static Path resource(String name) {
    Path p = Path.of("src", "test", "resources", "org", "stancemap", "ask", name);
    if (!Files.exists(p)) {
      throw new IllegalStateException("missing test resource " + p.toAbsolutePath());
    }
    return p;
  }

  public static String read(Path p) {
    try {
      return Files.readString(p, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A retriever over {@code docs}, with or without the embedding model. */
  public static InMemoryRetriever retriever(List<Doc> docs, boolean withEmbedding) {
    InMemoryRetriever.Builder b = InMemoryRetriever.builder(withEmbedding ? EMBEDDING : null);
    docs.forEach(d -> b.add(d.analysis(), d.meta(), withEmbedding ? d.vectors() : null));
    return b.build();
  }

  public static QuestionParser parser(List<Doc> docs) {
    return new QuestionParser(CODEBOOK, Synonyms.builtin(CODEBOOK), docs.stream().map(d -> d.meta().source())
        .toList());
  }

  /** Document texts by id, to check citations against. */
  public static Map<String, String> texts(List<Doc> docs) {
    Map<String, String> m = new LinkedHashMap<>();
    docs.forEach(d -> m.put(d.meta().id(), d.analysis().document().text()));
    return m;
  }

  public static Doc byFile(String file) {
    return DOCS.stream().filter(d -> d.file().equals(file)).findFirst().orElseThrow();
  }
}
