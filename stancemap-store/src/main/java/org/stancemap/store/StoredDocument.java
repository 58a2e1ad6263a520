package org.stancemap.store;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A document as stored, with its metadata.
 *
 * @param id the store's id (stable within one database)
 * @param contentId the first 16 hex digits of the content hash: {@code Document.id}, the analysis JSON's {@code id}
 * @param contentHash SHA-256 (hex) of {@link #text()}
 * @param source the source's name
 * @param location where the text was first found
 * @param version its version number at that location (1 for the first text seen there)
 * @param previousId the document this version replaced at that location, or null
 * @param current whether some location holds this document now (false for a replaced version)
 * @param text the text, or null when the query asked for metadata only
 */
public record StoredDocument(long id, String contentId, String contentHash, String source, String location,
    int version, Long previousId, String url, String title, String author, Instant published, String language,
    String format, String externalId, String parentId, String mediaRef, Map<String, String> extra,
    List<String> notes, Instant importedAt, boolean current, String text) {
  public StoredDocument {
    extra = Map.copyOf(extra);
    notes = List.copyOf(notes);
  }
}
