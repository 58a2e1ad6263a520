package org.stancemap.analysis;

import java.util.List;

/**
 * The role a text gives an actor.
 *
 * @param entity the actor's name as the codebook gives it
 * @param actor the codebook actor id
 * @param mention the words the text used for it
 */
public record RoleResult(String entity, String actor, String mention, String role, double score,
    List<Evidence> evidence) {
  public RoleResult {
    evidence = List.copyOf(evidence);
    if (evidence.isEmpty()) {
      throw new IllegalArgumentException("role of " + entity + " must carry evidence");
    }
  }
}
