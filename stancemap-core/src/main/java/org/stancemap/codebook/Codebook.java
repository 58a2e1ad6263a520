package org.stancemap.codebook;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A versioned codebook: the targets, narratives, techniques, roles, actors and positions Stancemap labels, each
 * with a definition and exemplar sentences. Loaded and validated by {@link CodebookLoader}.
 *
 * @param polarity target-directed polarity cues for the stance heads ({@link Polarity#NONE} when absent)
 * @param sha256 hash of the codebook file's bytes; models trained from the codebook are keyed by it
 */
public record Codebook(
    String id,
    String version,
    String language,
    String name,
    String description,
    List<Target> targets,
    List<Label> narratives,
    List<Label> techniques,
    List<Label> roles,
    List<Actor> actors,
    List<Position> positions,
    Polarity polarity,
    String sha256) {

  /** The file format this class reads and writes. */
  public static final String FORMAT = "stancemap.codebook/1";

  public Codebook {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(version, "version");
    targets = List.copyOf(targets);
    narratives = List.copyOf(narratives);
    techniques = List.copyOf(techniques);
    roles = List.copyOf(roles);
    actors = List.copyOf(actors);
    positions = List.copyOf(positions);
  }

  public Optional<Target> target(String targetId) {
    return targets.stream().filter(t -> t.id().equals(targetId)).findFirst();
  }

  public Optional<Label> narrative(String narrativeId) {
    return narratives.stream().filter(n -> n.id().equals(narrativeId)).findFirst();
  }

  public Optional<Label> technique(String techniqueId) {
    return techniques.stream().filter(n -> n.id().equals(techniqueId)).findFirst();
  }

  /** {@code id@version}, as written in provenance. */
  public String ref() {
    return id + "@" + version;
  }
}
