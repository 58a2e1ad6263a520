package org.stancemap.ingest.source;

import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;
import org.stancemap.ingest.DocumentReader;

/**
 * What every source may use while reading.
 *
 * @param reader turns bytes into documents (decoding, HTML main text, language)
 * @param maxBytes the largest input accepted, per file or response body
 * @param allowPrivate whether URLs may point at private, loopback or link-local addresses
 * @param options source-specific options by name (CSV column mappings such as {@code text-column}), never null
 * @param alreadyImported locations already committed to the store with unchanged content; a source may skip
 *     fetching them (resume), it need not
 */
public record ImportContext(
    DocumentReader reader,
    long maxBytes,
    boolean allowPrivate,
    Map<String, String> options,
    Predicate<String> alreadyImported) {
  public ImportContext {
    Objects.requireNonNull(reader, "reader");
    options = Map.copyOf(options);
    alreadyImported = alreadyImported == null ? s -> false : alreadyImported;
  }

  public String option(String name, String fallback) {
    return options.getOrDefault(name, fallback);
  }
}
