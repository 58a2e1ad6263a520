package org.stancemap.ask.question;

import java.util.Locale;

/** What an analyst asks for; decides how the answer is laid out (its content is always the full synthesis). */
public enum QuestionKind {
  /** No specific cue: positions with their narratives, techniques and quotes. */
  OVERVIEW,
  /** Which positions or camps exist, how texts react. */
  POSITIONS,
  /** Which narratives, arguments or talking points are used. */
  NARRATIVES,
  /** Which rhetorical or persuasion techniques are used. */
  TECHNIQUES,
  /** Who says it: sources and documents. */
  WHO,
  /** How many documents, sources or units. */
  HOW_MANY,
  /** A comparison of two or more positions. */
  COMPARE;

  /** The lower-case id used in JSON ({@code how-many}). */
  public String id() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }
}
