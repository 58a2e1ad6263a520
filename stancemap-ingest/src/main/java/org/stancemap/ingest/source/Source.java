package org.stancemap.ingest.source;

import java.util.function.Consumer;

/**
 * Something to import from: a file tree, a URL, a feed, an export file. Reading it streams events to a sink, one
 * item at a time, so that a consumer can commit each item as it comes; a failure of one part is an event, never
 * an exception, and reading goes on with the rest.
 */
public interface Source {
  /** What this source is, for progress and reports: {@code directory corpus/}, {@code feed https://…}. */
  String describe();

  /** Reads the source, handing every item and failure to {@code sink} in order. */
  void read(ImportContext context, Consumer<SourceEvent> sink);
}
