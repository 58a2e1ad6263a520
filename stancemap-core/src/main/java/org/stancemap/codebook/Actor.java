package org.stancemap.codebook;

import java.util.List;
import java.util.Objects;

/**
 * An actor whose role a text may frame: a person, state, organisation, movement or group.
 *
 * @param target the codebook target this actor belongs to (Putin belongs to russia), or null
 */
public record Actor(String id, String name, String kind, String target, List<String> aliases) {
  public Actor {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(name, "name");
    aliases = List.copyOf(aliases);
  }
}
