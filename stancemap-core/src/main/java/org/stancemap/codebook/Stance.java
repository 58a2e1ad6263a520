package org.stancemap.codebook;

import java.util.Locale;

/** Stance toward a target. {@link #NONE} is abstention: the unit is not about the target or takes no side. */
public enum Stance {
  FAVOR,
  AGAINST,
  NONE;

  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Stance parse(String s, String path) {
    for (Stance v : values()) {
      if (v.id().equals(s)) {
        return v;
      }
    }
    throw new IllegalArgumentException(path + ": expected favor, against or none, found '" + s + "'");
  }

  /** The opposite side; NONE for NONE. */
  public Stance opposite() {
    return switch (this) {
      case FAVOR -> AGAINST;
      case AGAINST -> FAVOR;
      case NONE -> NONE;
    };
  }
}
