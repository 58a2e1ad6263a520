package org.stancemap.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.stancemap.text.Span;

/**
 * Turns sentences into unit-length dense vectors, and parts of sentences into vectors read from the same pass.
 * Implementations must be deterministic: the same list of inputs gives the same vectors. Thread-safety is
 * documented by each implementation.
 */
public interface EmbeddingModel extends AutoCloseable {

  /** Identity of the model: name, dimension and a hash of its weights. */
  EmbeddingInfo info();

  /**
   * Embeds each input's text and, from the same forward pass, each of its spans: a span's vector is the mean of
   * the text's contextual token vectors whose characters overlap the span, L2-normalised like the text's vector.
   * A span that no token overlaps (empty, or cut off by the model's input limit) gets the text's vector. The
   * text's vector does not depend on the spans asked for.
   *
   * @return one result per input, in order, each with {@code info().dimension()} floats per vector
   */
  List<Embedded> embedSpans(List<SpanInput> inputs);

  /**
   * Embeds {@code texts}, in order: {@link #embedSpans} without spans.
   *
   * @return one L2-normalised vector of {@code info().dimension()} floats per text
   */
  default float[][] embed(List<String> texts) {
    List<SpanInput> in = new ArrayList<>(texts.size());
    texts.forEach(t -> in.add(new SpanInput(t, List.of())));
    List<Embedded> out = embedSpans(in);
    float[][] vectors = new float[out.size()][];
    for (int i = 0; i < vectors.length; i++) {
      vectors[i] = out.get(i).text();
    }
    return vectors;
  }

  @Override
  void close();

  /**
   * A text to embed and the character spans of it whose own vectors are wanted.
   *
   * @param spans offsets into {@code text}; each must end at or before {@code text.length()}
   */
  record SpanInput(String text, List<Span> spans) {
    public SpanInput {
      Objects.requireNonNull(text, "text");
      spans = List.copyOf(spans);
      for (Span s : spans) {
        if (s.end() > text.length()) {
          throw new IllegalArgumentException("span must lie inside the text: span=" + s + ", text length="
              + text.length());
        }
      }
    }
  }

  /**
   * The vectors of one {@link SpanInput}: the text's and one per span, in the order asked. The arrays belong to
   * the caller.
   */
  record Embedded(float[] text, List<float[]> spans) {
    public Embedded {
      Objects.requireNonNull(text, "text");
      spans = List.copyOf(spans);
    }
  }

  /**
   * @param id short name used in model files and provenance (for example {@code all-minilm-l6-v2-q})
   * @param weightsSha256 SHA-256 of the model weights, so a trained head is never paired with other weights
   */
  record EmbeddingInfo(String id, int dimension, String weightsSha256, String description) {}
}
