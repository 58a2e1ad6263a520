package org.stancemap.text;

import java.util.Locale;

/** The kinds of unit an analyst recognises on a page: the voices and parts it is made of. */
public enum UnitKind {
  /** A page title, heading or subtitle. */
  TITLE,
  /** One post of a listing or archive page: its title and teaser. */
  ENTRY,
  /** The description of an image or meme and the labels in it. */
  CAPTION,
  /** A paragraph of the main text. */
  PARAGRAPH,
  /** A reader's comment. */
  COMMENT,
  /** An interviewer's question. */
  QUESTION,
  /** An interviewee's answer. */
  ANSWER;

  /** The lower-case name used in JSON and reports. */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }
}
