package org.stancemap.model;

import java.util.Objects;

/**
 * A training or inference input: the dense embedding, the sparse lexical features, (for training) a class, and the
 * classifier text itself, from which a head with its own {@link TfIdfFeatures} computes its sparse features.
 *
 * @param text the classifier input text, or null when {@code sparse} already holds the head's own features
 */
public record Example(float[] dense, LexicalFeatures.Sparse sparse, int label, String text) {
  public Example {
    Objects.requireNonNull(dense, "dense");
    Objects.requireNonNull(sparse, "sparse");
  }

  public Example(float[] dense, LexicalFeatures.Sparse sparse, int label) {
    this(dense, sparse, label, null);
  }
}
