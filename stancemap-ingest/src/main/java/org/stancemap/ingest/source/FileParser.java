package org.stancemap.ingest.source;

import java.nio.file.Path;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Reads one kind of local file into items: one item for a text, Markdown, HTML, PDF or docx file, many for a CSV,
 * JSONL or Telegram export. Found with {@link ServiceLoader}; for one extension the parser with the
 * highest {@link #priority()} wins.
 */
public interface FileParser {
  /** Lower-case file extensions without the dot, e.g. {@code pdf}. */
  Set<String> extensions();

  /**
   * Parses {@code file}; every problem is reported to {@code sink} as a {@link SourceEvent.Failure} naming the file
   * (and the row or part), never thrown.
   */
  void parse(Path file, ImportContext context, Consumer<SourceEvent> sink);

  default int priority() {
    return 0;
  }
}
