package org.stancemap.ingest.source;

import org.stancemap.document.SourceItem;

/** What a source reports while it is read: an item, or a failure that names where and why. */
public sealed interface SourceEvent {
  /** Where the event comes from (see {@link SourceItem#location()}). */
  String location();

  record Item(SourceItem item) implements SourceEvent {
    @Override
    public String location() {
      return item.location();
    }
  }

  /**
   * An input or part of one that could not be imported.
   *
   * @param location the file, URL, or row it concerns
   * @param reason what is wrong, in words a user can act on
   */
  record Failure(String location, String reason) implements SourceEvent {}
}
