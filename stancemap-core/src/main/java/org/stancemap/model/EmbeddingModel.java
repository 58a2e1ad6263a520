package org.stancemap.model;

import java.util.List;

/**
 * Turns sentences into unit-length dense vectors. Implementations must be deterministic: the same list of texts
 * gives the same vectors. Thread-safety is documented by each implementation.
 */
public interface EmbeddingModel extends AutoCloseable {

  /** Identity of the model: name, dimension and a hash of its weights. */
  EmbeddingInfo info();

  /**
   * Embeds {@code texts}, in order.
   *
   * @return one L2-normalised vector of {@code info().dimension()} floats per text
   */
  float[][] embed(List<String> texts);

  @Override
  void close();

  /**
   * @param id short name used in model files and provenance (for example {@code all-minilm-l6-v2-q})
   * @param weightsSha256 SHA-256 of the model weights, so a trained head is never paired with other weights
   */
  record EmbeddingInfo(String id, int dimension, String weightsSha256, String description) {}
}
