package org.stancemap.model;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The trained heads of one model, keyed by dimension ({@code stance:russia}, {@code narrative}, {@code technique},
 * {@code role}, {@code position}; a model trained on coded data may add one-vs-rest heads such as
 * {@code narrative:west-aggressor}), and where they came from. Immutable and thread-safe.
 */
public record HeadSet(String id, Map<String, Head> heads, ModelProvenance provenance) {
  public HeadSet {
    Objects.requireNonNull(id, "id");
    heads = Map.copyOf(heads);
    Objects.requireNonNull(provenance, "provenance");
  }

  public Optional<Head> head(String dimension) {
    return Optional.ofNullable(heads.get(dimension));
  }
}
