package org.stancemap.search;

import java.time.Instant;
import java.util.Objects;

/**
 * What a search result says about the document a sentence comes from.
 *
 * @param documentId the id the index and its {@link ChangeFeed} know the document by (a replacement of the document
 *     uses the same id); not blank
 * @param title the document's title, or null
 * @param source the name of the source (a site, a feed, a channel), or null
 * @param url where the document was read from, or null
 * @param published when the document was published, or null when unknown
 * @param language ISO 639 code of the document's language ({@code und} when unknown)
 */
public record DocumentMeta(String documentId, String title, String source, String url, Instant published,
    String language) {
  public DocumentMeta {
    Objects.requireNonNull(documentId, "documentId must not be null");
    if (documentId.isBlank()) {
      throw new IllegalArgumentException("documentId must not be blank");
    }
    language = language == null || language.isBlank() ? "und" : language;
  }
}
