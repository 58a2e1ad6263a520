package org.stancemap.codebook;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A stance target such as Russia, with the words that name it and exemplars for each stance.
 *
 * @param aliases words and phrases that name the target (matched case-insensitively, possessives allowed)
 * @param implied phrases that clearly imply the target without naming it ("the invaders")
 * @param opposes targets on the other side: favouring one and favouring an opposed one are contradictory claims
 * @param stances one label per stance, keyed by {@link Stance}; {@code NONE} holds the near misses
 */
public record Target(
    String id,
    String name,
    String definition,
    List<String> aliases,
    List<String> implied,
    List<String> opposes,
    Map<Stance, Label> stances) {
  public Target {
    Objects.requireNonNull(id, "id");
    aliases = List.copyOf(aliases);
    implied = List.copyOf(implied);
    opposes = List.copyOf(opposes);
    stances = Map.copyOf(stances);
  }
}
