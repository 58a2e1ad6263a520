package org.stancemap.model;

import java.util.Objects;

/** A training or inference input: the dense embedding, the sparse lexical features and (for training) a class. */
public record Example(float[] dense, LexicalFeatures.Sparse sparse, int label) {
  public Example {
    Objects.requireNonNull(dense, "dense");
    Objects.requireNonNull(sparse, "sparse");
  }
}
