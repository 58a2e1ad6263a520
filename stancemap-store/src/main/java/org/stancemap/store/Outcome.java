package org.stancemap.store;

import java.util.Locale;

/** What {@link Store#put} did with an item. */
public enum Outcome {
  /** A new text at a new location: stored. */
  IMPORTED,
  /** The location already holds exactly this text: nothing stored. */
  UNCHANGED,
  /** The text is already stored, found at another location: not stored again; the location points to it. */
  DUPLICATE,
  /** The location held another text before: stored as the next version, linked to the previous one. */
  NEW_VERSION;

  /** The lower-case id used in the database and in reports ({@code new-version}). */
  public String id() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  public static Outcome parse(String id) {
    return valueOf(id.toUpperCase(Locale.ROOT).replace('-', '_'));
  }
}
