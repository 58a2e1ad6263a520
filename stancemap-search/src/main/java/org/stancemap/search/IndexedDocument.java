package org.stancemap.search;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.BiConsumer;
import org.stancemap.analysis.Analyzer;
import org.stancemap.analysis.DocumentAnalysis;
import org.stancemap.analysis.UnitAnalysis;
import org.stancemap.document.Document;
import org.stancemap.document.DocumentMeta;

/**
 * The input of the index: one analysed document, its metadata and its sentence vectors.
 *
 * <p>{@code vectors} holds one L2-normalised vector per sentence, in document order (the order of
 * {@code analysis.units()} and their sentences), exactly as {@link Analyzer#analyze(Document,
 * BiConsumer)} hands them out; or is empty, when no vectors exist (a document in a language the
 * codebook does not cover), in which case the document is found by full text only. The arrays are copied on the way
 * in and out, so the record is immutable.
 *
 * @param meta document id (the key the index and its {@link ChangeFeed} know the document by; not blank), title,
 *     source, URL, date and language
 * @param analysis the analysis whose units, sentences and labels are indexed
 * @param vectors one vector per sentence in document order, or none
 */
public record IndexedDocument(DocumentMeta meta, DocumentAnalysis analysis, List<float[]> vectors) {
  public IndexedDocument {
    Objects.requireNonNull(meta, "meta must not be null");
    Objects.requireNonNull(meta.id(), "documentId must not be null");
    if (meta.id().isBlank()) {
      throw new IllegalArgumentException("documentId must not be blank");
    }
    Objects.requireNonNull(analysis, "analysis must not be null");
    int sentences = sentenceCount(analysis);
    if (!vectors.isEmpty() && vectors.size() != sentences) {
      throw new IllegalArgumentException("document " + meta.id() + ": expected " + sentences
          + " sentence vectors (one per sentence) or none, got " + vectors.size());
    }
    List<float[]> copy = new ArrayList<>(vectors.size());
    int dim = vectors.isEmpty() ? 0 : vectors.get(0).length;
    for (int i = 0; i < vectors.size(); i++) {
      float[] v = Objects.requireNonNull(vectors.get(i), "vector " + i + " must not be null");
      if (v.length != dim || dim == 0) {
        throw new IllegalArgumentException("document " + meta.id() + ": sentence vector " + i + " has "
            + v.length + " dimensions, expected " + dim + " like the first");
      }
      copy.add(v.clone());
    }
    vectors = List.copyOf(copy);
  }

  @Override
  public List<float[]> vectors() {
    return vectors.stream().map(float[]::clone).toList();
  }

  /** The vector of the {@code i}-th sentence in document order, not copied (for the index writer). */
  float[] vector(int i) {
    return vectors.get(i);
  }

  boolean hasVectors() {
    return !vectors.isEmpty();
  }

  /** Analyses {@code document} with {@code analyzer} and keeps the sentence vectors the analysis computed. */
  public static IndexedDocument analyse(Analyzer analyzer, Document document, DocumentMeta meta) {
    List<float[]> vectors = new ArrayList<>();
    DocumentAnalysis a = analyzer.analyze(document, (s, v) -> vectors.add(v));
    return new IndexedDocument(meta, a, vectors);
  }

  /** The number of sentences over all units of an analysis. */
  public static int sentenceCount(DocumentAnalysis analysis) {
    int n = 0;
    for (UnitAnalysis u : analysis.units()) {
      n += u.unit().sentences().size();
    }
    return n;
  }
}
