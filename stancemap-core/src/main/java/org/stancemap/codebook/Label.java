package org.stancemap.codebook;

import java.util.List;
import java.util.Objects;

/**
 * A codebook label (a narrative, technique, role or stance class) with its definition and exemplar sentences.
 *
 * @param source the public taxonomy the name comes from, or null
 * @param nearMisses sentences close to the label that do not carry it (negative exemplars)
 */
public record Label(
    String id, String name, String source, String definition, List<String> exemplars, List<String> nearMisses) {
  public Label {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(definition, "definition");
    exemplars = List.copyOf(exemplars);
    nearMisses = List.copyOf(nearMisses);
  }
}
