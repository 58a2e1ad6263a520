package org.stancemap.ingest.source;

import java.util.Optional;
import java.util.ServiceLoader;

/**
 * Opens command-line arguments that are not local paths (URLs, for example). Implementations are found with
 * {@link ServiceLoader}; {@link Sources} asks them in order of {@link #priority()} (highest first).
 */
public interface SourceFactory {
  /** A source for the argument, or empty when this factory does not handle it. */
  Optional<Source> open(String argument, ImportContext context);

  default int priority() {
    return 0;
  }
}
